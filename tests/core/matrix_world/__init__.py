"""The world the access matrix runs in: two municipalities, every actor, one record of each kind.

Built once per test (pytest-django rolls the test back); each request of the matrix then runs inside its
own savepoint, so a change one actor makes never reaches the next. The consent of the family is put in
each state in turn (`World.consent_state`) for the provider actors.

- states.py: the actors and the consent states;
- world.py: the tenants, the people and the consent states (`World`);
- case_records.py, team_records.py, calendar_records.py: the family's records, built on demand, once;
  where a builder of tests/<app>/helpers.py makes exactly the record the matrix needs, it is used;
- savepoints.py, families.py, fingerprint.py, post_views.py: what the matrix checks with.
"""

from .families import EXEMPT, family_models, family_tables, forward_relations, is_historical, path_to_family
from .fingerprint import changed_tables, fingerprint
from .post_views import view_takes_post
from .savepoints import rolled_back
from .states import (
    ACTIVE,
    ACTIVE_PLAN,
    ACTORS,
    BASE_STATE,
    CONSENT_STATES,
    EXPIRED,
    NONE,
    PENDING,
    PLAN_STATES,
    PROVIDER_ACTORS,
    REACHING_STATES,
    WITHDRAWN,
)
from .world import World

__all__ = [
    "ACTIVE",
    "ACTIVE_PLAN",
    "ACTORS",
    "BASE_STATE",
    "CONSENT_STATES",
    "EXEMPT",
    "EXPIRED",
    "NONE",
    "PENDING",
    "PLAN_STATES",
    "PROVIDER_ACTORS",
    "REACHING_STATES",
    "WITHDRAWN",
    "World",
    "changed_tables",
    "family_models",
    "family_tables",
    "fingerprint",
    "forward_relations",
    "is_historical",
    "path_to_family",
    "rolled_back",
    "view_takes_post",
]
