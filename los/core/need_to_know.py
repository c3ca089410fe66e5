"""The coordinating unit's stated need to know (tjenstlig behov).

A caseworker reaches a family's registration and case records by their role. The plan, minutes,
calendar, team and relay log hold health information the unit needs only now and then; to open them the
caseworker states why, for one day (helsepersonelloven § 21 a: no one may read health information
without a need in their work; pasientjournalloven § 16). Every read made under it carries the stated
reason in the access log, which the family reads.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit
from .errors import DomainError
from .models import NeedToKnow, NeedToKnowReason

VALID_FOR = datetime.timedelta(days=1)


@transaction.atomic
def state_need(grant, reason: str, explanation: str) -> NeedToKnow:
    """Record a caseworker's need to know for one family, valid for one day from now, with a reason from
    the list and an explanation of at least ten characters (helsepersonelloven § 21 a;
    pasientjournalforskriften: access only as far as the work needs). Only a caseworker states one."""
    if not grant.is_caseworker:
        raise DomainError(_("Bare saksbehandlere i koordinerende enhet oppgir tjenstlig behov."))
    if reason not in NeedToKnowReason.values:
        raise DomainError(_("Velg en grunn fra listen."), field="reason")
    explanation = (explanation or "").strip()
    if len(explanation) < 10:
        raise DomainError(
            _("Skriv kort hvorfor du trenger opplysningene (minst 10 tegn)."), field="explanation"
        )
    now = timezone.now()
    stated = NeedToKnow.objects.create(
        user=grant.user,
        family=grant.family,
        reason=reason,
        explanation=explanation[:300],
        starts_at=now,
        expires_at=now + VALID_FOR,
    )
    audit.changed(grant.family.pk, "need_to_know", stated.pk)
    return stated
