"""No lost update: a record edited on a page carries the version the page showed (optimistic locking).

Two coordinators open the plan; both save. Without a version the second save silently overwrites the
first. Each record that is edited in place (the plan's working version, its goals and measures, minutes,
appointment needs, appointments) has a `lock_version` that every save raises by one. The page carries
the number it was shown as a hidden field (`track`, `VersionField`; a button posts it as `lock_version`,
read with `posted`); the service takes the next number with one conditional UPDATE (`claim`):

    UPDATE … SET lock_version = lock_version + 1 WHERE id = %s AND lock_version = %s

so of two saves from the same page exactly one passes, on PostgreSQL and SQLite alike, and the other is
refused (`StaleEdit`) with a message in bokmål that says who changed the record last and when. Nothing
of the refused save is kept, but the page shows the user's text again (`run_form`), now carrying the
current number: saving once more, knowingly, replaces the other change.

A client that sends no version (an older page, the API) is still protected inside its own request: the
version the service loaded is the one it must find when it writes. A consent is never edited; its row
counts its signatures and its withdrawal the same way, and the consent pages carry a fingerprint of what
the consent says instead (`los.consent.services.version_of`). A decision has no draft: it is made once
and replaced by a new one (`los.casework.services.decisions.decide` refuses to replace one that is no
longer in force).
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import dates
from .errors import DomainError
from .models import AccessAction, AccessLogEntry

#: The form field's name, and the models' field name (a plan's goals already have a `version`: the plan
#: version they belong to, so the row's counter is called after the lock it is).
FIELD = "lock_version"

#: What a version that cannot be read becomes: it matches no row, so the save is refused, never applied.
UNREADABLE = -1

#: The largest version a form may carry (the column is a PostgreSQL integer).
MAX_VERSION = 2**31 - 1

#: The next version, for a queryset's `update(…, lock_version=NEXT)` by a writer that changes rows no
#: page edits directly (a proposal sent marks its needs requested).
NEXT = F(FIELD) + 1

#: How far apart the access log's time and the record's own change time may be and still name the same
#: change (the service writes both in one transaction).
SAME_CHANGE = datetime.timedelta(seconds=5)


class VersionField(forms.Field):
    """The record's `lock_version` as the page showed it, in a hidden input. Empty when the page sent
    none; a number that cannot be read becomes `UNREADABLE`, which is refused as a stale page."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", gettext_lazy("Endringsnummer"))
        super().__init__(**kwargs)

    def to_python(self, value) -> int | None:
        if value in self.empty_values:
            return None
        try:
            number = int(str(value).strip())
        except (TypeError, ValueError):
            return UNREADABLE
        return number if 0 <= number <= MAX_VERSION else UNREADABLE


class StaleEdit(DomainError):
    """The record changed after the page was opened; nothing was saved. `current` is the record's
    version now, which the page carries from here on."""

    def __init__(self, message: str, current: int | None):
        super().__init__(message)
        self.current = current

    def update_form(self, form) -> None:
        """The form carries the record's current version, so the user's text stays and a second save,
        made knowing of the other change, goes through."""
        if self.current is not None and FIELD in form.fields:
            data = form.data.copy()
            data[form.add_prefix(FIELD)] = str(self.current)
            form.data = data


def track(form, record):
    """Give `form` the hidden version field, showing `record`'s version (0 when the page makes a new
    record). Returns the form; its cleaned data then has `lock_version` for the service."""
    form.fields[FIELD] = VersionField()
    form.initial[FIELD] = getattr(record, FIELD) if record is not None else 0
    return form


def posted(request) -> int | None:
    """The version a button without a form field (remove, close, cancel, withdraw) posted, or None."""
    return VersionField().clean(request.POST.get(FIELD))


def claim(
    record,
    expected: int | None,
    *,
    what: str,
    family_id: int,
    record_type: str,
    changed_by: str | None = None,
    changed_at: str | None = None,
    button: bool = False,
) -> int:
    """Take the record's next version in one `UPDATE … WHERE lock_version = expected`, or refuse with
    `StaleEdit` when someone saved it since the page showed `expected` (None: since this request loaded
    it). The caller saves its change in the same transaction; `record.lock_version` is set to the new
    number, so a full `save()` keeps it. Returns the new version.

    `what` names the record in the message ("planen", "målet"); `family_id` and `record_type` find the
    last change in the access log; `changed_by` and `changed_at` name the record's own fields that say
    who changed it last and when, where it keeps them. `button`: the change is a button (close, cancel,
    remove) rather than a form with the user's text."""
    base = getattr(record, FIELD) if expected is None else expected
    rows = type(record)._base_manager.filter(pk=record.pk)
    if base >= 0 and rows.filter(**{FIELD: base}).update(**{FIELD: NEXT}):
        setattr(record, FIELD, base + 1)
        return base + 1
    current = rows.first()
    who = getattr(current, changed_by, None) if changed_by and current else None
    when = getattr(current, changed_at, None) if changed_at and current else None
    logged = last_change(family_id, record_type, record.pk, near=when)
    raise StaleEdit(stale_message(what, logged or (who, when), button=button), getattr(current, FIELD, None))


def last_change(family_id: int, record_type: str, record_id, *, near=None) -> tuple[str, Any] | None:
    """Who changed the record last and when, as the family's access log has it: (name, time), or None
    when the log has no change of it (a change made outside a request is not logged), or, given `near`
    (the record's own change time), none close to it."""
    entry = (
        AccessLogEntry.objects.filter(
            family_id=family_id, action=AccessAction.CHANGE, record_type=record_type, record_id=str(record_id)
        )
        .order_by("-seq")
        .values_list("actor_name", "at")
        .first()
    )
    if entry is None or (near is not None and abs(entry[1] - near) > SAME_CHANGE):
        return None
    return entry


def stale_message(what: str, who_when: tuple, *, button: bool = False) -> str:
    """The refusal in bokmål: what changed, by whom and when (or "noen andre" when that is not known),
    that nothing is saved, and how to go on."""
    who, when = who_when
    name = getattr(who, "display_name", who) or _("noen andre")
    parts = {"what": what, "who": name}
    if when is not None:
        moment = timezone.localtime(when)
        parts["when"] = _("%(date)s kl. %(time)s") % {
            "date": dates.long_date(moment.date()),
            "time": moment.strftime("%H.%M"),
        }
        first = _("%(what)s ble endret av %(who)s %(when)s, etter at du åpnet siden.") % parts
    else:
        first = _("%(what)s ble endret av %(who)s etter at du åpnet siden.") % parts
    first = first[:1].upper() + first[1:]
    if button:
        return " ".join(
            [first, _("Ingenting er endret. Se over siden på nytt, og prøv igjen hvis du fortsatt vil.")]
        )
    return " ".join(
        [
            first,
            _("Endringen din er ikke lagret, men det du skrev, står fortsatt i skjemaet."),
            _(
                "Åpne siden i en ny fane for å se hva som er endret. "
                "Lagrer du igjen, erstatter du den andre endringen."
            ),
        ]
    )
