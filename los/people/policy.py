"""Record policy of the family register: the family, its children and guardians (see los.core.policy),
and who works with the register as a whole."""

from django.db.models import Q

from los.core.access import STAFF_ROLES
from los.core.models import Role
from los.core.policy import Area, RecordPolicy, register

from .models import Child, Family, Guardian


def has_worklist(user) -> bool:
    """Staff (caseworkers, coordinators, professionals) start from a list of the families they reach."""
    return user.role in STAFF_ROLES


def may_register_family(user) -> bool:
    """The coordinating unit registers families, in its own municipality (helse- og
    omsorgstjenesteloven § 7-3)."""
    return user.role == Role.CASEWORKER and bool(user.municipality_id)


register(RecordPolicy(model=Family, record_type="family", family="pk", area=Area.REGISTRATION))
register(RecordPolicy(model=Child, record_type="child", family="family_id", area=Area.REGISTRATION))
register(
    RecordPolicy(
        model=Guardian,
        record_type="guardian",
        family="family_id",
        area=Area.REGISTRATION,
        visible=lambda grant: Q(),
    )
)
