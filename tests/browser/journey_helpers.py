"""Helpers for the role journeys in the browser (test_journeys_in_browser.py).

A journey is one person's real work from the login page to done. Every page it visits is checked the same
way, by `visit_checked`: the answer is not an error, axe-core finds no WCAG 2.1 A/AA violation, and at
360 px width nothing makes the page scroll sideways. Problems are collected, not raised at once, so one
bad page does not hide the rest of the journey; `Journey.finish()` fails the test with every problem,
naming the page (URL), the role and the violation, so the owner of that page can fix it.

Steps name what a person sees (roles, labels, headings), never CSS paths, so they survive a new look.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

from .conftest import axe_violations

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}

# What makes a page wider than the viewport: the outermost elements that stick out on the right.
_WIDE_ELEMENTS = """() => {
    const limit = window.innerWidth;
    const wide = [];
    for (const el of document.body.querySelectorAll('*')) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.right <= limit + 0.5) continue;
        if (el.parentElement && wide.some(w => w.contains(el))) continue;
        wide.push(el);
    }
    return wide.slice(0, 5).map(el => {
        const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
            + (el.className && typeof el.className === 'string'
               ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
        const text = (el.innerText || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
        return `${name} (right edge ${Math.round(el.getBoundingClientRect().right)} px) «${text}»`;
    });
}"""


@dataclass
class Journey:
    """One role's walk through Los: the page it drives and everything found wrong on the way."""

    page: object
    role: str
    base_url: str
    narrow_check: bool = True  # also lay the page out at 360 px and check it does not scroll sideways
    problems: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)

    # -- checks -------------------------------------------------------------------------------------------
    def _where(self) -> str:
        parts = urlsplit(self.page.url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def check_page(self) -> None:
        """axe-core and the 360 px width check on the page as it is now."""
        where = self._where()
        self.visited.append(where)
        size = self.page.viewport_size
        for violation in axe_violations(self.page):
            self.problems.append(
                f"{self.role} {where} at {size['width']} px: axe {violation['id']} "
                f"({violation['help']}) on {violation['nodes']}"
            )
        if self.narrow_check:
            self._check_width(where)

    def _check_width(self, where: str) -> None:
        size = self.page.viewport_size
        narrow = size["width"] != PHONE["width"]
        if narrow:
            self.page.set_viewport_size(PHONE)
        try:
            scroll_width, inner_width = self.page.evaluate(
                "[document.documentElement.scrollWidth, window.innerWidth]"
            )
            if scroll_width > inner_width:
                self.problems.append(
                    f"{self.role} {where} at 360 px: page is {scroll_width} px wide and scrolls sideways; "
                    f"sticking out: {self.page.evaluate(_WIDE_ELEMENTS)}"
                )
        finally:
            if narrow:
                self.page.set_viewport_size(size)

    # -- steps --------------------------------------------------------------------------------------------
    def visit(self, url_or_action, expect_status: int = 200):
        """Go to a URL (a path on the live server) or do an action that loads a new page (click a link or
        submit a form), then check the page. Returns the response."""
        if callable(url_or_action):
            with self.page.expect_navigation() as navigation:
                url_or_action()
            response = navigation.value
        else:
            url = url_or_action if "://" in url_or_action else self.base_url + url_or_action
            response = self.page.goto(url)
        status = response.status if response is not None else None
        if status != expect_status:
            self.problems.append(f"{self.role} {self._where()}: answered {status}, expected {expect_status}")
        self.check_page()
        return response

    def waiting_for(self, what: str) -> None:
        """A step that cannot be done until another part of the issue is in place. The journey goes on;
        the test is reported as skipped with this reason unless something else fails."""
        self.waiting.append(what)

    def finish(self) -> None:
        """Fail with every problem found on the way; skip naming the steps still waiting; else pass."""
        print(f"{self.role}: {len(self.visited)} pages checked: {', '.join(self.visited)}")
        assert not self.problems, (
            f"{len(self.problems)} problem(s) on the {self.role}'s journey:\n" + "\n".join(self.problems)
        )
        if self.waiting:
            pytest.skip("waiting for " + "; ".join(self.waiting))


def visit_checked(page, url_or_action, expect_status: int = 200):
    """Visit a URL or do a navigating action on a journey's page, and check the page that loads."""
    return page.los_journey.visit(url_or_action, expect_status=expect_status)


def start_journey(browser, base_url: str, role: str, username: str, password: str, viewport=DESKTOP):
    """Open a fresh browser context, check the login page, log in and check the start page.
    Returns the Playwright page; its journey is `page.los_journey`."""
    context = browser.new_context(viewport=dict(viewport), locale="nb-NO")
    page = context.new_page()
    page.los_journey = Journey(page=page, role=role, base_url=base_url)
    visit_checked(page, "/logg-inn/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(password)
    visit_checked(page, lambda: page.get_by_role("button", name="Logg inn").click())
    return page


def main_menu(page):
    """The main navigation in the header (opened first where a phone folds it behind «Meny»)."""
    menu = page.get_by_role("navigation", name="Hovedmeny")
    toggle = page.get_by_role("button", name="Meny")
    if not menu.is_visible() and toggle.count() and toggle.first.is_visible():
        toggle.first.click()
    return menu


def status_message(page):
    """The confirmation or notice Los shows after an action (role=status)."""
    return page.get_by_role("status")
