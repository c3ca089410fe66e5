"""The world the access matrix runs in: two municipalities, every actor, one record of each kind.

Built once per test (pytest-django rolls the test back); each request of the matrix then runs inside its
own savepoint, so a change one actor makes never reaches the next. The consent of the family is put in
each state in turn (`consent_state`) for the provider actors.

The builders are copies of the ones in tests/*/helpers.py (owned by the app tests), trimmed to what the
matrix needs, so that a change there cannot silently move the matrix.
"""

from __future__ import annotations

import contextlib
import datetime
import inspect
import re
from functools import cached_property

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import timezone

from los.consent.models import Consent, ConsentSignature
from los.core.models import NeedToKnow, Role
from los.people.models import Family
from tests.factories import make_tenant, make_user

FAKE_PDF = b"%PDF-1.4\n% stand-in letter\n%%EOF\n"
OSLO_MONDAY = datetime.date(2027, 1, 4)

# --- Actors -----------------------------------------------------------------------------------------
PROVIDER_ACTORS = ("provider", "school_provider", "other_provider")
ACTORS = (
    "caseworker",  # the coordinating unit, no stated need to know
    "caseworker_ntk",  # the coordinating unit, with a stated need to know for the family (one day)
    "coordinator",
    "provider",  # physiotherapist on the family's team; the consent names physiotherapy
    "school_provider",  # teacher on the team; no consent names the school
    "other_provider",  # a physiotherapist not on the family's team
    "leader",
    "guardian",
    "admin",
    "foreign_caseworker",
    "foreign_coordinator",
    "foreign_provider",
    "foreign_guardian",
    "anonymous",
)

# --- Consent states (the family's consents are put in each in turn) ----------------------------------
NONE, PENDING, ACTIVE, ACTIVE_PLAN, WITHDRAWN, EXPIRED = (
    "none",
    "pending",
    "active_without_plan",
    "active_with_plan",
    "withdrawn",
    "expired",
)
CONSENT_STATES = (NONE, PENDING, ACTIVE, ACTIVE_PLAN, WITHDRAWN, EXPIRED)
BASE_STATE = ACTIVE_PLAN  # the state every actor but the providers is tested in
REACHING_STATES = {ACTIVE, ACTIVE_PLAN}  # a provider on the team reaches the family
PLAN_STATES = {ACTIVE_PLAN}  # ... and its plan


class World:
    """Two tenants, every actor, and (built on demand, once) one record of each kind in the family."""

    def __init__(self):
        self.t = make_tenant("Fjord", "9911", 0)
        self.o = make_tenant("Ås", "9912", 1)
        self.admin = make_user("oppsett", Role.ADMIN, is_staff=True, is_superuser=True)
        self.caseworker_ntk = make_user("Fjordbehov", Role.CASEWORKER, self.t.municipality)
        now = timezone.now()
        NeedToKnow.objects.create(
            user=self.caseworker_ntk,
            family=self.t.family,
            reason="casework",
            explanation="Behandler klagen og må se planen og møtene.",
            starts_at=now - datetime.timedelta(minutes=5),
            expires_at=now + datetime.timedelta(hours=20),
        )
        # The base state: one active consent naming physiotherapy that also covers the plan.
        Consent.objects.filter(pk=self.t.consent.pk).update(covers_individual_plan=True)
        # Where the consents go in the "none" state (the plan keeps pointing at its consent row).
        self.limbo = Family.objects.create(municipality=self.t.municipality, name="Familien Ingensteds")

    @property
    def family(self):
        return self.t.family

    def user(self, actor):
        if actor == "anonymous":
            return None
        if actor == "admin":
            return self.admin
        if actor == "caseworker_ntk":
            return self.caseworker_ntk
        source = self.o if actor.startswith("foreign_") else self.t
        name = actor.removeprefix("foreign_")
        return getattr(source, "guardian_user" if name == "guardian" else name)

    # --- consent states ------------------------------------------------------------------------------
    @contextlib.contextmanager
    def consent_state(self, state):
        """Put every consent of the family in `state` for the duration (rolled back afterwards)."""
        with rolled_back():
            consents = Consent.objects.filter(family=self.t.family)
            today = timezone.localdate()
            if state == ACTIVE_PLAN:
                pass
            elif state == ACTIVE:
                consents.update(covers_individual_plan=False)
            elif state == PENDING:
                ids = list(consents.values_list("pk", flat=True))
                ConsentSignature.objects.filter(consent_id__in=ids, guardian=self.t.guardians[1]).delete()
                consents.update(effective_at=None)
            elif state == WITHDRAWN:
                consents.update(
                    withdrawn_at=timezone.now(),
                    withdrawn_by=self.t.guardian_user,
                    withdrawal_reason="Trukket.",
                )
            elif state == EXPIRED:
                consents.update(
                    starts_on=today - datetime.timedelta(days=60), ends_on=today - datetime.timedelta(days=1)
                )
            elif state == NONE:
                consents.update(family=self.limbo)
            else:  # pragma: no cover
                raise ValueError(state)
            yield

    # --- records (built once, on demand) -------------------------------------------------------------
    @cached_property
    def case(self):
        from los.intake import services
        from los.intake.coordinators import CoordinatorProfile, TrainingCourse
        from los.intake.deadlines import complaint_deadline, today_oslo
        from los.intake.models import Application, Complaint, Decision, DecisionRight, Outcome

        t = self.t
        application = services.register_application(
            family=t.family,
            by_user=t.guardian_user,
            child=t.family.children.first(),
            wants_child_coordinator=True,
            about_child="Emma har cerebral parese og trenger mye oppfølging.",
            health_and_care_services=["Fysioterapi"],
            other_welfare_services=["Skolen"],
            child_views="Emma vil ha én person å snakke med.",
            wishes="En som kjenner skolen.",
        )
        facts = services.known_facts(application)
        facts.update({"serious_condition": True, "long_term_needs": True, "complex_needs": True})
        assessment = services.assess_application(application, t.caseworker, facts)
        answers = {(right, c["code"]): (c["status"], "") for right, c in services.criteria_of(assessment)}
        services.review_assessment(assessment, t.caseworker, answers)
        today = today_oslo()
        decision = Decision(
            application=application,
            assessment=assessment,
            decided_on=today,
            valid_from=today,
            notified_on=today,
            complaint_deadline=complaint_deadline(today),
            facts="Fakta.",
            family_views="Familien ønsker barnekoordinator.",
            weighing="Vektlagt.",
            legal_basis=["pasient- og brukerrettighetsloven § 2-5 c"],
            contact_person=t.caseworker,
            decided_by=t.caseworker,
            letter_pdf=FAKE_PDF,
        )
        decision.save()
        DecisionRight.objects.create(
            decision=decision,
            right="child_coordinator",
            outcome=Outcome.GRANTED,
            assessed_status="yes",
            reasons=".",
        )
        Application.objects.filter(pk=application.pk).update(status="decided")
        complaint = services.register_complaint(decision, t.guardian_user, "Vi er uenige.")
        Complaint.objects.filter(pk=complaint.pk).update(
            state="forwarded", bundle_pdf=FAKE_PDF, forwarded_on=today
        )
        document = services.add_document(
            application,
            t.caseworker,
            SimpleUploadedFile("erklaering.pdf", FAKE_PDF, "application/pdf"),
            "Legeerklæring",
        )
        change_request = services.request_change_of_coordinator(
            t.family, t.guardian_user, "Vi ønsker en annen."
        )
        CoordinatorProfile.objects.get_or_create(user=t.coordinator, defaults={"coordination_share": 40})
        course = TrainingCourse.objects.create(municipality=t.municipality, name="Koordinatoropplæring")

        class Case:
            pass

        case = Case()
        case.application, case.decision, case.complaint = application, decision, complaint
        case.document, case.change_request, case.course = document, change_request, course
        return case

    @cached_property
    def pending_consent(self):
        """A consent for the school that one guardian has given and the guardian with a login has not."""
        consent = Consent.objects.create(
            family=self.t.family, starts_on=timezone.localdate(), created_by=self.t.caseworker
        )
        consent.services.set([self.t.school])
        ConsentSignature.objects.create(
            consent=consent, guardian=self.t.guardians[1], recorded_by=self.t.caseworker
        )
        return consent

    @cached_property
    def plan(self):
        from los.plans import services

        t = self.t
        today = timezone.localdate()
        plan = services.create_plan(
            t.family,
            t.coordinator,
            period_start=today - datetime.timedelta(days=30),
            next_revision_on=today + datetime.timedelta(days=150),
            resources="Emma liker å svømme.",
            needs="Hjelp til å gå lengre strekninger.",
        )
        version = services.working_version(plan)
        goal = services.add_goal(version=version, text="Jeg vil gå til skolen selv")
        services.add_measure(
            goal,
            description="Gåtrening med fysioterapeut",
            responsible_service=t.physio,
            responsible_person=t.provider,
            scope="to ganger i uka",
            how="På skolen i friminuttet",
            evaluate_on=today + datetime.timedelta(days=20),
        )
        return plan

    @cached_property
    def plan_goal(self):
        from los.plans.models import Goal

        return Goal.objects.filter(version__plan=self.plan, version__frozen_at__isnull=True).first()

    @cached_property
    def plan_measure(self):
        from los.plans.models import Measure

        return Measure.objects.filter(goal=self.plan_goal).first()

    @cached_property
    def participant(self):
        from los.plans.models import Participant

        version = self.plan_goal.version
        return Participant.objects.create(version=version, name="Skolen", role="lærer", service=self.t.school)

    @cached_property
    def relay_log(self):
        from los.plans import relay, services

        t = self.t
        log = relay.open_relay_log(
            t.family, t.provider, concern="Emma er mye borte fra skolen.", level=1, services=[t.physio]
        )
        goal = services.add_goal(relay_log=log, text="Emma vil være på skolen hele dagen")
        services.add_measure(
            goal, description="Samtale med helsesykepleier hver uke", responsible_person=t.provider
        )
        return log

    @cached_property
    def handover(self):
        from los.plans.models import RelayHandover

        return RelayHandover.objects.create(
            relay_log=self.relay_log,
            from_holder=self.t.provider,
            to_holder=self.t.coordinator,
            note="Ta over.",
        )

    @cached_property
    def organisation(self):
        from los.referrals.models import PatientOrganisation

        return PatientOrganisation.objects.create(
            municipality=self.t.municipality,
            name="Funksjonshemmedes Fellesorganisasjon (FFO)",
            helps_with="Rettighetssenter",
            website="https://www.ffo.no",
        )

    @cached_property
    def referral(self):
        from los.referrals.models import Referral

        t = self.t
        return Referral.objects.create(
            family=t.family, service=t.physio, reason="Vurdering", sent_by=t.coordinator
        )

    @cached_property
    def meeting(self):
        """A meeting the coordinator, the physiotherapist and the guardian are invited to."""
        from los.intake.deadlines import OSLO, today_oslo
        from los.team.models import Meeting, MeetingInvitation

        t = self.t
        starts = datetime.datetime.combine(
            today_oslo() + datetime.timedelta(days=7), datetime.time(9), tzinfo=OSLO
        )
        meeting = Meeting.objects.create(
            family=t.family,
            title="Ansvarsgruppemøte",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=1),
            location="Rådhuset",
            called_by=t.coordinator,
        )
        for user in (t.coordinator, t.provider, t.guardian_user):
            MeetingInvitation.objects.create(
                meeting=meeting, user=user, name=user.get_full_name() or user.username
            )
        return meeting

    @cached_property
    def action_item(self):
        from los.intake.deadlines import today_oslo
        from los.team.models import ActionItem

        t = self.t
        return ActionItem.objects.create(
            family=t.family,
            title="Søke om avlastning",
            responsible=t.provider,
            due_on=today_oslo() + datetime.timedelta(days=10),
            created_by=t.coordinator,
        )

    @cached_property
    def consent_request(self):
        from los.team.models import ConsentExtensionRequest

        t = self.t
        return ConsentExtensionRequest.objects.create(
            family=t.family,
            service=t.school,
            professional=t.school_provider.professional,
            requested_by=t.coordinator,
        )

    @cached_property
    def school_member(self):
        from los.team.models import TeamMember

        return TeamMember.objects.get(family=self.t.family, professional__user=self.t.school_provider)

    @cached_property
    def appointment(self):
        """A confirmed physiotherapy appointment with the team's physiotherapist."""
        from los.calendar.models import Appointment, AppointmentStatus
        from los.calendar.services import combine

        t = self.t
        return Appointment.objects.create(
            family=t.family,
            child=t.family.children.first(),
            service=t.physio,
            professional=t.provider.professional,
            starts_at=combine(OSLO_MONDAY, datetime.time(9)),
            ends_at=combine(OSLO_MONDAY, datetime.time(9, 45)),
            status=AppointmentStatus.CONFIRMED,
            created_by=t.coordinator,
        )

    @cached_property
    def need(self):
        from los.calendar.models import AppointmentNeed

        t = self.t
        return AppointmentNeed.objects.create(
            family=t.family,
            service=t.physio,
            created_by=t.coordinator,
            title="Fysioterapi",
            duration_minutes=45,
            count=2,
            window_from=OSLO_MONDAY,
            window_to=OSLO_MONDAY + datetime.timedelta(days=13),
            min_days_between=5,
            max_days_between=9,
        )

    @cached_property
    def proposal(self):
        from los.calendar.models import BundlingProposal

        return BundlingProposal.objects.create(
            family=self.t.family,
            start=OSLO_MONDAY,
            days=14,
            status="infeasible",
            instance={"needs": []},
            result={"appointments": [], "infeasible_needs": []},
            created_by=self.t.coordinator,
        )

    @cached_property
    def booking_request(self):
        from los.calendar.models import Appointment, AppointmentStatus, BookingRequest
        from los.calendar.services import combine

        t = self.t
        booked = Appointment.objects.create(
            family=t.family,
            child=t.family.children.first(),
            service=t.physio,
            starts_at=combine(OSLO_MONDAY, datetime.time(11)),
            ends_at=combine(OSLO_MONDAY, datetime.time(11, 45)),
            status=AppointmentStatus.REQUESTED,
            created_by=t.coordinator,
        )
        return BookingRequest.objects.create(appointment=booked, service=t.physio, requested_by=t.coordinator)

    @cached_property
    def notification(self):
        """One of the coordinator's own notifications, about the family."""
        from los.notifications.models import Notification

        return Notification.objects.create(
            user=self.t.coordinator, kind="reminder", family=self.t.family, text="Husk møtet.", url="/"
        )

    @cached_property
    def feed_token(self):
        """The guardian's subscription to the child's calendar (a secret address, no login)."""
        from los.calendar.models import CalendarFeed, FeedKind

        token = CalendarFeed.new_token()
        CalendarFeed.objects.create(
            user=self.t.guardian_user,
            family=self.t.family,
            kind=FeedKind.FAMILY,
            token_hash=CalendarFeed.hash_token(token),
        )
        self.appointment  # noqa: B018 - something in the feed
        return token


# --- Savepoints ---------------------------------------------------------------------------------------
class _Rollback(Exception):
    pass


@contextlib.contextmanager
def rolled_back():
    """Run the block in a savepoint and undo everything it wrote."""
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


# --- Which records hang on a family -------------------------------------------------------------------
def forward_relations(model):
    """Concrete forward foreign keys and one-to-one fields of `model` (not many-to-many)."""
    return [
        f
        for f in model._meta.get_fields()
        if f.concrete and (f.many_to_one or f.one_to_one) and f.related_model is not None
    ]


def path_to_family(model, _seen=None) -> list[str] | None:
    """The chain of field names from `model` to people.Family (Minutes -> meeting -> family), or None.

    Users are not followed: a record about a user (a notification preference) is the user's, not a
    family's."""
    from los.core.models import User

    if model is Family:
        return []
    seen = (_seen or set()) | {model}
    best = None
    for field in forward_relations(model):
        target = field.related_model
        if target in seen or target is User:
            continue
        rest = path_to_family(target, seen)
        if rest is not None and (best is None or len(rest) + 1 < len(best)):
            best = [field.name, *rest]
    return best


def is_historical(model) -> bool:
    """A django-simple-history shadow table (written by the history middleware, never read as a record)."""
    return hasattr(model, "instance_type") and model.__name__.startswith("Historical")


# Models with a path to a family that are not records of the family, and why.
EXEMPT = {
    "core.AccessLogEntry": "the access log itself: written only by los.core.audit, "
    "read on the access-log pages",
    "core.NeedToKnow": "the caseworker's own statement of a need to know; written and logged by "
    "los.core.need_to_know, shown to the family as the purpose of the log rows",
    "notifications.Notification": "belongs to the user it is for; access.may_see is asked before one is made",
}


def family_models() -> list[type]:
    return [m for m in apps.get_models() if path_to_family(m) is not None]


# --- A cheap fingerprint of the database --------------------------------------------------------------
NOT_FINGERPRINTED = {"django_session", "core_accesslogentry"}
_fingerprint_sql: str | None = None


def _tables() -> list[tuple[str, list[str], str]]:
    tables = []
    seen = set()
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if opts.proxy or not opts.managed or opts.db_table in NOT_FINGERPRINTED or opts.db_table in seen:
            continue
        seen.add(opts.db_table)
        columns = [f.column for f in opts.concrete_fields]
        tables.append((opts.db_table, columns, opts.pk.column))
    return sorted(tables)


def _build_sql() -> str:
    q = connection.ops.quote_name
    parts = []
    if connection.vendor == "postgresql":
        for table, _columns, pk in _tables():
            parts.append(
                f"SELECT '{table}', "
                f"(SELECT md5(string_agg(t::text, ';' ORDER BY t.{q(pk)})) FROM {q(table)} t)"
            )
        return " UNION ALL ".join(parts)
    for table, columns, pk in _tables():
        row = " || '|' || ".join(f"quote({q(c)})" for c in columns)
        parts.append(
            f"SELECT '{table}', (SELECT group_concat(x, ';') "
            f"FROM (SELECT {row} AS x FROM {q(table)} ORDER BY {q(pk)}))"
        )
    return " UNION ALL ".join(parts)


def fingerprint() -> dict[str, str]:
    """Every row of every table (but sessions and the access log), one string per table. One query."""
    global _fingerprint_sql
    if _fingerprint_sql is None:
        _fingerprint_sql = _build_sql()
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql)
        return {table: content or "" for table, content in cursor.fetchall()}


def changed_tables(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(t for t in after if before.get(t) != after[t])


def family_tables() -> set[str]:
    """Tables whose change is a change of a family's record (and must be in the access log)."""
    tables = set()
    for model in family_models():
        if model._meta.label in EXEMPT:
            continue
        tables.add(model._meta.db_table)
        for m2m in model._meta.local_many_to_many:
            tables.add(m2m.remote_field.through._meta.db_table)
    return tables


# --- Which views take POST ----------------------------------------------------------------------------
_POST_MARKERS = re.compile(r"require_POST|require_http_methods|request\.method|request\.POST|request\.FILES")


def _functions_reached(func, depth=3, seen=None):
    """`func` and the functions of its own module it calls by name, a few levels deep."""
    seen = seen if seen is not None else set()
    func = inspect.unwrap(func, stop=lambda f: False)
    if func in seen or not inspect.isfunction(func):
        return seen
    seen.add(func)
    if depth == 0:
        return seen
    module_globals = func.__globals__
    for name in func.__code__.co_names:
        target = module_globals.get(name)
        if inspect.isfunction(target) and target.__module__ == func.__module__:
            _functions_reached(target, depth - 1, seen)
    return seen


def view_takes_post(callback) -> bool:
    """Whether a view (through its decorators and the helpers of its module it calls) handles POST."""
    chain = [callback]
    while hasattr(chain[-1], "__wrapped__"):
        chain.append(chain[-1].__wrapped__)
    for f in chain:
        for cell in getattr(f, "__closure__", None) or ():
            with contextlib.suppress(ValueError):
                value = cell.cell_contents
                if isinstance(value, list | tuple | set) and "POST" in value:
                    return True
    sources = []
    for f in chain:
        for reached in _functions_reached(f):
            with contextlib.suppress(OSError, TypeError):
                sources.append(inspect.getsource(reached))
    return bool(_POST_MARKERS.search("\n".join(sources)))
