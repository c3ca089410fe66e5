"""Record policy of referrals (see los.core.policy).

A referral tells where the family has been sent for help, which is itself confidential: a professional on
the team sees only referrals to services an active consent names (helsepersonelloven §§ 21-22, fvl § 13 a).
A referral to a patient or user organisation names no service, so no consent covers it for a
professional: only the family, its coordinator and the coordinating unit (with a stated need to know)
see those.
"""

from los.core.access import STAFF_ROLES
from los.core.models import Role
from los.core.policy import Area, RecordPolicy, register, register_page

from .models import Referral


def may_read_directory(user) -> bool:
    """The directory of patient and user organisations is for staff of the municipality (not family
    data)."""
    return user.role in STAFF_ROLES and bool(user.municipality_id)


def may_keep_directory(user) -> bool:
    """The coordinating unit keeps the directory: adds, corrects and hides organisations."""
    return user.role == Role.CASEWORKER and bool(user.municipality_id)


def _visible(grant):
    # Guardians, coordinators and the coordinating unit: everything. Providers: covered services only
    # (`service_filter` is `service_id IN (covered)`, which a referral with no service never matches).
    return grant.service_filter("service_id")


register(
    RecordPolicy(
        model=Referral,
        record_type="referral",
        family="family_id",
        area=Area.REFERRAL,
        visible=_visible,
        select_related=("service__organisation", "organisation", "sent_by"),
    )
)
# The list of a family's referrals (page and API) is read under the referral rule.
register_page("referrals", Area.REFERRAL)
