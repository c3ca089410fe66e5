"""Interim replies and decisions on an application.

An application that cannot be answered within a month gets an interim reply (forvaltningsloven § 11 a).
A decision states the facts, the family's and the child's views, the weighing and the outcome of each
right with its reasons (forvaltningsloven §§ 24, 25, 27); its letter is stored with it. A decision is
never edited: a new one replaces it. Which outcomes the law allows is decided in `los.casework.outcomes`.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from los.core import audit, dates
from los.core.errors import DomainError

from .. import letters
from ..deadlines import complaint_deadline
from ..models import (
    Application,
    ApplicationStatus,
    Complaint,
    ComplaintState,
    Decision,
    DecisionRight,
    InterimReply,
)
from ..outcomes import judge, legal_basis
from .assessments import final_rights, latest_assessment


@transaction.atomic
def send_interim_reply(
    application: Application, by_user, reason: str, expected_by, today=None
) -> InterimReply:
    """Send a foreløpig svar (forvaltningsloven § 11 a): why it takes time and when the answer comes."""
    today = today or dates.today()
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


def granted_rights(application: Application) -> set[str]:
    """The rights the decision in force grants (fully or partly); none without a decision."""
    decision = current_decision(application)
    return {r.right for r in decision.rights.all() if r.granted} if decision else set()


def draft_decision(
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
) -> tuple[Decision, list[DecisionRight]]:
    """The decision and its per-right outcomes as `decide` would make them, checked by the same rules but
    not saved: what the caseworker previews the letter from before the decision becomes final
    (forvaltningsloven §§ 24, 25, 27). Writes nothing and logs nothing."""
    today = today or dates.today()
    if application.status == ApplicationStatus.WITHDRAWN:
        raise DomainError(_("Søknaden er trukket."))
    current = current_decision(application)
    if current is not None and (replaces is None or replaces.pk != current.pk):
        raise DomainError(_("Søknaden har et vedtak. Et nytt vedtak må erstatte det gjeldende vedtaket."))
    if replaces is not None and replaces.application_id != application.pk:
        raise DomainError(_("Vedtaket hører til en annen søknad."))
    if complaint is not None:
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

    right_rows = [DecisionRight(**vars(judged)) for judged in judge(rights, outcomes)]
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
        legal_basis=legal_basis(right_rows),
        contact_person=contact_person,
        decided_by=by_user,
    )
    return decision, right_rows


def preview_letter(application: Application, by_user, **fields) -> str:
    """The decision letter's body as HTML for a decision not yet made (see `draft_decision`)."""
    decision, right_rows = draft_decision(application, by_user, **fields)
    return letters.decision_letter_body(decision, right_rows)


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
    new decision. The rules are those of `draft_decision`; the letter is the one the preview showed."""
    today = today or dates.today()
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("family__municipality")
        .get(pk=application.pk)
    )
    if complaint is not None:
        complaint = Complaint.objects.select_for_update(of=("self",)).get(pk=complaint.pk)
    decision, right_rows = draft_decision(
        application,
        by_user,
        outcomes=outcomes,
        valid_from=valid_from,
        facts=facts,
        family_views=family_views,
        weighing=weighing,
        contact_person=contact_person,
        child_views=child_views,
        notified_on=notified_on,
        replaces=replaces,
        complaint=complaint,
        today=today,
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
