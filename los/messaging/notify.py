"""Telling the coordinator about the health network: a message that arrived, and one that was rejected."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from los.coordinators.models import CoordinatorAssignment
from los.notifications.models import Kind
from los.notifications.services import notify

from .models import HealthMessage


def _coordinators(message: HealthMessage) -> list:
    current = CoordinatorAssignment.objects.current().filter(family_id=message.family_id)
    return [a.coordinator for a in current.select_related("coordinator")]


def rejected(message: HealthMessage) -> None:
    """The receiver's AppRec said no: the writer and the family's coordinators are told why."""
    reasons = "; ".join(text for _code, text in message.receipt_errors) or _("ingen grunn oppgitt")
    notify(
        [message.written_by, *_coordinators(message)],
        Kind.HEALTH_MESSAGE_REJECTED,
        _("Meldingen til %(service)s ble avvist: %(reasons)s")
        % {"service": message.service.name, "reasons": reasons},
        url=reverse("messaging:list", args=[message.family_id]),
        family=message.family,
    )


def received(message: HealthMessage) -> None:
    """A Dialogmelding arrived in the family's thread: its coordinators are told."""
    notify(
        _coordinators(message),
        Kind.HEALTH_MESSAGE,
        _("Ny melding fra %(service)s: %(subject)s")
        % {"service": message.service.name, "subject": message.subject_text},
        url=reverse("messaging:list", args=[message.family_id]),
        family=message.family,
    )
