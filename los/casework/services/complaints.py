"""Complaints on decisions: received by the municipality, reconsidered, and upheld with a new decision
(`decisions.decide(..., complaint=...)`) or forwarded to Statsforvalteren (pasient- og
brukerrettighetsloven § 7-2; forvaltningsloven §§ 28-34).
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from los.core import audit, dates
from los.core.errors import DomainError

from .. import letters
from ..models import Channel, Complaint, ComplaintState, Decision


@transaction.atomic
def register_complaint(
    decision: Decision, by_user, grounds: str, received_on=None, channel=Channel.PORTAL, today=None
) -> Complaint:
    """Receive a complaint on a decision. It goes to the municipality first (pbrl § 7-2). A late complaint
    is still received and marked late: the municipality may consider it (forvaltningsloven § 31)."""
    today = today or dates.today()
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
    """The municipality starts to reconsider a received complaint (pbrl § 7-2: the municipality first); the
    family sees it."""
    complaint = (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("decision__application")
        .get(pk=complaint.pk)
    )
    if complaint.state != ComplaintState.RECEIVED:
        raise DomainError(_("Klagen er allerede under behandling eller avgjort."))
    complaint.state = ComplaintState.RECONSIDERING
    complaint.reconsideration_started_on = today or dates.today()
    complaint.save()
    audit.changed(complaint.decision.application.family_id, "complaint", complaint.pk)
    return complaint


@transaction.atomic
def forward_complaint(complaint: Complaint, by_user, municipality_assessment: str, today=None) -> Complaint:
    """The municipality does not agree: send the complaint and the case documents to Statsforvalteren
    (pasient- og brukerrettighetsloven § 7-2) as one PDF bundle, and tell the family."""
    today = today or dates.today()
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
