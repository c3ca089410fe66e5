"""Read queries for the case pages, with their joins, so a page's query count does not grow with data."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.utils.translation import gettext_lazy as _

from los.coordinators.models import ChangeRequestState, CoordinatorAssignment
from los.coordinators.selectors import change_requests, current_assignment, open_change_requests
from los.core import access, dates
from los.core.models import Role
from los.people.models import Child

from . import deadlines, eligibility
from .models import (
    Application,
    ApplicationDocument,
    ApplicationStatus,
    Complaint,
    ComplaintState,
    Decision,
    DecisionRight,
    EligibilityAssessment,
    InterimReply,
    Outcome,
    Right,
)
from .outcomes import KIND_OF_RIGHT

# stage code -> (label, Designsystemet colour)
STAGES = {
    "new": (_("Ny"), "info"),
    "assessing": (_("Under vurdering"), "info"),
    "granted": (_("Innvilget"), "success"),
    "partly": (_("Delvis innvilget"), "success"),
    "refused": (_("Avslått"), "neutral"),
    "withdrawn": (_("Trukket"), "neutral"),
    "complaint_open": (_("Klage til ny vurdering"), "warning"),
    "complaint_forwarded": (_("Klage sendt til Statsforvalteren"), "neutral"),
}

OPEN_STATUSES = [ApplicationStatus.RECEIVED, ApplicationStatus.ASSESSING]
FILTERS = {
    "open": (_("Venter på vedtak"), Q(status__in=OPEN_STATUSES)),
    "decided": (_("Avgjort"), Q(status=ApplicationStatus.DECIDED)),
    "all": (_("Alle"), Q()),
}
# What the worklist shows unless asked for more: the applications that wait for a decision (an index scan
# of the open applications, however many closed ones the years have left behind).
DEFAULT_FILTER = "open"


@dataclass
class CaseRow:
    """One application as the worklist and the family see it."""

    application: Application
    stage: str
    decision: Decision | None
    interim_due: datetime.date
    interim_reply_sent_on: datetime.date | None
    answer_expected_by: datetime.date | None
    days_left: int | None
    interim_overdue: bool
    awaiting_appointment: bool
    complaint: Complaint | None
    appointed: CoordinatorAssignment | None = None  # the open assignment for this case, once appointed

    @property
    def stage_label(self):
        return STAGES[self.stage][0]

    @property
    def stage_color(self):
        return STAGES[self.stage][1]

    @property
    def days_over(self) -> int:
        return -(self.days_left or 0)

    @property
    def is_open(self) -> bool:
        return self.application.status in (ApplicationStatus.RECEIVED, ApplicationStatus.ASSESSING)


def with_case_relations(applications: QuerySet) -> QuerySet:
    """Prefetch what `case_row` reads: one query per relation, whatever the number of applications."""
    return applications.select_related("family", "child").prefetch_related(
        "interim_replies",
        Prefetch(
            "decisions",
            queryset=Decision.objects.defer("letter_pdf")
            .select_related("replaces")
            .prefetch_related(
                "rights",
                Prefetch(
                    "complaints",
                    queryset=Complaint.objects.defer("bundle_pdf").order_by("-received_on", "-id"),
                ),
            )
            .order_by("-created_at", "-id"),
        ),
        Prefetch("assignments", queryset=CoordinatorAssignment.objects.select_related("coordinator")),
    )


def case_row(application: Application, today: datetime.date) -> CaseRow:
    """The application's stage, deadlines and flags, from prefetched relations (no queries)."""
    replies = sorted(application.interim_replies.all(), key=lambda r: (r.sent_on, r.pk))
    last_reply = replies[-1] if replies else None
    decisions = list(application.decisions.all())
    replaced_ids = {d.replaces_id for d in decisions if d.replaces_id}
    current = next((d for d in decisions if d.pk not in replaced_ids), None)
    complaints = [c for d in decisions for c in d.complaints.all()]
    complaints.sort(key=lambda c: (c.received_on, c.pk), reverse=True)
    complaint = complaints[0] if complaints else None
    interim_due = deadlines.interim_reply_due(application.received_on)
    is_open = application.status in (ApplicationStatus.RECEIVED, ApplicationStatus.ASSESSING)
    awaiting = False
    appointed = None
    if application.status == ApplicationStatus.WITHDRAWN:
        stage = "withdrawn"
    elif is_open or current is None:
        stage = "new" if application.status == ApplicationStatus.RECEIVED else "assessing"
    else:
        outcomes = {r.right: r.outcome for r in current.rights.all()}
        granted = [right for right, o in outcomes.items() if o in (Outcome.GRANTED, Outcome.PARTLY)]
        stage = "partly" if Outcome.PARTLY in outcomes.values() else "granted" if granted else "refused"
        wants_coordinator = {Right.COORDINATOR, Right.CHILD_COORDINATOR} & set(granted)
        kinds = {KIND_OF_RIGHT[r] for r in wants_coordinator}
        appointed = next(
            (a for a in application.assignments.all() if a.ends_on is None and a.kind in kinds), None
        ) or next((a for a in application.assignments.all() if a.ends_on is None), None)
        awaiting = bool(wants_coordinator) and appointed is None
    if complaint is not None and complaint.is_open:
        stage = "complaint_open"
    elif (
        complaint is not None
        and complaint.state == ComplaintState.FORWARDED
        and complaint.decision_id == (current.pk if current else None)
    ):
        stage = "complaint_forwarded"
    expected = last_reply.expected_by if last_reply else interim_due
    return CaseRow(
        application=application,
        stage=stage,
        decision=current,
        interim_due=interim_due,
        interim_reply_sent_on=last_reply.sent_on if last_reply else None,
        answer_expected_by=last_reply.expected_by if last_reply else None,
        days_left=deadlines.days_left(expected, today) if is_open else None,
        interim_overdue=is_open and last_reply is None and today > interim_due,
        awaiting_appointment=awaiting,
        complaint=complaint,
        appointed=appointed,
    )


def case_list(families: QuerySet, filter_key: str = DEFAULT_FILTER) -> QuerySet:
    """Applications of the given (policy-filtered) families: open ones first, oldest first (their
    deadlines run out first); then the decided ones, newest first (years of them pile up behind)."""
    _label, condition = FILTERS.get(filter_key, FILTERS[DEFAULT_FILTER])
    applications = with_case_relations(
        Application.objects.filter(family__in=families.values("pk")).filter(condition)
    )
    if filter_key == "open":  # all open: the order needs no CASE (and can follow the index)
        return applications.order_by("received_on", "id")
    if filter_key == "decided":
        return applications.order_by("-received_on", "-id")
    open_first = Case(
        When(status__in=OPEN_STATUSES, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    open_received = Case(When(status__in=OPEN_STATUSES, then=F("received_on")), default=None)
    return applications.annotate(open_first=open_first).order_by(
        "open_first", open_received.asc(nulls_last=True), "-received_on", "-id"
    )


def open_complaints(families: QuerySet) -> QuerySet:
    """Complaints the unit still works on or has forwarded, oldest first, in the families given."""
    return (
        Complaint.objects.defer("bundle_pdf", "decision__letter_pdf")
        .filter(decision__application__family__in=families.values("pk"))
        .filter(
            Q(state__in=[ComplaintState.RECEIVED, ComplaintState.RECONSIDERING])
            | Q(state=ComplaintState.FORWARDED)
        )
        .select_related("decision__application__family")
        .order_by("state", "received_on", "id")
    )


@dataclass
class Transition:
    child: Child
    kind: str  # "turns_18" or "past_due_date"
    on: datetime.date

    @property
    def text(self):
        if self.kind == "turns_18":
            return _(
                "fyller 18 år – retten til barnekoordinator faller bort, planlegg overgang til koordinator"
            )
        return _("termindatoen er passert – registrer fødselen")


def _first_birth_turning_18_after(day: datetime.date) -> datetime.date:
    """The earliest birth date whose 18th birthday (`dates.birthday`) falls after `day`.

    Birthdays grow with the birth date, so the answer lies within a few days of the same date 18 years
    earlier; searching that window keeps the rule (29 February turns a year older on 1 March) in one place."""
    guess = dates.add_months(day, -12 * eligibility.ADULT_AGE)
    for offset in range(-3, 4):
        candidate = guess + datetime.timedelta(days=offset)
        turns = dates.birthday(candidate, eligibility.ADULT_AGE)
        if turns is not None and turns > day:
            return candidate
    raise AssertionError("unreachable: a birthday 18 years on lies within three days of the date")


def transition_children(families: QuerySet, today: datetime.date) -> QuerySet:
    """Children who turn 18 within six months (the child-coordinator right ends, pbrl § 2-5 c) and unborn
    children past their due date (register the birth), in the order they happen: exact in the database, so
    a page can count them and show one page of them."""
    horizon = dates.add_months(today, eligibility.TURNS_18_WARNING_MONTHS)
    return (
        Child.objects.filter(family__in=families.values("pk"))
        .filter(
            Q(
                birth_date__gte=_first_birth_turning_18_after(today),
                birth_date__lt=_first_birth_turning_18_after(horizon),
            )
            | Q(birth_date__isnull=True, expected_due_date__lt=today)
        )
        .select_related("family")
        .order_by(F("birth_date").asc(nulls_first=True), "expected_due_date", "id")
    )


def as_transitions(children) -> list[Transition]:
    """The children of `transition_children` as transitions with their day."""
    found = []
    for child in children:
        if child.birth_date is None:
            found.append(Transition(child, "past_due_date", child.expected_due_date))
        else:
            found.append(
                Transition(child, "turns_18", dates.birthday(child.birth_date, eligibility.ADULT_AGE))
            )
    return found


def first_transitions(families: QuerySet, today: datetime.date, limit: int) -> tuple[list[Transition], int]:
    """The first `limit` transitions in the families and how many there are in all, in one query (the
    total rides on each row as `COUNT(*) OVER ()`): what the worklist and the start page's panel show."""
    children = list(
        transition_children(families, today).annotate(transitions_in_all=Window(Count("pk")))[:limit]
    )
    return as_transitions(children), children[0].transitions_in_all if children else 0


def transitions(families: QuerySet, today: datetime.date, limit: int | None = None) -> list[Transition]:
    """The first `limit` (default all) transitions in the families (`transition_children`). One query."""
    children = transition_children(families, today)
    return as_transitions(children[:limit] if limit is not None else children)


def decision_rights(decision: Decision) -> list[DecisionRight]:
    """The outcome of each right in a decision, as stored with it."""
    return list(decision.rights.all())


# --- One family's case, read through the record policy (no logging: the page logs) ----------------


def family_case_rows(grant, today: datetime.date) -> list[CaseRow]:
    """The family's applications as case rows, newest first (the relations are prefetched)."""
    applications = with_case_relations(access.visible(grant, Application)).order_by("-received_on", "-id")
    return [case_row(a, today) for a in applications]


def latest_assessment(grant, application: Application) -> EligibilityAssessment | None:
    """The newest eligibility assessment of the application that this grant may read; None when there is
    none."""
    return (
        access.visible(grant, EligibilityAssessment)
        .filter(application=application)
        .order_by("-created_at", "-id")
        .first()
    )


def documents(grant, application: Application) -> QuerySet:
    """The application's documents this grant may read, without their content (loaded only on download)."""
    return access.visible(grant, ApplicationDocument).filter(application=application).defer("content")


def staff_section(grant, today: datetime.date) -> dict | None:
    """The case on the staff family page: for the coordinating unit only (it manages the case)."""
    if not grant.can(access.Capability.MANAGE_CASE):
        return None
    return {
        "family": grant.family,
        "rows": family_case_rows(grant, today),
        "change_requests": list(change_requests(grant).filter(state=ChangeRequestState.OPEN)),
    }


def family_section(grant, today: datetime.date) -> dict | None:
    """The case on the family's own page: their applications, coordinator and requests to change."""
    if not grant.can(access.Capability.ACT_AS_FAMILY):
        return None
    return {
        "family": grant.family,
        "rows": family_case_rows(grant, today),
        "assignment": current_assignment(grant),
        "change_requests": list(change_requests(grant)[:3]),
    }


# --- The staff start page's panel ----------------------------------------------------------------

PANEL_ROLES = (Role.CASEWORKER, Role.COORDINATOR)
PANEL_TRANSITIONS = 10


def worklist_panel(user, today: datetime.date | None = None) -> dict | None:
    """What waits in the coordinating unit (for a caseworker), and the children in transition in the
    families `user` reaches (caseworker and coordinator); None for anyone else. Counted in the database;
    names at most `PANEL_TRANSITIONS` transitions. Does not log: the page logs `families` (the families the
    panel names, annotated with `access_reason`) as a list read."""
    if not user.is_authenticated or user.role not in PANEL_ROLES:
        return None
    today = today or dates.today()
    families = access.visible_families(user)
    found, total = first_transitions(families, today, PANEL_TRANSITIONS)
    named = list(families.filter(pk__in={t.child.family_id for t in found}).order_by("pk")) if found else []
    counts = None
    if user.role == Role.CASEWORKER:
        counts = case_counts(families, today)
    return {
        "transitions": found,
        "transitions_total": total,
        "counts": counts,
        "is_caseworker": user.role == Role.CASEWORKER,
        "families": named,
    }


def case_counts(families: QuerySet, today: datetime.date) -> dict[str, int]:
    """How many open applications (and of those, how many lack an interim reply past its deadline, fvl
    § 11 a), complaints to reconsider and requests for another coordinator wait in the families. Counted in
    the database, one query each."""
    open_applications = Application.objects.filter(
        family__in=families.values("pk"), status__in=[ApplicationStatus.RECEIVED, ApplicationStatus.ASSESSING]
    )
    replied = InterimReply.objects.filter(application=OuterRef("pk"))
    return {
        **open_applications.aggregate(
            open=Count("pk"),
            interim_overdue=Count(
                "pk",
                filter=Q(received_on__lt=_first_receipt_not_overdue(today)) & ~Q(Exists(replied)),
            ),
        ),
        "complaints": open_complaints(families)
        .filter(state__in=[ComplaintState.RECEIVED, ComplaintState.RECONSIDERING])
        .count(),
        "change_requests": open_change_requests(families).count(),
    }


def _first_receipt_not_overdue(today: datetime.date) -> datetime.date:
    """The earliest receipt date whose interim-reply deadline (`deadlines.interim_reply_due`) is not yet
    past on `today`: applications received before it are overdue without an interim reply."""
    guess = dates.add_months(today, -deadlines.INTERIM_REPLY_MONTHS)
    for offset in range(-4, 5):
        candidate = guess + datetime.timedelta(days=offset)
        if deadlines.interim_reply_due(candidate) >= today:
            return candidate
    raise AssertionError("unreachable: the deadline lies within four days of a month later")
