"""The "consent waits for a signature" section of the staff family page.

A pending consent shares nothing until everyone who must consent has given it (helsepersonelloven
§§ 21-22, forvaltningsloven § 13 a). The section names whose signature is missing and how they can give
it; the coordinator and the caseworker (RECORD_CONSENT) can register a signature given on a paper form.
Built from the record policy's rows (`access.visible`, where a professional sees no pending consent) and
without logging: the page has logged its read of the family.
"""

from django.db.models import Prefetch

from los.core import access
from los.core.access import Capability
from los.core.policy import Area
from los.core.sections import STAFF, Section, register
from los.people.models import Guardian

from . import services
from .models import Consent, ConsentSignature


def waiting_consents(grant) -> list[Consent]:
    """The family's consents that wait for a signature, as this grant may see them, each with
    `missing` (the guardians who have not signed) and `how` (how each of them can give it)."""
    if not grant.reaches(Area.REGISTRATION):
        return []
    family = grant.family
    guardians = list(access.visible(grant, Guardian).filter(family_id=family.pk))
    holders = [g for g in guardians if g.has_parental_responsibility]
    consents = list(
        access.visible(grant, Consent)
        .filter(effective_at__isnull=True, withdrawn_at__isnull=True)
        .prefetch_related("services", Prefetch("signatures", queryset=_signatures()))
        .order_by("-created_at", "-id")
    )
    waiting = []
    for consent in consents:
        signed = {s.guardian_id for s in consent.signatures.all()}
        if consent.ends_on and consent.ends_on < grant.day:
            continue
        consent.missing = [g for g in holders if g.pk not in signed]
        consent.how = [services.how_to_sign(g) for g in consent.missing]
        consent.version = services.version_of(consent)
        if consent.missing:
            waiting.append(consent)
    return waiting


def _signatures():
    return ConsentSignature.objects.select_related("guardian", "recorded_by")


def staff_section(grant) -> dict | None:
    """Pending consents on the staff family page, with the way to register a paper signature."""
    consents = waiting_consents(grant)
    if not consents:
        return None
    return {
        "family_id": grant.family.pk,
        "consents": consents,
        "can_record_consent": grant.can(Capability.RECORD_CONSENT),
        "requires_all": grant.family.municipality.consent_requires_all_guardians,
    }


register(
    Section("consent", order=5, template="consent/_waiting_section.html", build=staff_section, page=STAFF)
)
