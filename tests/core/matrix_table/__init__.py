"""The access matrix's table: for every page and endpoint, who may GET and who may POST.

The table is the record policy as the families and the municipality expect it (hol § 7-3, hpl § 21 a,
Normen). It is kept by area (people.py, casework.py, plans.py, team.py, calendar.py, api.py); `ROUTES`
joins the page tables and `API` is the JSON API's. tests/core/test_access_matrix.py checks that every
URL name and every API operation has exactly one entry here.
"""

from __future__ import annotations

from . import calendar, casework, fhir, messaging, people, plans, team
from .api import API
from .rows import CO, CW, GU, POST_ONLY, PR, Route


def _join(*tables: dict[str, Route]) -> dict[str, Route]:
    """One table of the areas' tables; a URL name in two areas is a mistake in the table."""
    joined: dict[str, Route] = {}
    for table in tables:
        twice = sorted(set(joined) & set(table))
        assert not twice, f"in the access matrix twice: {twice}"
        joined.update(table)
    return joined


ROUTES = _join(
    people.ROUTES, casework.ROUTES, plans.ROUTES, team.ROUTES, calendar.ROUTES, fhir.ROUTES, messaging.ROUTES
)
NOT_FAMILY_DATA = {"login", "logout", "set_language"}

# Valid forms for the main changing pages: a refused actor sends it (and must change nothing), an allowed
# actor sends it after the empty form (and the change must be in the access log, with the right reason).
WEB_BODIES = _join(people.BODIES, plans.BODIES, team.BODIES, calendar.BODIES)
for _name, _body in WEB_BODIES.items():
    ROUTES[_name].body = _body

__all__ = ["API", "CO", "CW", "GU", "NOT_FAMILY_DATA", "POST_ONLY", "PR", "ROUTES", "WEB_BODIES", "Route"]
