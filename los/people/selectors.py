"""Read queries for family pages, with their joins, so a page's query count does not grow with data.

Every list inside a family starts from the record policy (`access.visible`); nothing here logs (the page
or endpoint has logged its read through the guard)."""

from django.core.paginator import Page, Paginator
from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from los.consent.models import Consent, ConsentSignature
from los.coordinators.models import CoordinatorAssignment
from los.core import access
from los.core import policy as policy_rules
from los.core.models import AccessLogEntry, AccessReason
from los.team.models import TeamMember

from .models import Child, Family, Guardian


def family_list(families: QuerySet) -> QuerySet:
    """Families for a list page: children and current coordinator prefetched, guardians counted."""
    # A correlated count, not a join and GROUP BY: the database counts for the rows of the page only,
    # and the paginator's count stays a plain count of families.
    guardians = (
        Guardian.objects.filter(family=OuterRef("pk")).order_by().values("family").annotate(n=Count("pk"))
    )
    return (
        families.select_related("municipality")
        .annotate(guardian_count=Coalesce(Subquery(guardians.values("n")), 0))
        .prefetch_related(
            "children",
            Prefetch(
                "coordinator_assignments",
                queryset=CoordinatorAssignment.objects.current().select_related("coordinator"),
                to_attr="current_assignments",
            ),
        )
        .order_by("name", "id")
    )


def team_contacts(grant) -> QuerySet:
    """The services around the child and who to contact in each. A professional sees only the services an
    active consent names: that the child is followed by a service is itself confidential."""
    return (
        TeamMember.objects.current()
        .filter(family_id=grant.family.pk)
        .filter(grant.service_filter("service_id"))
        .select_related("professional__user", "professional__organisation", "service__organisation")
    )


def family_detail(grant) -> Family:
    """The grant's family with everything its overview page shows, as this relation may see it. Read
    once per grant: the page's sections use the same rows."""
    if "_family_detail" not in grant.__dict__:
        grant.__dict__["_family_detail"] = _family_detail(grant)
    return grant.__dict__["_family_detail"]


def _family_detail(grant) -> Family:
    # The guard has read the family row with its municipality and unit (`grant_for`); what the page
    # adds is read onto that same object.
    if not policy_rules.rule_for(Family).reaches(grant):
        raise Family.DoesNotExist
    family = grant.family
    prefetch_related_objects(
        [family],
        Prefetch("children", queryset=access.visible(grant, Child)),
        Prefetch("guardians", queryset=access.visible(grant, Guardian)),
        Prefetch("team", queryset=team_contacts(grant), to_attr="current_team"),
        Prefetch(
            "consents",
            queryset=access.visible(grant, Consent)
            .select_related("withdrawn_by")
            .prefetch_related(
                "services",
                Prefetch(
                    "signatures",
                    queryset=ConsentSignature.objects.select_related("guardian", "recorded_by"),
                ),
            )
            .order_by("-created_at", "-id"),
            to_attr="all_consents",
        ),
        Prefetch(
            "coordinator_assignments",
            queryset=CoordinatorAssignment.objects.current().select_related("coordinator"),
            to_attr="current_assignments",
        ),
    )
    return family


def reason_text(entry: AccessLogEntry) -> str:
    """Why the person had access, in plain words, from what the row stored at the time."""
    if entry.reason == AccessReason.CASEWORKER_NEED_TO_KNOW and entry.purpose:
        return _("Saksbehandler i koordinerende enhet oppga tjenstlig behov: %(purpose)s") % {
            "purpose": entry.purpose
        }
    label = AccessReason(entry.reason).label if entry.reason in AccessReason.values else entry.reason
    return str(label)[:1].upper() + str(label)[1:]


def _described(entries):
    for entry in entries:
        # Who and in which role as stored in the row when it was written: a later change of the
        # user's name or role does not rewrite the family's log.
        entry.who = entry.actor_name
        entry.role_label = entry.actor_role_label
        entry.reason_text = reason_text(entry)
    return entries


def access_log(family_id: int) -> QuerySet:
    """Every access-log row about the family, newest first (what the family may read, GDPR art. 15)."""
    return AccessLogEntry.objects.filter(family_id=family_id).order_by("-at", "-id")


def access_log_page(family_id: int, number, per_page: int) -> Page:
    """One page of the family's access log, newest first, each row described as it was stored."""
    page = Paginator(access_log(family_id), per_page).get_page(number)
    page.object_list = _described(list(page.object_list))
    return page


def recent_access(family_id: int, count: int = 5) -> list[AccessLogEntry]:
    """The latest rows of the family's access log, described as stored, for the family's own page."""
    return _described(list(access_log(family_id)[:count]))
