"""Lost updates out of N parallel saves of the same plan page, for the tests and for bench/robustness.py.

N coordinators open the plan's edit page at the same version and press «Lagre» at the same moment, each
in its own thread with its own database connection. A save is *applied* (the service returned), *refused*
(`StaleEdit`: someone saved first) or an *error* (anything else, which the tests count as a failure). A
save is *lost* when it was applied on top of another applied save its user never saw: of the applied
saves that started from the same page (the same version), all but one are lost. Before versions, all N
were "saved" and N - 1 of them lost; with versions exactly one is applied and the rest are told.

    from tests.plans.lost_updates import measure
    measure(n=50)  # {"saves": 50, "applied": 1, "refused": 49, "errors": 0, "lost": 0, ...}

`measure` needs Django set up against a migrated database (PostgreSQL for real concurrency; SQLite
serialises the writers, which also loses nothing). Without a plan it makes a small municipality with one
family and a plan of its own (the same builders as the tests).
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from html.parser import HTMLParser

from django.db import connections

APPLIED, REFUSED, ERROR = "applied", "refused", "error"


def race(
    n: int, save: Callable[[int], object], *, refusals: tuple = (), timeout: float = 120.0
) -> list[tuple[str, object]]:
    """Run `save(i)` for i in 0..n-1 in n threads released together; each thread uses (and closes) its
    own database connection. Returns (outcome, detail) per save: APPLIED with what `save` returned,
    REFUSED with the message (`StaleEdit`, or one of `refusals`), or ERROR with the exception."""
    from los.core.versions import StaleEdit

    refused_by = (StaleEdit, *refusals)

    barrier = threading.Barrier(n)
    results: list[tuple[str, object]] = [(ERROR, "did not run")] * n

    def run(i: int) -> None:
        try:
            barrier.wait(timeout)
            results[i] = (APPLIED, save(i))
        except refused_by as refusal:
            results[i] = (REFUSED, refusal.message)
        except Exception as error:  # counted, and shown by the tests
            results[i] = (ERROR, repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,), name=f"save-{i}") for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return results


def lost(opened: list[int | None], results: list[tuple[str, object]]) -> int:
    """Applied saves made on top of another applied save their user never saw: per version the pages
    opened at, every applied save but one."""
    applied = Counter(
        seen for seen, (outcome, _detail) in zip(opened, results, strict=True) if outcome == APPLIED
    )
    return sum(count - 1 for count in applied.values())


def make_world():
    """A municipality of its own with a family, a coordinator and a plan; returns (tenant, plan)."""
    from los.core.models import Municipality
    from tests.factories import make_tenant
    from tests.plans.helpers import make_plan

    taken = set(Municipality.objects.values_list("number", flat=True))
    number = next(f"{n:04d}" for n in random.sample(range(9000, 10000), 1000) if f"{n:04d}" not in taken)
    tenant = make_tenant(f"Samtidig{number}", number)
    return tenant, make_plan(tenant)


def measure(n: int = 50, *, plan=None, user=None, check_versions: bool = True) -> dict:
    """Save the plan's working version from n pages opened at the same version, all at once, and count
    what happened. `check_versions=False` saves as Los did before versions (the page's version is not
    sent and the row is written as it is read), for the "before" figure."""
    from los.plans.models import PlanVersion
    from los.plans.services import plan as plan_services

    if plan is None:
        tenant, plan = make_world()
        user = tenant.coordinator
    version = plan_services.working_version(plan)
    opened = version.lock_version

    def save(i: int):
        text = f"Lagret fra side {i}"
        if check_versions:
            return plan_services.update_version(
                version, user, lock_version=opened, resources=text
            ).lock_version
        # Before: read the row, change it, write it back; nobody compares anything.
        return PlanVersion.objects.filter(pk=version.pk).update(resources=text)

    started = time.perf_counter()
    results = race(n, save)
    seconds = time.perf_counter() - started
    version.refresh_from_db()
    outcomes = Counter(outcome for outcome, _detail in results)
    applied = outcomes[APPLIED]
    return {
        "saves": n,
        "applied": applied,
        "refused": outcomes[REFUSED],
        "errors": outcomes[ERROR],
        "lost": lost([opened] * n, results),
        "version_before": opened,
        "version_after": version.lock_version,
        "consistent": (version.lock_version == opened + applied) if check_versions else None,
        "seconds": round(seconds, 3),
        "check_versions": check_versions,
        "error_examples": [detail for outcome, detail in results if outcome == ERROR][:3],
    }


class _Forms(HTMLParser):
    """The post forms of a page and what each would send as it stands (text, hidden, checked boxes,
    selected options, textareas)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"_action": a.get("action") or ""})
        elif not self.forms:
            return
        elif tag == "input" and a.get("name") and a.get("type") not in ("submit", "button"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.forms[-1].setdefault(a["name"], []).append(a.get("value", "on"))
            else:
                self.forms[-1][a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.forms[-1][self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a.get("name")
            self.forms[-1][self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.forms[-1][self._textarea] += data


def page_form(html: str, action: str = "") -> dict:
    """What the page's form would post unchanged: the first post form whose action ends with `action`
    (the form posting to the page itself when empty), without the CSRF token."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        if form["_action"] == action or (action and form["_action"].endswith(action)):
            return {k: v for k, v in form.items() if k not in ("_action", "csrfmiddlewaretoken")}
    raise AssertionError(f"no form posting to {action!r} on the page")


def open_page(client, url) -> dict:
    """GET `url` (200) and return what its form would post unchanged."""
    response = client.get(url)
    assert response.status_code == 200, url
    return page_form(response.content.decode())


def second_coordinator(t):
    """A coordinator taking over the tenant's family: for a month both coordinate it (a handover)."""
    import datetime

    from django.utils import timezone

    from los.coordinators.models import CoordinatorAssignment
    from los.core.models import Role
    from los.people.models import Professional
    from tests.factories import make_user

    user = make_user(f"{t.municipality.number}overtar", Role.COORDINATOR, t.municipality, last_name="Berg")
    Professional.objects.create(user=user, organisation=t.physio.organisation, profession="koordinator")
    handover = timezone.localdate() + datetime.timedelta(days=30)
    CoordinatorAssignment.objects.filter(family=t.family).update(ends_on=handover)
    CoordinatorAssignment.objects.create(family=t.family, coordinator=user, kind="child_coordinator")
    return user
