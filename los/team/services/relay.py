"""Workflows of the BTI relay log (stafettlogg): open (only with consent), write, hand over the baton,
close, and carry into an individual plan.

BTI (Bedre tverrfaglig innsats, Helsedirektoratet): the relay holder keeps the baton until a new holder has
explicitly accepted it; the log exists only with consent; parents read all of it and may close it; when the
child gets a right to an individual plan and wants one, the log is closed and the work continues in the plan
(pasient- og brukerrettighetsloven § 2-5). Sharing rests on consent (helsepersonelloven §§ 21-22, fvl § 13 a).

When a log may change is in `los.team.rules`. This module builds on the plan's workflows (carrying a log
into a plan, the goals and measures the log shares with the plan); the plans app never imports it.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from los.core import access, audit, dates
from los.core.errors import DomainError
from los.core.models import User
from los.notifications.models import Kind
from los.notifications.services import notify
from los.people.models import Family, Service
from los.plans.models import IndividualPlan, PlanVersion
from los.plans.services import RELAY
from los.plans.services import plan as plan_services
from los.team.models import EntryKind, RelayEntry, RelayHandover, RelayLevel, RelayLog
from los.team.rules import (
    active_consents,
    check_relay_editable,
    covered_service_ids,
    no_consent_message,
    require_consent,
)

__all__ = [
    "active_consents",
    "add_entry",
    "answer_handover",
    "carry_into_plan",
    "check_relay_editable",
    "close_relay_log",
    "covered_service_ids",
    "may_hold",
    "no_consent_message",
    "offer_handover",
    "open_relay_log",
    "require_consent",
    "update_relay_log",
    "withdraw_handover",
]


def _check_level(level) -> int:
    if isinstance(level, bool) or not isinstance(level, int) or level not in RelayLevel.values:
        raise DomainError(_("Nivået må være 0, 1, 2 eller 3."), field="level")
    return level


def _check_services(family: Family, services: list[Service]) -> None:
    """New services need new or extended consent: only services the consent covers may join the log."""
    covered = covered_service_ids(family)
    for service in services:
        if service.organisation.municipality_id != family.municipality_id:
            raise DomainError(_("Tjenesten finnes ikke i kommunen."), field="services")
        if service.pk not in covered:
            raise DomainError(
                _("Samtykket dekker ikke %(service)s. Be familien utvide samtykket før tjenesten kommer med.")
                % {"service": service.name},
                field="services",
            )


def _check_holder_sees(log: RelayLog, holder: User) -> None:
    """The relay holder must be able to read the log: for a professional, a service the consent covers
    must take part in it (the record policy shows a log to professionals only through its services)."""
    if not access.may_see(holder, log):
        raise DomainError(
            _(
                "Velg minst én tjeneste som samtykket dekker. Uten den kan ikke stafettholderen se "
                "stafettloggen."
            ),
            field="services",
        )


def _event(log: RelayLog, by_user: User, text: str) -> None:
    RelayEntry.objects.create(relay_log=log, kind=EntryKind.EVENT, text=text, author=by_user)


@transaction.atomic
def open_relay_log(
    family: Family, by_user: User, *, concern: str, level: int, services=(), child=None
) -> RelayLog:
    """Open a relay log with `by_user` as relay holder. Only with an active consent."""
    require_consent(family)
    level = _check_level(level)
    if not (concern or "").strip():
        raise DomainError(_("Beskriv bekymringen."), field="concern")
    if child is not None and child.family_id != family.pk:
        raise DomainError(_("Barnet hører ikke til familien."), field="child")
    services = list(services)
    _check_services(family, services)
    log = RelayLog.objects.create(
        family=family, child=child, concern=concern.strip(), level=level, holder=by_user, opened_by=by_user
    )
    log.services.set(services)
    _check_holder_sees(log, by_user)
    audit.changed(family.pk, RELAY, log.pk)
    return log


def _require_holder(log: RelayLog, by_user: User) -> None:
    if log.holder_id != by_user.pk:
        raise DomainError(_("Bare stafettholderen kan gjøre dette."))


@transaction.atomic
def update_relay_log(log: RelayLog, by_user: User, *, concern: str, level: int, services) -> RelayLog:
    """The relay holder rewrites the concern, changes the BTI level (written in the log as an event) or the
    services taking part; only services an active consent covers may take part."""
    log = RelayLog.objects.select_for_update(of=("self",)).select_related("family").get(pk=log.pk)
    _require_holder(log, by_user)
    check_relay_editable(log)
    level = _check_level(level)
    if not (concern or "").strip():
        raise DomainError(_("Beskriv bekymringen."), field="concern")
    services = list(services)
    _check_services(log.family, services)
    if level != log.level:
        _event(
            log, by_user, _("Nivået er endret fra %(old)s til %(new)s.") % {"old": log.level, "new": level}
        )
    log.concern, log.level = concern.strip(), level
    log.save()
    log.services.set(services)
    _check_holder_sees(log, by_user)
    audit.changed(log.family_id, RELAY, log.pk)
    return log


@transaction.atomic
def add_entry(
    log: RelayLog, by_user: User, *, kind: str, text: str, happened_on: datetime.date
) -> RelayEntry:
    """A short meeting note, a positive observation or a message. Staff on the log may write."""
    check_relay_editable(log)
    if kind not in (EntryKind.MEETING_NOTE, EntryKind.POSITIVE, EntryKind.MESSAGE):
        raise DomainError(_("Velg hva slags notat det er."), field="kind")
    if not (text or "").strip():
        raise DomainError(_("Skriv notatet."), field="text")
    if happened_on > dates.today():
        raise DomainError(_("Datoen kan ikke være fram i tid."), field="happened_on")
    entry = RelayEntry.objects.create(
        relay_log=log, kind=kind, text=text.strip(), happened_on=happened_on, author=by_user
    )
    audit.changed(log.family_id, RELAY, log.pk)
    return entry


def may_hold(user: User, log: RelayLog) -> bool:
    """A relay holder must be staff who may read this log now, through the access policy (role, team,
    consent, and for the coordinating unit a stated need to know)."""
    grant = access.grant_for(user, log.family_id)
    return grant is not None and grant.can(access.Capability.STAFF_VIEW) and access.may_see(user, log)


@transaction.atomic
def offer_handover(log: RelayLog, by_user: User, *, to_holder: User, note: str = "") -> RelayHandover:
    """Offer the baton to a new holder. The old holder keeps it until the new one accepts."""
    log = RelayLog.objects.select_for_update(of=("self",)).select_related("family").get(pk=log.pk)
    _require_holder(log, by_user)
    check_relay_editable(log)
    if to_holder.pk == log.holder_id:
        raise DomainError(_("Du er allerede stafettholder."), field="to_holder")
    if not may_hold(to_holder, log):
        raise DomainError(
            _("%(name)s har ikke tilgang til familien. Den nye stafettholderen må være med i samtykket.")
            % {"name": to_holder.display_name},
            field="to_holder",
        )
    if log.handovers.filter(
        accepted_at__isnull=True, declined_at__isnull=True, withdrawn_at__isnull=True
    ).exists():
        raise DomainError(
            _("Det venter allerede en overlevering. Trekk den tilbake først."), field="to_holder"
        )
    handover = RelayHandover.objects.create(
        relay_log=log, from_holder=by_user, to_holder=to_holder, note=(note or "").strip()
    )
    _event(
        log,
        by_user,
        _("Stafetten er tilbudt %(name)s. Den gjelder når hen har godtatt den.")
        % {"name": to_holder.display_name},
    )
    audit.changed(log.family_id, RELAY, log.pk)
    _notify(
        to_holder, log, _("Du er spurt om å bli stafettholder for %(family)s.") % {"family": log.family.name}
    )
    return handover


@transaction.atomic
def answer_handover(handover: RelayHandover, by_user: User, *, accept: bool) -> RelayHandover:
    """The offered holder accepts (and takes the baton) or declines (the old holder keeps it)."""
    handover = (
        RelayHandover.objects.select_for_update(of=("self",))
        .select_related("relay_log__family")
        .get(pk=handover.pk)
    )
    log = RelayLog.objects.select_for_update(of=("self",)).get(pk=handover.relay_log_id)
    if handover.to_holder_id != by_user.pk:
        raise DomainError(_("Bare den som er spurt, kan svare på overleveringen."))
    if not handover.is_pending:
        raise DomainError(_("Overleveringen er allerede besvart."))
    check_relay_editable(log)
    now = timezone.now()
    if accept:
        if not may_hold(by_user, log):
            raise DomainError(_("Du har ikke lenger tilgang til familien, og kan ikke ta over stafetten."))
        handover.accepted_at = now
        log.holder = by_user
        log.save(update_fields=["holder"])
        _event(log, by_user, _("%(name)s har tatt over stafetten.") % {"name": by_user.display_name})
    else:
        handover.declined_at = now
        _event(log, by_user, _("%(name)s takket nei til stafetten.") % {"name": by_user.display_name})
    handover.save()
    audit.changed(log.family_id, RELAY, log.pk)
    return handover


@transaction.atomic
def withdraw_handover(handover: RelayHandover, by_user: User) -> RelayHandover:
    """The relay holder takes back an offer not yet answered; the holder keeps the baton."""
    handover = (
        RelayHandover.objects.select_for_update(of=("self",)).select_related("relay_log").get(pk=handover.pk)
    )
    _require_holder(handover.relay_log, by_user)
    if not handover.is_pending:
        raise DomainError(_("Overleveringen er allerede besvart."))
    handover.withdrawn_at = timezone.now()
    handover.save()
    _event(handover.relay_log, by_user, _("Tilbudet om å overta stafetten er trukket tilbake."))
    audit.changed(handover.relay_log.family_id, RELAY, handover.relay_log_id)
    return handover


@transaction.atomic
def close_relay_log(
    log: RelayLog,
    by_user: User,
    *,
    reason: str,
    as_guardian: bool = False,
    carried_into: PlanVersion | None = None,
) -> RelayLog:
    """Close the log. The holder or a guardian may close it (parents may always close the log)."""
    log = RelayLog.objects.select_for_update(of=("self",)).get(pk=log.pk)
    if log.closed_at is not None:
        raise DomainError(_("Stafettloggen er allerede avsluttet."))
    if not as_guardian and carried_into is None:
        _require_holder(log, by_user)
    if not (reason or "").strip():
        raise DomainError(_("Skriv kort hvorfor loggen avsluttes."), field="reason")
    now = timezone.now()
    log.handovers.filter(
        accepted_at__isnull=True, declined_at__isnull=True, withdrawn_at__isnull=True
    ).update(withdrawn_at=now)
    log.closed_at, log.closed_by, log.close_reason, log.carried_into = (
        now,
        by_user,
        reason.strip(),
        carried_into,
    )
    log.save()
    audit.changed(log.family_id, RELAY, log.pk)
    return log


@transaction.atomic
def carry_into_plan(
    log: RelayLog, by_user: User, *, note: str = "", period_start=None, next_revision_on=None, period_end=None
) -> PlanVersion:
    """Close the log and continue its goals and measures in a new version of the family's individual plan.

    With no plan yet, the plan is made (it needs consent to the plan, pbrl § 2-5); with a plan, a revision
    makes the new version. The log keeps a reference to the version it was carried into.
    """
    log = RelayLog.objects.select_for_update(of=("self",)).select_related("family").get(pk=log.pk)
    if log.closed_at is not None:
        raise DomainError(_("Stafettloggen er allerede avsluttet."))
    family = log.family
    plan_services.require_plan_consent(family)
    reason = _("Videreført i individuell plan.")
    plan = IndividualPlan.objects.filter(family=family).first()
    if plan is None:
        if period_start is None or next_revision_on is None:
            raise DomainError(
                _("Oppgi når planen starter og når den skal revideres første gang."), field="period_start"
            )
        plan = plan_services.create_plan(
            family,
            by_user,
            period_start=period_start,
            period_end=period_end,
            next_revision_on=next_revision_on,
            child=log.child,
            needs=log.concern,
        )
        version = plan_services.working_version(plan)
    else:
        version = plan_services.revise(
            plan, by_user, (note or "").strip() or _("Mål og tiltak fra stafettloggen er tatt inn i planen.")
        )
    start = version.goals.count()
    plan_services._copy_goals(log.goals.prefetch_related("measures"), version=version, start=start)
    close_relay_log(log, by_user, reason=reason, carried_into=version)
    return version


def _notify(user: User, log: RelayLog, text: str) -> None:
    """The offered holder gets a task in Los (and by e-mail as they chose); the family page shows it too."""
    notify(
        [user],
        Kind.ACTION_ITEM_ASSIGNED,
        text,
        url=reverse("relay:detail", args=[log.family_id, log.pk]),
        family=log.family,
        child=log.child if log.child_id else None,
    )
