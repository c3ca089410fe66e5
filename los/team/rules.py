"""When a BTI relay log (stafettlogg) may change: only while it is open, and only while the family has an
active consent to cooperation between the services (helsepersonelloven §§ 21-22, forvaltningsloven § 13 a;
BTI, Helsedirektoratet: the log exists only with consent).

The log's own workflows (`los.team.services.relay`) ask this, and so do the plan's goal and measure
workflows, which the log shares (`los.plans.services.goals`); this module imports neither, so the plans
app never loads the relay log's workflows.
"""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from los.consent.models import Consent
from los.core import dates
from los.core.errors import DomainError
from los.people.models import Family


def no_consent_message() -> str:
    """Why a relay log cannot be opened or written in: the family has no active consent."""
    return _(
        "Familien har ikke et gyldig samtykke. En stafettlogg kan bare brukes når foresatte har samtykket "
        "til samarbeid mellom tjenestene. Foresatte gir samtykke på sine sider i Los, eller dere registrerer "
        "et samtykke gitt på papir."
    )


def active_consents(family: Family, today: datetime.date | None = None) -> QuerySet:
    """The family's consents in force today (or on `today`)."""
    return Consent.objects.active_on(today or dates.today()).filter(family=family)


def covered_service_ids(family: Family) -> set[int]:
    """The services an active consent names: only they may take part in a relay log."""
    return set(active_consents(family).values_list("services", flat=True))


def require_consent(family: Family) -> None:
    """Refuse any work on a relay log while the family has no active consent."""
    if not active_consents(family).exists():
        raise DomainError(no_consent_message())


def check_relay_editable(log) -> None:
    """Refuse a change to a closed relay log, or to any log while the family has no active consent."""
    if log.closed_at is not None:
        raise DomainError(_("Stafettloggen er avsluttet og kan ikke endres."))
    require_consent(log.family)
