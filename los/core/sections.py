"""Sections of the family's pages that other apps contribute (the plan, the team, the calendar...).

A page composes its sections here, from selectors that read through the record policy; a template tag
neither queries nor logs. Each app registers its sections in its own `sections.py`:

    register(Section("plans", order=40, template="plans/_family_section.html", build=plan_section))

`build(grant)` returns the section's context, or None when the section has nothing for this relation.
The page that shows them has logged one read of the family; the sections add no rows of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

STAFF = "staff"  # the staff family page
FAMILY = "family"  # the family's own page in the portal


@dataclass(frozen=True)
class Section:
    name: str
    order: int
    template: str
    build: Callable  # (grant) -> dict | None
    page: str = STAFF


_sections: list[Section] = []


def register(section: Section) -> Section:
    """Add (or replace) an app's section of a family page."""
    _sections[:] = [s for s in _sections if (s.name, s.page) != (section.name, section.page)]
    _sections.append(section)
    return section


def compose(grant, page: str = STAFF) -> list[dict]:
    """The sections of `page` for this grant, in order: [{"template": ..., **context}]."""
    shown = []
    for section in sorted((s for s in _sections if s.page == page), key=lambda s: s.order):
        context = section.build(grant)
        if context is not None:
            shown.append({"template": section.template, "name": section.name, **context})
    return shown


def autodiscover() -> None:
    """Import every installed app's `sections` module (called once the apps are ready)."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("sections")
