"""The "consent waits for a signature" section of the staff family page.

A pending consent shares nothing until everyone who must consent has given it (helsepersonelloven
§§ 21-22, forvaltningsloven § 13 a). The section names whose signature is missing and how they can give
it; the coordinator and the caseworker (RECORD_CONSENT) can register a signature given on a paper form.
Built from the record policy's rows (`access.visible`, where a professional sees no pending consent) and
without logging: the page has logged its read of the family.
"""

from los.core.access import Capability
from los.core.policy import Area
from los.core.sections import STAFF, Section, register
from los.people.selectors import family_detail

from . import services
from .models import Consent


def waiting_consents(grant) -> list[Consent]:
    """The family's consents that wait for a signature, as this grant may see them, each with
    `missing` (the guardians who have not signed) and `how` (how each of them can give it). Read from
    the family page's own read of the family (`family_detail`: its guardians and consents as the record
    policy shows them), not read again."""
    if not grant.reaches(Area.REGISTRATION):
        return []
    family = family_detail(grant)
    holders = [g for g in family.guardians.all() if g.has_parental_responsibility]
    waiting = []
    for consent in family.all_consents:
        if consent.effective_at is not None or consent.withdrawn_at is not None:
            continue
        signed = {s.guardian_id for s in consent.signatures.all()}
        if consent.ends_on and consent.ends_on < grant.day:
            continue
        consent.missing = [g for g in holders if g.pk not in signed]
        consent.how = [services.how_to_sign(g) for g in consent.missing]
        consent.version = services.version_of(consent)
        if consent.missing:
            waiting.append(consent)
    return waiting


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
