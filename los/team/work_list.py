"""«Mine oppgaver»: every staff user's own open work, gathered from the apps that own it.

What a user finds here depends on what they do, not on a role check alone:

* action items they are responsible for (overdue first), in families they reach through a relation
  that sees their own items (the team's record policy: the coordinator, a professional on the team);
* booking requests to their services that wait for their answer (helsepersonelloven §§ 21-22: only while
  an active consent covers the service, as the calendar's record policy says);
* counter-proposals from a service that wait for the coordinator of the family;
* consents to chase in the families they coordinate: none in force, one waiting for a signature, or the
  one in force ending soon with nothing after it (helsepersonelloven § 22, forvaltningsloven § 13 a);
* for the coordinating unit: applications with a deadline (interim reply, decision), decisions that wait
  for a coordinator to be appointed, and complaints; the stages and deadlines are the casework's own
  (`casework.selectors.case_row`, `casework.deadlines`).

Each row names the family and child only from families the access policy lets the user see
(`access.visible_families`); the view logs those families as a list read. Every gatherer asks for all the
user's families at once, so a page costs the same number of queries for one family as for a hundred.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from los.calendar import selectors as calendar
from los.calendar.models import BookingRequest, RequestState
from los.calendar.services.booking import child_of, request_label
from los.consent.models import Consent
from los.coordinators.models import CoordinatorAssignment
from los.core import access, dates
from los.core.models import AccessReason, Role
from los.notifications.about import child_label

from .models import ActionItem, ActionItemStatus

#: Rows shown per group on the page; the rest behind «Se alle».
GROUP_LIMIT = 8

#: A consent ending within this many days, with nothing after it, is to be renewed.
CONSENT_ENDING_DAYS = 30

# Relations that see the user's own action items and the calendar of the family without a stated need
# to know (the team's and the calendar's record policies; a caseworker reaches them only with one).
_TEAM_RELATIONS = (AccessReason.COORDINATOR, AccessReason.TEAM_WITH_CONSENT)


@dataclass
class WorkRow:
    """One thing to do: what, for which family and child, by when, and where it is done."""

    text: str
    url: str
    family_id: int | None = None
    family_name: str = ""
    child: str = ""
    due: datetime.date | None = None
    late: bool = False
    detail: str = ""


@dataclass
class WorkGroup:
    """One kind of work, with all its rows (the page shows the first `GROUP_LIMIT`)."""

    key: str
    heading: str
    rows: list[WorkRow] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def shown(self) -> list[WorkRow]:
        return self.rows[:GROUP_LIMIT]

    @property
    def more(self) -> bool:
        return len(self.rows) > GROUP_LIMIT

    @property
    def late_count(self) -> int:
        return sum(1 for r in self.rows if r.late)


# --- Shared helpers -----------------------------------------------------------------------------------


@dataclass
class Reach:
    """The user's families for this page, from the access policy once per request: `visible` (the
    policy's queryset, for the coordinating unit's cases) and `families`, the families the user reaches
    through a relation that sees their own work (`_TEAM_RELATIONS`), fetched once with their
    `access_reason` and what `consents_to_chase` needs to know about their consents."""

    visible: QuerySet
    families: dict[int, object]
    requests: dict[str, list] | None = None  # the booking requests of both groups, once fetched

    def reached_as(self, *reasons: str) -> list:
        return [f for f in self.families.values() if f.access_reason in reasons]


def _team_families(visible: QuerySet, today: datetime.date) -> dict[int, object]:
    """The visible families the user reaches as coordinator or professional on the team, each with the
    facts about its consents that tell the coordinator what to chase: one query, driven by the user's
    own assignments and team places (`visible_families`), whatever the size of the municipality."""
    consents = Consent.objects.filter(family_id=OuterRef("pk"))
    in_force = Consent.objects.active_on(today).filter(family_id=OuterRef("pk"))
    horizon = today + datetime.timedelta(days=CONSENT_ENDING_DAYS)
    families = (
        visible.filter(access_reason__in=_TEAM_RELATIONS)
        .annotate(
            has_active=Exists(in_force),
            lasting=Exists(in_force.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=horizon))),
            ending_on=Subquery(
                in_force.filter(ends_on__isnull=False, ends_on__lte=horizon)
                .order_by("-ends_on")
                .values("ends_on")[:1]
            ),
            waiting=Exists(consents.filter(effective_at__isnull=True, withdrawn_at__isnull=True)),
            ever=Exists(consents.filter(effective_at__isnull=False)),
            coming=Exists(
                consents.filter(effective_at__isnull=False, withdrawn_at__isnull=True, starts_on__gt=today)
            ),
        )
        .order_by("name", "pk")
    )
    return {f.pk: f for f in families}


def _when(moment: datetime.datetime) -> str:
    local = dates.local(moment)
    return _("%(day)s kl. %(time)s") % {"day": dates.long_date(local.date()), "time": f"{local:%H.%M}"}


# --- Action items -----------------------------------------------------------------------------------


def action_items(user, reach: Reach, today: datetime.date) -> list[WorkRow]:
    """Open action items the user is responsible for, late ones first, then by due date. Only in families
    where the user's relation sees their own items (the coordinator; a professional on the team)."""
    if not reach.families:
        return []
    items = (
        ActionItem.objects.filter(
            responsible=user, status=ActionItemStatus.OPEN, family_id__in=list(reach.families)
        )
        .select_related("child")
        .order_by("due_on", "id")
    )
    # Overdue first (oldest due date first), then the rest by due date: the query's order already is.
    return [
        WorkRow(
            text=item.title,
            url=reverse("team:action_item", args=[item.pk]),
            family_id=item.family_id,
            family_name=reach.families[item.family_id].name,
            child=child_label(item.child) if item.child_id else str(_("Hele familien")),
            due=item.due_on,
            late=item.due_on < today,
            detail=(
                _("%(n)d dager forsinket") % {"n": (today - item.due_on).days} if item.due_on < today else ""
            ),
        )
        for item in items
    ]


# --- Booking requests and counter-proposals --------------------------------------------------------


#: What a request row shows: the child (the appointment's, else its need's) and the service.
_REQUEST_ROW = ("appointment__child", "appointment__need__child", "service")


def _open_requests(user, reach: Reach, today: datetime.date) -> dict[str, list]:
    """The booking requests of both groups in one query: pending requests to the user's services in the
    families where they are on the team, and counter-proposals in the families they coordinate; each only
    while an active consent covers its service (the calendar's record policy). The two parts are a
    UNION ALL, so that each is read from the appointments of the user's own families."""
    if reach.requests is not None:
        return reach.requests
    by_state: dict[str, list] = {RequestState.PENDING: [], RequestState.COUNTER: []}
    families = list(reach.families.values())
    if families:
        found = (
            calendar.requests_to_services(user, families, today, states=[RequestState.PENDING])
            .select_related(*_REQUEST_ROW)
            .order_by()
        )
        if reach.reached_as(AccessReason.COORDINATOR):
            counters = _counters(families, today).select_related(*_REQUEST_ROW).order_by()
            found = found.union(counters, all=True)
        for r in found:
            by_state[r.state].append(r)
    by_state[RequestState.PENDING].sort(key=lambda r: (r.appointment.starts_at, r.pk))
    by_state[RequestState.COUNTER].sort(key=lambda r: (r.counter_starts_at, r.pk))
    reach.requests = by_state
    return by_state


def requests_to_answer(user, reach: Reach, today: datetime.date) -> list[WorkRow]:
    """Booking requests to the user's services that wait for their answer: to a service the user works
    in, in a family where they are on the team, and only while an active consent covers the service
    (the calendar's record policy for a professional)."""
    rows = []
    for r in _open_requests(user, reach, today)[RequestState.PENDING]:
        child = child_of(r.appointment)
        rows.append(
            WorkRow(
                text=_("%(what)s, %(when)s")
                % {"what": request_label(r), "when": _when(r.appointment.starts_at)},
                url=reverse("calendar:requests"),
                family_id=r.appointment.family_id,
                family_name=reach.families[r.appointment.family_id].name,
                child=child_label(child) if child else str(_("Hele familien")),
                due=dates.local(r.appointment.starts_at).date(),
                detail=_("Bekreft eller foreslå en annen tid"),
            )
        )
    return rows


def _counters(families, today: datetime.date) -> QuerySet:
    """Counter-proposals in the families (from the access policy, with `access_reason`) the user
    coordinates, to services an active consent covers (the calendar's record policy)."""
    if isinstance(families, QuerySet):
        coordinated = families.filter(access_reason=AccessReason.COORDINATOR).values("pk")
    else:
        coordinated = [f.pk for f in families if f.access_reason == AccessReason.COORDINATOR]
    return BookingRequest.objects.filter(
        state=RequestState.COUNTER, appointment__family_id__in=coordinated
    ).filter(calendar.consent_covers_request(today))


def waiting_counters(user, families=None, today: datetime.date | None = None) -> QuerySet:
    """Counter-proposals from services that wait for this coordinator: in the families they coordinate,
    to services an active consent covers (the calendar's record policy). One query. `families`: the
    user's families from the access policy (with `access_reason`), when the caller has them."""
    today = today or dates.today()
    families = access.visible_families(user, today) if families is None else families
    return (
        _counters(families, today)
        .select_related(
            "appointment__family", "appointment__child", "appointment__need__child", "service", "answered_by"
        )
        .order_by("counter_starts_at", "id")
    )


def counter_proposals(user, reach: Reach, today: datetime.date) -> list[WorkRow]:
    """The counter-proposals waiting for the coordinator, as rows."""
    rows = []
    for r in _open_requests(user, reach, today)[RequestState.COUNTER]:
        child = child_of(r.appointment)
        rows.append(
            WorkRow(
                text=_("%(what)s: foreslått %(when)s")
                % {"what": request_label(r), "when": _when(r.counter_starts_at)},
                url=reverse("calendar:requests"),
                family_id=r.appointment.family_id,
                family_name=reach.families[r.appointment.family_id].name,
                child=child_label(child) if child else str(_("Hele familien")),
                due=dates.local(r.counter_starts_at).date(),
                detail=_("Du ba om %(when)s") % {"when": _when(r.appointment.starts_at)},
            )
        )
    return rows


# --- Consents to chase ----------------------------------------------------------------------------


def consents_to_chase(user, reach: Reach, today: datetime.date) -> list[WorkRow]:
    """The families the user coordinates whose consent needs the coordinator: none in force and none on
    its way; one given by some but not all who must sign; or the one in force ending within
    `CONSENT_ENDING_DAYS` days with no consent after it. Missing consents first, then those waiting for a
    signature, then those ending soonest. No query of its own: the facts come with the families."""
    missing, waiting, ending_soon = [], [], []
    for f in reach.reached_as(AccessReason.COORDINATOR):
        url = reverse("people:family", args=[f.pk]) + "#consents-heading"
        if f.waiting:
            waiting.append(
                WorkRow(
                    _("Samtykket venter på underskrift"),
                    url,
                    f.pk,
                    f.name,
                    detail=_("Se hvem som mangler, og hvordan de kan gi det"),
                )
            )
        elif not f.has_active and not f.coming:
            missing.append(
                WorkRow(
                    _("Ingen samtykke gjelder nå") if f.ever else _("Familien har ikke gitt samtykke"),
                    reverse("people:consent_register", args=[f.pk]),
                    f.pk,
                    f.name,
                    detail=(
                        _("Det forrige samtykket er utløpt eller trukket tilbake")
                        if f.ever
                        else _("Ingen tjeneste kan få opplysninger før familien samtykker")
                    ),
                )
            )
        elif f.has_active and not f.lasting and not f.coming:
            end = f.ending_on
            ending_soon.append(
                WorkRow(
                    _("Samtykket utløper snart"),
                    url,
                    f.pk,
                    f.name,
                    due=end,
                    detail=_("Gjelder til %(day)s") % {"day": dates.long_date(end)} if end else "",
                )
            )
    ending_soon.sort(key=lambda r: (r.due or datetime.date.max, r.family_name))
    return [*missing, *waiting, *ending_soon]


# --- Cases with deadlines (the coordinating unit) --------------------------------------------------


def cases_with_deadlines(user, reach: Reach, today: datetime.date) -> list[WorkRow]:
    """For a caseworker: open applications with their next deadline (the interim reply, else the
    decision), granted applications waiting for a coordinator to be appointed, and complaints to handle.
    Stages and deadlines come from the casework (`case_row`); a fixed number of queries."""
    if user.role != Role.CASEWORKER:
        return []
    from los.casework import selectors as casework
    from los.casework.models import ComplaintState, Decision, DecisionRight, Outcome, Right

    families = reach.visible.filter(access_reason=AccessReason.CASEWORKER)
    rows: list[WorkRow] = []
    for application in casework.case_list(families, "open"):
        case = casework.case_row(application, today)
        child = application.child if application.child_id else None
        if case.interim_reply_sent_on is None:
            text, due, url = (
                _("Send foreløpig svar"),
                case.interim_due,
                reverse("casework:interim_reply", args=[application.pk]),
            )
        else:
            text, due, url = (
                _("Fatt vedtak"),
                case.answer_expected_by,
                reverse("casework:application", args=[application.pk]),
            )
        rows.append(
            WorkRow(
                text,
                url,
                application.family_id,
                application.family.name,
                child_label(child) if child else "",
                due=due,
                late=bool(due and due < today),
                detail=str(case.stage_label),
            )
        )
    has_coordinator = Exists(
        CoordinatorAssignment.objects.filter(application=OuterRef("pk"), ends_on__isnull=True)
    )
    # A decided case waits for an appointment when its decision in force (the newest one no other decision
    # replaces, as `case_row` takes it) grants a right to a coordinator and no coordinator is appointed
    # for it (`case_row`'s `awaiting_appointment`). Asked in the database, so that the municipality's other
    # decided cases, and the relations `case_row` would read for them, stay unread.
    in_force = (
        Decision.objects.filter(application=OuterRef("pk"))
        .exclude(Exists(Decision.objects.filter(replaces=OuterRef("pk"))))
        .order_by("-created_at", "-id")
    )
    grants_coordinator = Exists(
        DecisionRight.objects.filter(
            decision_id=OuterRef("decision_in_force"),
            right__in=[Right.COORDINATOR, Right.CHILD_COORDINATOR],
            outcome__in=[Outcome.GRANTED, Outcome.PARTLY],
        )
    )
    decided = (
        casework.case_list(families, "decided")
        .prefetch_related(None)
        .exclude(has_coordinator)
        .annotate(
            decision_in_force=Subquery(in_force.values("pk")[:1]),
            decided_on=Subquery(in_force.values("decided_on")[:1]),
        )
        # Tested per row, not as a filter: as a filter the planner joins every decision in the database.
        .annotate(grants_coordinator=grants_coordinator)
    )
    for application in decided:
        if not application.grants_coordinator:
            continue
        child = application.child if application.child_id else None
        rows.append(
            WorkRow(
                _("Oppnevn koordinator"),
                reverse("coordinators:appoint", args=[application.pk]),
                application.family_id,
                application.family.name,
                child_label(child) if child else "",
                due=application.decided_on,
                detail=_("Vedtaket gir rett til koordinator"),
            )
        )
    complaints = (
        casework.open_complaints(families)
        .filter(state__in=[ComplaintState.RECEIVED, ComplaintState.RECONSIDERING])
        .select_related("decision__application__child")
    )
    for complaint in complaints:
        application = complaint.decision.application
        child = application.child if application.child_id else None
        rows.append(
            WorkRow(
                _("Behandle klage"),
                reverse("casework:complaint", args=[complaint.pk]),
                application.family_id,
                application.family.name,
                child_label(child) if child else "",
                due=complaint.received_on,
                detail=_("Mottatt %(day)s") % {"day": dates.long_date(complaint.received_on)},
            )
        )
    rows.sort(key=lambda r: (not r.late, r.due or datetime.date.max, r.family_name))
    return rows


# --- The whole list ---------------------------------------------------------------------------------

Gatherer = Callable[[object, Reach, datetime.date], list[WorkRow]]

#: key -> (heading, gatherer, the roles whose page shows the group even when it is empty). Every staff
#: user gathers every kind, since the work follows the relation, not the role (a professional may also
#: coordinate a family); a group outside the user's usual work shows only when something waits in it.
GROUPS: dict[str, tuple[str, Gatherer, tuple[str, ...]]] = {
    "oppgaver": (
        gettext_lazy("Oppgaver du har ansvar for"),
        action_items,
        (Role.COORDINATOR, Role.PROVIDER),
    ),
    "saker": (gettext_lazy("Saker med frist"), cases_with_deadlines, (Role.CASEWORKER,)),
    "foresporsler": (
        gettext_lazy("Bookingforespørsler å svare på"),
        requests_to_answer,
        (Role.PROVIDER,),
    ),
    "motforslag": (
        gettext_lazy("Forslag fra tjenester som venter på ditt svar"),
        counter_proposals,
        (Role.COORDINATOR,),
    ),
    "samtykker": (gettext_lazy("Samtykker å følge opp"), consents_to_chase, (Role.COORDINATOR,)),
}

#: Staff roles that have a work list.
WORK_ROLES = (Role.COORDINATOR, Role.PROVIDER, Role.CASEWORKER)


def has_work_list(user) -> bool:
    """Whether the user has «Mine oppgaver» (staff who may be given work)."""
    return getattr(user, "is_authenticated", False) and user.role in WORK_ROLES


def work_list(
    user, today: datetime.date | None = None, only: str | None = None, reach: Reach | None = None
) -> list[WorkGroup]:
    """The user's open work, grouped by kind (the groups of their usual work and any other with rows; or
    `only` that one, even when empty). Families are named only from `access.visible_families`, asked
    once for the whole page (`reach`); a fixed number of queries whatever the number of families."""
    today = today or dates.today()
    reach = reach or reach_of(user, today)
    groups = []
    for key, (heading, gather, usual) in GROUPS.items():
        if only is not None and key != only:
            continue
        rows = gather(user, reach, today)
        if rows or user.role in usual or only is not None:
            groups.append(WorkGroup(key, str(heading), rows))
    return groups


def reach_of(user, today: datetime.date | None = None) -> Reach:
    """The user's families for the page, from the access policy: one query."""
    today = today or dates.today()
    visible = access.visible_families(user, today)
    return Reach(visible, _team_families(visible, today))


def families_named(
    user, groups: list[WorkGroup], today: datetime.date | None = None, all_rows=False, reach=None, rows=None
) -> list:
    """The families the page names (the shown rows, all rows, or `rows`), each with the relation that lets
    the user see it, for the access log. The families already fetched for the page (`reach`) cost no
    query; any other (the coordinating unit's cases) one query through `access.families_among`."""
    if rows is None:
        rows = [r for g in groups for r in (g.rows if all_rows else g.shown)]
    ids = {r.family_id for r in rows if r.family_id}
    if not ids:
        return []
    known = reach.families if reach is not None else {}
    found = [known[pk] for pk in ids if pk in known]
    rest = ids - set(known)
    if rest:
        found += list(access.families_among(user, rest, today))
    return sorted(found, key=lambda f: f.pk)
