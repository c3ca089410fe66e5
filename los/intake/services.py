"""The coordinating unit's workflows: the only place that changes several intake rows at once.

Every function runs in one transaction and raises `DomainError` (message in bokmål, with the field it
concerns) when a rule of the law or of the case stops it, so nothing is ever half saved.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _
from pydantic import ValidationError

from los.core import audit
from los.core.errors import DomainError
from los.core.models import Role
from los.people.languages import LANGUAGE_CODES
from los.people.models import Family

from . import letters, rules
from .deadlines import complaint_deadline, today_oslo
from .eligibility_schema import EligibilityRequest
from .models import (
    Application,
    ApplicationDocument,
    ApplicationStatus,
    ChangeOfCoordinatorRequest,
    ChangeRequestState,
    Channel,
    Complaint,
    ComplaintState,
    CoordinatorAssignment,
    CoordinatorKind,
    CriterionReview,
    Decision,
    DecisionRight,
    EligibilityAssessment,
    InterimReply,
    NeedLevel,
    Outcome,
    Right,
    TrainingCompletion,
    TrainingCourse,
)

RIGHTS = (Right.INDIVIDUAL_PLAN, Right.COORDINATOR, Right.CHILD_COORDINATOR)
RIGHT_LAW = {
    Right.INDIVIDUAL_PLAN: rules.INDIVIDUAL_PLAN_LAW,
    Right.COORDINATOR: rules.COORDINATOR_LAW,
    Right.CHILD_COORDINATOR: rules.CHILD_COORDINATOR_LAW,
}
#: The right to a coordinator gives the kind of assignment.
KIND_OF_RIGHT = {
    Right.COORDINATOR: CoordinatorKind.COORDINATOR,
    Right.CHILD_COORDINATOR: CoordinatorKind.CHILD_COORDINATOR,
}

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
DOCUMENT_TYPES = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "text/plain": ".txt",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}


# --- Applications -------------------------------------------------------------------------------


def clean_service_names(names) -> list[str]:
    """Service names without blanks and duplicates (case-insensitive), in the order given."""
    seen, result = set(), []
    for name in names or []:
        cleaned = " ".join(str(name).split())[:200]
        if cleaned and cleaned.casefold() not in seen:
            seen.add(cleaned.casefold())
            result.append(cleaned)
    return result


def _check_application_fields(family: Family, fields: dict, today: datetime.date) -> dict:
    child = fields.get("child")
    if child is not None and child.family_id != family.pk:
        raise DomainError(_("Barnet hører ikke til familien."), field="child")
    if not (
        fields.get("wants_coordinator")
        or fields.get("wants_child_coordinator")
        or fields.get("wants_individual_plan")
    ):
        raise DomainError(
            _("Velg minst én ting dere søker om: koordinator, barnekoordinator eller individuell plan."),
            field="wants",
        )
    received_on = fields.get("received_on")
    if received_on is not None and received_on > today:
        raise DomainError(_("Mottatt dato kan ikke være etter i dag."), field="received_on")
    wished = fields.get("wished_coordinator")
    if wished is not None and (
        wished.role != Role.COORDINATOR or wished.municipality_id != family.municipality_id
    ):
        raise DomainError(_("Den ønskede koordinatoren finnes ikke i kommunen."), field="wished_coordinator")
    language = fields.get("preferred_language", "nb")
    if language not in LANGUAGE_CODES:
        raise DomainError(_("Ukjent språk."), field="preferred_language")
    for key in ("health_and_care_services", "other_welfare_services"):
        if key in fields:
            fields[key] = clean_service_names(fields[key])
    return fields


@transaction.atomic
def register_application(
    *, family: Family, by_user, channel: str = Channel.PORTAL, received_on=None, today=None, **fields
) -> Application:
    """Register an application, from the family's pages or received by letter, phone or the health network.

    The received date starts the one-month clock for the interim reply (forvaltningsloven § 11 a)."""
    today = today or today_oslo()
    received_on = received_on or today
    if channel not in Channel.values:
        raise DomainError(_("Ukjent kanal."), field="channel")
    fields = _check_application_fields(family, {**fields, "received_on": received_on}, today)
    application = Application.objects.create(family=family, submitted_by=by_user, channel=channel, **fields)
    audit.changed(family.pk, "application", application.pk)
    return application


EDITABLE_FIELDS = (
    "child",
    "received_on",
    "channel",
    "wants_coordinator",
    "wants_child_coordinator",
    "wants_individual_plan",
    "about_child",
    "health_and_care_services",
    "other_welfare_services",
    "wished_coordinator",
    "wishes",
    "child_views",
    "preferred_language",
    "interpreter_needed",
)


@transaction.atomic
def update_application(application: Application, by_user, today=None, **fields) -> Application:
    """Correct an application. Every change is kept in its history (who, when, what)."""
    application = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
    if application.status == ApplicationStatus.DECIDED:
        raise DomainError(_("Søknaden er avgjort. Endringer må komme i en ny søknad eller et nytt vedtak."))
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(_("Feltet kan ikke endres."), field=sorted(unknown)[0])
    merged = {name: getattr(application, name) for name in EDITABLE_FIELDS} | fields
    merged = _check_application_fields(application.family, merged, today or today_oslo())
    for name, value in merged.items():
        setattr(application, name, value)
    application._change_reason = "corrected"
    application.save()
    audit.changed(application.family_id, "application", application.pk)
    return application


@transaction.atomic
def add_document(application: Application, by_user, upload, title: str = "") -> ApplicationDocument:
    """Keep a document in the case. Only common document types, at most 10 MB."""
    if upload is None:
        raise DomainError(_("Velg en fil."), field="file")
    if upload.size > MAX_DOCUMENT_BYTES:
        raise DomainError(_("Filen er større enn 10 MB."), field="file")
    content_type = (upload.content_type or "").split(";")[0].strip()
    if content_type not in DOCUMENT_TYPES:
        raise DomainError(_("Filtypen støttes ikke. Bruk PDF, JPG, PNG, DOCX eller tekst."), field="file")
    content = upload.read()
    name = (upload.name or "dokument").rsplit("/", 1)[-1][:200]
    document = ApplicationDocument.objects.create(
        application=application,
        title=(title or name)[:200],
        filename=name,
        content_type=content_type,
        content=content,
        size=len(content),
        uploaded_by=by_user,
    )
    audit.changed(application.family_id, "document", document.pk)
    return document


# --- Assessment ---------------------------------------------------------------------------------


def known_facts(application: Application, today=None) -> dict:
    """What the application already tells the engine: the child's dates, the services, the wish."""
    child = application.child
    return {
        "assessed_on": today or today_oslo(),
        "child_birth_date": child.birth_date if child else None,
        "expected_due_date": child.expected_due_date if child and child.birth_date is None else None,
        "serious_condition": None,
        "long_term_needs": None,
        "complex_needs": None,
        "health_and_care_services": list(application.health_and_care_services or []),
        "other_welfare_services": list(application.other_welfare_services or []),
        "guardians_want_child_coordinator": True if application.wants_child_coordinator else None,
    }


def validate_facts(data: dict) -> EligibilityRequest:
    """Validate facts with the API's own rules; the first error becomes a DomainError naming the field."""
    payload = {k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in data.items()}
    try:
        return EligibilityRequest.model_validate(payload)
    except ValidationError as error:
        first = error.errors()[0]
        field = str(first["loc"][0]) if first.get("loc") else None
        raise DomainError(first["msg"], field=field) from None


@transaction.atomic
def assess_application(application: Application, by_user, facts: dict) -> EligibilityAssessment:
    """Run the eligibility engine on the facts and keep facts and result as they were.

    The engine gives the law's minimum, criterion by criterion with the provision; the caseworker then
    confirms or overrides each criterion (`review_assessment`)."""
    application = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
    request = validate_facts(facts)
    result = rules.assessment_to_dict(rules.assess(rules.facts_from_request(request)))
    assessment = EligibilityAssessment.objects.create(
        application=application,
        assessed_on=request.assessed_on,
        facts=request.model_dump(mode="json"),
        result=result,
        created_by=by_user,
    )
    if application.status == ApplicationStatus.RECEIVED:
        application.status = ApplicationStatus.ASSESSING
        application.save(update_fields=["status"])
    audit.changed(application.family_id, "eligibility", assessment.pk)
    return assessment


def criteria_of(assessment: EligibilityAssessment) -> list[tuple[str, dict]]:
    """(right, criterion) pairs in the engine's order."""
    return [
        (right, criterion) for right in RIGHTS for criterion in assessment.result["rights"][right]["criteria"]
    ]


@transaction.atomic
def review_assessment(assessment: EligibilityAssessment, by_user, answers: dict) -> list[CriterionReview]:
    """Record the caseworker's answer for every criterion: confirm the engine's finding or override it.

    `answers` maps (right, code) to (status, reason). An override needs a reason, so the decision can
    say why the caseworker judged differently from the rule."""
    latest = assessment.application.assessments.order_by("-created_at", "-id").first()
    if latest is None or latest.pk != assessment.pk:
        raise DomainError(_("Det finnes en nyere vurdering. Bruk den."))
    existing = {(r.right, r.code): r for r in assessment.reviews.select_for_update(of=("self",))}
    saved = []
    for right, criterion in criteria_of(assessment):
        key = (right, criterion["code"])
        if key not in answers:
            raise DomainError(
                _("Bekreft eller overstyr hvert vilkår."), field=f"{right}__{criterion['code']}"
            )
        status, reason = answers[key]
        reason = (reason or "").strip()
        if status not in rules.Status._value2member_map_:
            raise DomainError(_("Ugyldig svar."), field=f"{right}__{criterion['code']}")
        if status != criterion["status"] and not reason:
            raise DomainError(
                _("Skriv hvorfor du vurderer vilkåret annerledes enn regelen."),
                field=f"{right}__{criterion['code']}__reason",
            )
        review = existing.get(key) or CriterionReview(
            assessment=assessment, right=right, code=criterion["code"]
        )
        review.engine_status = criterion["status"]
        review.status = status
        review.reason = reason
        review.reviewed_by = by_user
        review.save()
        saved.append(review)
    audit.changed(assessment.application.family_id, "eligibility", assessment.pk)
    return saved


def final_rights(assessment: EligibilityAssessment, reviews=None) -> dict[str, dict]:
    """Each right's status after the caseworker's review, with the criteria as the letter shows them."""
    if reviews is None:
        reviews = list(assessment.reviews.all())
    by_key = {(r.right, r.code): r for r in reviews}
    rights = {}
    for right in RIGHTS:
        engine = assessment.result["rights"][right]
        criteria = []
        for c in engine["criteria"]:
            review = by_key.get((right, c["code"]))
            criteria.append(
                {
                    **c,
                    "engine_status": c["status"],
                    "status": review.status if review else c["status"],
                    "reason": review.reason if review else "",
                    "reviewed": review is not None,
                }
            )
        status = rules.combined_status(rules.Status(c["status"]) for c in criteria)
        rights[right] = {
            "status": status.value,
            "law": engine["law"],
            "criteria": criteria,
            "reviewed": all(c["reviewed"] for c in criteria),
        }
    return rights


def latest_assessment(application: Application) -> EligibilityAssessment | None:
    return application.assessments.order_by("-created_at", "-id").first()


# --- Interim reply ------------------------------------------------------------------------------


@transaction.atomic
def send_interim_reply(
    application: Application, by_user, reason: str, expected_by, today=None
) -> InterimReply:
    """Send a foreløpig svar (forvaltningsloven § 11 a): why it takes time and when the answer comes."""
    today = today or today_oslo()
    application = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
    if application.status in (ApplicationStatus.DECIDED, ApplicationStatus.WITHDRAWN):
        raise DomainError(_("Søknaden er allerede avgjort."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Skriv hvorfor svaret tar tid."), field="reason")
    if expected_by is None or expected_by <= today:
        raise DomainError(
            _("Datoen for når familien kan vente svar, må være etter i dag."), field="expected_by"
        )
    reply = InterimReply.objects.create(
        application=application,
        sent_on=today,
        reason=reason,
        expected_by=expected_by,
        letter_text=letters.interim_reply_text(application, reason, expected_by, today),
        sent_by=by_user,
    )
    audit.changed(application.family_id, "interim_reply", reply.pk)
    return reply


# --- Decisions ----------------------------------------------------------------------------------


def current_decision(application: Application) -> Decision | None:
    """The decision in force: the newest one no other decision replaces."""
    return application.decisions.filter(replaced_by__isnull=True).order_by("-created_at", "-id").first()


@transaction.atomic
def decide(
    application: Application,
    by_user,
    *,
    outcomes: dict,
    valid_from,
    facts: str,
    family_views: str,
    weighing: str,
    contact_person,
    child_views: str = "",
    notified_on=None,
    replaces: Decision | None = None,
    complaint: Complaint | None = None,
    today=None,
) -> Decision:
    """Make a decision on the application and store its letter (forvaltningsloven §§ 24, 25, 27).

    `outcomes` maps each right to (outcome, reasons, more_generous_than_law). The engine states the
    legal minimum: a right may be granted beyond it only with a recorded reason, and a right the law
    gives cannot be refused. A family gets one municipal coordinator, not both kinds (pbrl § 2-5 c).
    A decision is never edited: a new one `replaces` the old, and upholding a `complaint` is such a
    new decision."""
    today = today or today_oslo()
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("family__municipality")
        .get(pk=application.pk)
    )
    if application.status == ApplicationStatus.WITHDRAWN:
        raise DomainError(_("Søknaden er trukket."))
    current = current_decision(application)
    if current is not None and (replaces is None or replaces.pk != current.pk):
        raise DomainError(_("Søknaden har et vedtak. Et nytt vedtak må erstatte det gjeldende vedtaket."))
    if replaces is not None and replaces.application_id != application.pk:
        raise DomainError(_("Vedtaket hører til en annen søknad."))
    if complaint is not None:
        complaint = Complaint.objects.select_for_update(of=("self",)).get(pk=complaint.pk)
        if complaint.decision_id != (replaces.pk if replaces else None) or not complaint.is_open:
            raise DomainError(_("Klagen gjelder ikke dette vedtaket, eller den er allerede avgjort."))
    assessment = latest_assessment(application)
    if assessment is None:
        raise DomainError(_("Vurder vilkårene før du fatter vedtak."))
    rights = final_rights(assessment)
    if not all(r["reviewed"] for r in rights.values()):
        raise DomainError(_("Bekreft eller overstyr hvert vilkår i vurderingen før du fatter vedtak."))
    for name, value in (("facts", facts), ("family_views", family_views), ("weighing", weighing)):
        if not (value or "").strip():
            raise DomainError(_("Feltet må fylles ut."), field=name)
    if valid_from is None:
        raise DomainError(_("Oppgi fra hvilken dato vedtaket gjelder."), field="valid_from")
    notified_on = notified_on or today
    if notified_on > today:
        raise DomainError(_("Datoen familien fikk vedtaket kan ikke være etter i dag."), field="notified_on")
    if contact_person is None or contact_person.municipality_id != application.family.municipality_id:
        raise DomainError(_("Velg en kontaktperson i kommunen."), field="contact_person")

    right_rows = []
    for right in RIGHTS:
        outcome, reasons, generous = outcomes.get(right, (Outcome.NOT_APPLIED, "", ""))
        reasons, generous = (reasons or "").strip(), (generous or "").strip()
        if outcome not in Outcome.values:
            raise DomainError(_("Ugyldig resultat."), field=f"{right}_outcome")
        status = rights[right]["status"]
        label = Right(right).label
        if outcome in (Outcome.GRANTED, Outcome.PARTLY) and status != rules.Status.YES and not generous:
            raise DomainError(
                _(
                    "Vilkårene for %(right)s er ikke oppfylt etter loven. "
                    "Skriv hvorfor kommunen likevel innvilger."
                )
                % {"right": str(label).lower()},
                field=f"{right}_more_generous",
            )
        if outcome == Outcome.REFUSED and status == rules.Status.YES:
            raise DomainError(
                _(
                    "Vurderingen viser at familien har rett til %(right)s. "
                    "En rett etter loven kan ikke avslås; endre vurderingen hvis den er feil."
                )
                % {"right": str(label).lower()},
                field=f"{right}_outcome",
            )
        if outcome in (Outcome.PARTLY, Outcome.REFUSED) and not reasons:
            raise DomainError(_("Begrunn resultatet."), field=f"{right}_reasons")
        right_rows.append(
            DecisionRight(
                right=right,
                outcome=outcome,
                reasons=reasons,
                assessed_status=status,
                more_generous_than_law=generous if outcome in (Outcome.GRANTED, Outcome.PARTLY) else "",
                criteria=rights[right]["criteria"],
                law=list(RIGHT_LAW[right]),
            )
        )
    granted = {r.right for r in right_rows if r.granted}
    if not any(r.outcome != Outcome.NOT_APPLIED for r in right_rows):
        raise DomainError(_("Vedtaket må avgjøre minst én rettighet."), field=f"{Right.COORDINATOR}_outcome")
    if {Right.COORDINATOR, Right.CHILD_COORDINATOR} <= granted:
        raise DomainError(
            _(
                "En familie skal ikke ha to koordinatorer fra kommunen. "
                "Avklar med familien om de vil ha koordinator eller barnekoordinator, og innvilg én av dem."
            ),
            field=f"{Right.CHILD_COORDINATOR}_outcome",
        )

    legal_basis = [law for r in right_rows if r.outcome != Outcome.NOT_APPLIED for law in r.law]
    decision = Decision(
        application=application,
        replaces=replaces,
        assessment=assessment,
        decided_on=today,
        valid_from=valid_from,
        notified_on=notified_on,
        complaint_deadline=complaint_deadline(notified_on),
        facts=facts.strip(),
        family_views=family_views.strip(),
        child_views=(child_views or "").strip(),
        weighing=weighing.strip(),
        legal_basis=legal_basis,
        contact_person=contact_person,
        decided_by=by_user,
    )
    decision.letter_pdf = letters.render_decision_letter(decision, right_rows)
    decision.save()
    for row in right_rows:
        row.decision = decision
    DecisionRight.objects.bulk_create(right_rows)
    if application.status != ApplicationStatus.DECIDED:
        application.status = ApplicationStatus.DECIDED
        application.save(update_fields=["status"])
    if complaint is not None:
        complaint.state = ComplaintState.UPHELD
        complaint.resolved_on = today
        complaint.new_decision = decision
        complaint.save()
    audit.changed(application.family_id, "decision", decision.pk)
    if complaint is not None:
        audit.changed(application.family_id, "complaint", complaint.pk)
    return decision


# --- Complaints ---------------------------------------------------------------------------------


@transaction.atomic
def register_complaint(
    decision: Decision, by_user, grounds: str, received_on=None, channel=Channel.PORTAL, today=None
) -> Complaint:
    """Receive a complaint on a decision. It goes to the municipality first (pbrl § 7-2). A late complaint
    is still received and marked late: the municipality may consider it (forvaltningsloven § 31)."""
    today = today or today_oslo()
    received_on = received_on or today
    if received_on > today:
        raise DomainError(_("Mottatt dato kan ikke være etter i dag."), field="received_on")
    if received_on < decision.decided_on:
        raise DomainError(_("Klagen kan ikke være mottatt før vedtaket ble fattet."), field="received_on")
    if channel not in Channel.values:
        raise DomainError(_("Ukjent kanal."), field="channel")
    grounds = (grounds or "").strip()
    if not grounds:
        raise DomainError(_("Skriv hva dere klager på, og hvorfor."), field="grounds")
    decision = (
        Decision.objects.select_for_update(of=("self",)).select_related("application").get(pk=decision.pk)
    )
    if Decision.objects.filter(replaces=decision).exists():
        raise DomainError(_("Vedtaket er erstattet av et nytt vedtak. Klag på det nye vedtaket."))
    if decision.complaints.filter(state__in=[ComplaintState.RECEIVED, ComplaintState.RECONSIDERING]).exists():
        raise DomainError(_("Det er allerede en klage på dette vedtaket som behandles."))
    complaint = Complaint.objects.create(
        decision=decision, grounds=grounds, received_on=received_on, channel=channel, submitted_by=by_user
    )
    audit.changed(decision.application.family_id, "complaint", complaint.pk)
    return complaint


@transaction.atomic
def start_reconsideration(complaint: Complaint, by_user, today=None) -> Complaint:
    complaint = (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("decision__application")
        .get(pk=complaint.pk)
    )
    if complaint.state != ComplaintState.RECEIVED:
        raise DomainError(_("Klagen er allerede under behandling eller avgjort."))
    complaint.state = ComplaintState.RECONSIDERING
    complaint.reconsideration_started_on = today or today_oslo()
    complaint.save()
    audit.changed(complaint.decision.application.family_id, "complaint", complaint.pk)
    return complaint


@transaction.atomic
def forward_complaint(complaint: Complaint, by_user, municipality_assessment: str, today=None) -> Complaint:
    """The municipality does not agree: send the complaint and the case documents to Statsforvalteren
    (pasient- og brukerrettighetsloven § 7-2) as one PDF bundle, and tell the family."""
    today = today or today_oslo()
    complaint = (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("decision__application__family")
        .get(pk=complaint.pk)
    )
    if not complaint.is_open:
        raise DomainError(_("Klagen er allerede avgjort."))
    assessment = (municipality_assessment or "").strip()
    if not assessment:
        raise DomainError(_("Skriv kommunens vurdering av klagen."), field="municipality_assessment")
    complaint.state = ComplaintState.FORWARDED
    complaint.municipality_assessment = assessment
    complaint.reconsideration_started_on = complaint.reconsideration_started_on or today
    complaint.resolved_on = today
    complaint.forwarded_on = today
    complaint.bundle_pdf = letters.render_complaint_bundle(complaint)
    complaint.save()
    audit.changed(complaint.decision.application.family_id, "complaint", complaint.pk)
    return complaint


# --- Appointing the coordinator -----------------------------------------------------------------


@transaction.atomic
def appoint_coordinator(
    family: Family,
    by_user,
    *,
    coordinator,
    kind: str,
    starts_on,
    need_level: int = NeedLevel.MEDIUM,
    chosen_because: str = "",
    application: Application | None = None,
    change_request: ChangeOfCoordinatorRequest | None = None,
    today=None,
) -> CoordinatorAssignment:
    """Appoint the family's coordinator (hol §§ 7-2, 7-2 a). A family has one municipal coordinator at a
    time: a new appointment replaces the current one only when the family asked to change."""
    today = today or today_oslo()
    family = Family.objects.select_for_update(of=("self",)).get(pk=family.pk)
    if (
        coordinator is None
        or coordinator.role != Role.COORDINATOR
        or coordinator.municipality_id != family.municipality_id
    ):
        raise DomainError(_("Velg en koordinator i kommunen."), field="coordinator")
    if kind not in CoordinatorKind.values:
        raise DomainError(_("Velg koordinator eller barnekoordinator."), field="kind")
    if need_level not in NeedLevel.values:
        raise DomainError(_("Ugyldig behov."), field="need_level")
    if starts_on is None or starts_on < today - datetime.timedelta(days=31):
        raise DomainError(_("Startdatoen kan ikke være mer enn en måned tilbake i tid."), field="starts_on")
    if application is not None:
        decision = current_decision(application)
        granted = {r.right for r in decision.rights.all() if r.granted} if decision else set()
        if not granted & set(KIND_OF_RIGHT):
            raise DomainError(
                _("Søknaden har ikke et vedtak som gir rett til koordinator eller barnekoordinator.")
            )
        if kind not in {KIND_OF_RIGHT[r] for r in granted & set(KIND_OF_RIGHT)}:
            raise DomainError(_("Vedtaket gir rett til en annen type koordinator."), field="kind")
    current = (
        CoordinatorAssignment.objects.select_for_update(of=("self",))
        .filter(family=family, ends_on__isnull=True)
        .first()
    )
    if current is not None:
        if change_request is None:
            raise DomainError(
                _(
                    "Familien har allerede %(name)s som koordinator. "
                    "En familie har bare én koordinator fra kommunen om gangen."
                )
                % {"name": current.coordinator.get_full_name()},
                field="coordinator",
            )
        if current.coordinator_id == coordinator.pk:
            raise DomainError(_("Velg en annen koordinator enn den familien har nå."), field="coordinator")
        current.ends_on = max(current.starts_on, starts_on - datetime.timedelta(days=1))
        current.end_reason = _("Familien ba om å bytte koordinator.")
        current.save(update_fields=["ends_on", "end_reason"])
    if change_request is not None:
        change_request = ChangeOfCoordinatorRequest.objects.select_for_update(of=("self",)).get(
            pk=change_request.pk
        )
        if change_request.state != ChangeRequestState.OPEN or change_request.family_id != family.pk:
            raise DomainError(_("Ønsket om bytte er allerede besvart."))
    assignment = CoordinatorAssignment.objects.create(
        family=family,
        coordinator=coordinator,
        kind=kind,
        starts_on=starts_on,
        need_level=need_level,
        chosen_because=(chosen_because or "").strip(),
        application=application,
        appointed_by=by_user,
    )
    if change_request is not None:
        change_request.state = ChangeRequestState.GRANTED
        change_request.resolved_on = today
        change_request.resolved_by = by_user
        change_request.new_assignment = assignment
        change_request.answer = change_request.answer or _("Dere har fått ny koordinator: %(name)s.") % {
            "name": coordinator.get_full_name()
        }
        change_request.save()
    audit.changed(family.pk, "assignment", assignment.pk)
    if change_request is not None:
        audit.changed(family.pk, "change_request", change_request.pk)
    return assignment


@transaction.atomic
def request_change_of_coordinator(family: Family, by_user, reason: str, wishes: str = "", today=None):
    """The family asks for another coordinator, with a reason; the request reaches the caseworker."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Skriv hvorfor dere ønsker å bytte."), field="reason")
    assignment = CoordinatorAssignment.objects.filter(family=family, ends_on__isnull=True).first()
    if assignment is None:
        raise DomainError(_("Familien har ingen koordinator å bytte."))
    if ChangeOfCoordinatorRequest.objects.filter(family=family, state=ChangeRequestState.OPEN).exists():
        raise DomainError(
            _("Dere har allerede bedt om å bytte. Koordinerende enhet svarer så snart som mulig.")
        )
    change_request = ChangeOfCoordinatorRequest.objects.create(
        family=family,
        assignment=assignment,
        reason=reason,
        wishes=(wishes or "").strip(),
        requested_by=by_user,
        requested_on=today or today_oslo(),
    )
    audit.changed(family.pk, "change_request", change_request.pk)
    return change_request


@transaction.atomic
def decline_change_request(change_request: ChangeOfCoordinatorRequest, by_user, answer: str, today=None):
    answer = (answer or "").strip()
    if not answer:
        raise DomainError(_("Skriv et svar til familien om hvorfor de ikke får bytte nå."), field="answer")
    change_request = ChangeOfCoordinatorRequest.objects.select_for_update(of=("self",)).get(
        pk=change_request.pk
    )
    if change_request.state != ChangeRequestState.OPEN:
        raise DomainError(_("Ønsket om bytte er allerede besvart."))
    change_request.state = ChangeRequestState.DECLINED
    change_request.answer = answer
    change_request.resolved_on = today or today_oslo()
    change_request.resolved_by = by_user
    change_request.save()
    audit.changed(change_request.family_id, "change_request", change_request.pk)
    return change_request


# --- Training -----------------------------------------------------------------------------------


@transaction.atomic
def record_training(
    course: TrainingCourse, by_user, coordinator, completed_on, today=None
) -> TrainingCompletion:
    today = today or today_oslo()
    if (
        coordinator is None
        or coordinator.role != Role.COORDINATOR
        or coordinator.municipality_id != course.municipality_id
    ):
        raise DomainError(_("Velg en koordinator i kommunen."), field="coordinator")
    if completed_on is None or completed_on > today:
        raise DomainError(_("Fullført dato kan ikke være etter i dag."), field="completed_on")
    if TrainingCompletion.objects.filter(course=course, coordinator=coordinator).exists():
        raise DomainError(_("Koordinatoren er allerede registrert med dette kurset."), field="coordinator")
    return TrainingCompletion.objects.create(
        course=course, coordinator=coordinator, completed_on=completed_on, recorded_by=by_user
    )


def coordinators_in(municipality_id: int):
    from los.core.models import User

    return User.objects.filter(
        role=Role.COORDINATOR, municipality_id=municipality_id, is_active=True
    ).order_by("first_name", "last_name", "id")
