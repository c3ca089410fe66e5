"""Giving, signing and withdrawing consent, and asking the family to extend it.

Who consents for a child: the guardians with parental responsibility. Whether all holders must consent
when they share it is unsettled for these schemes; the safe default requires all of them, and a
municipality may accept one (Municipality.consent_requires_all_guardians). Nothing about the family is
shared with a service the consent does not name (helsepersonelloven §§ 21-22, forvaltningsloven § 13 a):
for a new service to join the team, the coordinator asks the family to extend the consent.
"""

import datetime
import hashlib

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from los.core import access, audit, dates, versions
from los.core.errors import DomainError
from los.core.models import User
from los.notifications.models import Kind
from los.notifications.services import notify
from los.people.models import Family, Guardian, Professional, Service

from .models import Consent, ConsentExtensionRequest, ConsentSignature, ConsentStatus, RequestStatus


class ConsentChanged(DomainError):
    """The consent is not what the person saw when they opened the page; nothing was saved."""


def version_of(consent: Consent, service_ids=None) -> str:
    """A short fingerprint of what a guardian consents to: the services, the purpose, the plan, the
    period and whether it still stands. A form carries it from page load to submit, so nobody gives a
    consent that changed under them (a consent is given for what it says, helsepersonelloven § 22)."""
    if service_ids is None:
        service_ids = [s.pk for s in consent.services.all()]
    parts = [
        ",".join(str(i) for i in sorted(service_ids)),
        str(consent.purpose),
        str(consent.covers_individual_plan),
        consent.starts_on.isoformat(),
        consent.ends_on.isoformat() if consent.ends_on else "",
        consent.withdrawn_at.isoformat() if consent.withdrawn_at else "",
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def _when_withdrawn(consent: Consent) -> str:
    """When and by whom the consent was withdrawn, for the message to a guardian whose page is older."""
    when = date_format(timezone.localtime(consent.withdrawn_at), "j. F Y \\k\\l. H.i")
    if consent.withdrawn_by_id is None:
        return when
    return _("av %(who)s %(when)s") % {"when": when, "who": consent.withdrawn_by.display_name}


def _next_version(consent: Consent) -> None:
    """Count the change on the consent's row (a signature that makes it take effect, the withdrawal) in
    one conditional UPDATE on the row this transaction holds (`los.core.versions`)."""
    versions.claim(consent, None, what=_("samtykket"), family_id=consent.family_id, record_type="consent")


def required_signers(family: Family) -> list[Guardian]:
    """Who must give a consent for the child: the guardians with parental responsibility."""
    holders = [g for g in family.guardians.all() if g.has_parental_responsibility]
    return holders


def _is_complete(consent: Consent) -> bool:
    family = consent.family
    holders = required_signers(family)
    signed = set(consent.signatures.values_list("guardian_id", flat=True))
    if not holders:
        return False
    if family.municipality.consent_requires_all_guardians:
        return all(g.pk in signed for g in holders)
    return any(g.pk in signed for g in holders)


@transaction.atomic
def give_consent(
    *,
    family: Family,
    by_user,
    guardian: Guardian | None,
    services: list[Service],
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    purpose: str = "",
    covers_individual_plan: bool = False,
    on_behalf_of: list[Guardian] | None = None,
    signed_on: datetime.date | None = None,
) -> Consent:
    """Record a new consent. `guardian` gives it in their own pages; staff register one given on
    paper with `on_behalf_of` naming the guardians who signed it (and `signed_on`, the date on the form),
    and those signatures are kept as given on paper (fvl § 13 a, helsepersonelloven § 22)."""
    if not services:
        raise DomainError(_("Velg minst én tjeneste samtykket skal gjelde."), field="services")
    if ends_on is not None and ends_on < starts_on:
        raise DomainError(_("Sluttdatoen kan ikke være før startdatoen."), field="ends_on")
    foreign = [s for s in services if s.organisation.municipality_id != family.municipality_id]
    if foreign:
        raise DomainError(
            _("Tjenesten finnes ikke i kommunen: %(name)s") % {"name": foreign[0].name}, field="services"
        )
    signers = [guardian] if guardian is not None else list(on_behalf_of or [])
    on_paper = guardian is None
    if on_paper and signed_on is not None and signed_on > dates.today():
        raise DomainError(_("Datoen for underskriften kan ikke være fram i tid."), field="signed_on")
    if not signers:
        raise DomainError(_("Oppgi hvilke foresatte som har gitt samtykket."), field="guardians")
    for signer in signers:
        if signer.family_id != family.pk or not signer.has_parental_responsibility:
            raise DomainError(
                _("Bare foresatte med foreldreansvar kan samtykke for barnet."), field="guardians"
            )
    consent = Consent.objects.create(
        family=family,
        starts_on=starts_on,
        ends_on=ends_on,
        purpose=purpose or Consent._meta.get_field("purpose").get_default(),
        covers_individual_plan=covers_individual_plan,
        created_by=by_user,
    )
    consent.services.set(services)
    for signer in signers:
        ConsentSignature.objects.create(
            consent=consent,
            guardian=signer,
            recorded_by=by_user,
            on_paper=on_paper,
            signed_on=(signed_on or dates.today()) if on_paper else None,
        )
    if _is_complete(consent):
        consent.effective_at = timezone.now()
        consent.save(update_fields=["effective_at"])
    audit.changed(family.pk, "consent", consent.pk)
    return consent


def _check_still_open(consent: Consent, seen_version: str | None) -> None:
    """Refuse a signature to a consent withdrawn, expired or changed since the page was loaded."""
    if consent.withdrawn_at:
        raise ConsentChanged(
            _(
                "Samtykket ble trukket tilbake %(when)s og kan ikke gis. Ingenting er lagret. "
                "Gi et nytt samtykke hvis dere vil."
            )
            % {"when": _when_withdrawn(consent)}
        )
    if consent.ends_on and consent.ends_on < dates.today():
        raise ConsentChanged(_("Samtykket er utløpt og kan ikke gis. Gi et nytt samtykke."))
    if seen_version is not None and seen_version != version_of(
        consent, consent.services.values_list("pk", flat=True)
    ):
        raise ConsentChanged(
            _(
                "Samtykket er endret siden du åpnet siden. Ingenting er lagret. Se over samtykket på nytt, "
                "og gi det hvis du fortsatt vil."
            )
        )


def _add_signature(consent: Consent, guardian: Guardian, by_user, **paper) -> Consent:
    """Record one guardian's signature on the locked consent; it takes effect when complete."""
    ConsentSignature.objects.create(consent=consent, guardian=guardian, recorded_by=by_user, **paper)
    _next_version(consent)
    if consent.effective_at is None and _is_complete(consent):
        consent.effective_at = timezone.now()
        consent.save(update_fields=["effective_at"])
    audit.changed(consent.family_id, "consent", consent.pk)
    return consent


@transaction.atomic
def sign_consent(consent: Consent, guardian: Guardian, by_user, seen_version: str | None = None) -> Consent:
    """A further guardian gives a pending consent; it takes effect when all who must have given it.

    `seen_version` is the consent's `version_of` when the guardian's page was loaded: if it was withdrawn
    or changed since, nothing is saved and the guardian is told (who withdrew it, and when). Another
    guardian's signature since then is no conflict: each gives the consent for themselves, to the same
    text, and neither signature can overwrite the other."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    _check_still_open(consent, seen_version)
    if guardian.family_id != consent.family_id or not guardian.has_parental_responsibility:
        raise DomainError(_("Bare foresatte med foreldreansvar kan samtykke for barnet."))
    if consent.signatures.filter(guardian=guardian).exists():
        raise DomainError(_("Du har allerede gitt dette samtykket."))
    return _add_signature(consent, guardian, by_user)


@transaction.atomic
def register_paper_signature(
    consent: Consent,
    guardian: Guardian,
    by_user,
    signed_on: datetime.date,
    seen_version: str | None = None,
) -> Consent:
    """The coordinator or a caseworker registers that a guardian gave a pending consent on a paper form
    (for a guardian who does not log in to Los). The signature is kept as given on paper, with the date
    on the form and who registered it; the consent takes effect when all who must have given it
    (helsepersonelloven § 22, forvaltningsloven § 13 a). The form must be for this consent as it stands:
    one withdrawn, expired or changed since the page was loaded is refused."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    _check_still_open(consent, seen_version)
    if guardian.family_id != consent.family_id or not guardian.has_parental_responsibility:
        raise DomainError(_("Bare foresatte med foreldreansvar kan samtykke for barnet."), field="guardian")
    if signed_on > dates.today():
        raise DomainError(_("Datoen for underskriften kan ikke være fram i tid."), field="signed_on")
    if signed_on < timezone.localdate(consent.created_at):
        raise DomainError(
            _("Datoen for underskriften kan ikke være før samtykket ble laget i Los."), field="signed_on"
        )
    if consent.signatures.filter(guardian=guardian).exists():
        raise DomainError(
            _("%(name)s har allerede gitt dette samtykket.") % {"name": guardian.full_name}, field="guardian"
        )
    return _add_signature(consent, guardian, by_user, on_paper=True, signed_on=signed_on)


def missing_signers(consent: Consent, family: Family | None = None) -> list[Guardian]:
    """The guardians whose signature the consent still waits for (none once it is in force, withdrawn
    or expired). Reads the family's guardians (`family`, else the consent's) and the consent's
    signatures as prefetched."""
    if consent.effective_at is not None or consent.withdrawn_at is not None:
        return []
    if consent.ends_on and consent.ends_on < dates.today():
        return []
    signed = {s.guardian_id for s in consent.signatures.all()}
    return [g for g in required_signers(family or consent.family) if g.pk not in signed]


def names(people) -> str:
    """Names joined as one says them: "Ola", "Ola og Kari", "Ola, Kari og Per"."""
    listed = [p.full_name for p in people]
    if len(listed) <= 1:
        return "".join(listed)
    return _("%(first)s og %(last)s") % {"first": ", ".join(listed[:-1]), "last": listed[-1]}


def how_to_sign(guardian: Guardian) -> str:
    """How a guardian who has not signed can give the consent: with their own login, or on paper."""
    if guardian.user_id is not None:
        return _(
            "%(name)s kan logge inn i Los og gi samtykket der, eller skrive under på et papirskjema."
        ) % {"name": guardian.full_name}
    return _(
        "%(name)s har ikke innlogging i Los og kan skrive under på et papirskjema. Koordinatoren "
        "registrerer det i Los."
    ) % {"name": guardian.full_name}


def state_message(consent: Consent, done: str) -> str:
    """What the person who just gave or registered a consent is told after `done` ("Ditt samtykke er
    registrert."): that the consent is in force only when it is, and otherwise whose consent it still
    waits for and how they can give it (a consent is given by all who must give it, hpl § 22)."""
    consent = (
        Consent.objects.select_related("family__municipality")
        .prefetch_related("signatures", "family__guardians")
        .get(pk=consent.pk)
    )
    status = consent.status
    if status == ConsentStatus.ACTIVE:
        return " ".join([done, _("Samtykket gjelder nå.")])
    if status == ConsentStatus.FUTURE:
        return " ".join(
            [done, _("Samtykket gjelder fra %(day)s.") % {"day": dates.long_date(consent.starts_on)}]
        )
    missing = missing_signers(consent)
    if status != ConsentStatus.PENDING or not missing:
        return done
    if consent.family.municipality.consent_requires_all_guardians:
        waits = _("Samtykket gjelder når også %(names)s har samtykket.") % {"names": names(missing)}
    else:
        waits = _("Samtykket gjelder når én av %(names)s har samtykket.") % {"names": names(missing)}
    return " ".join([done, waits, *(how_to_sign(g) for g in missing)])


@transaction.atomic
def withdraw_consent(consent: Consent, by_user, reason: str = "") -> Consent:
    """Withdraw a consent. It stops sharing from the next request; the row is kept as history.

    A consent can be withdrawn at any time (personvernforordningen art. 7 nr. 3), whatever else changed
    since the page was loaded (another guardian's signature does not stop it); one already withdrawn (by
    the other guardian, while this one's form was open) is left as it is, and the guardian is told who
    withdrew it and when."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at:
        raise ConsentChanged(
            _("Samtykket er allerede trukket tilbake (%(when)s). Ingenting er endret.")
            % {"when": _when_withdrawn(consent)}
        )
    _next_version(consent)
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = by_user
    consent.withdrawal_reason = reason[:300]
    consent.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    audit.changed(consent.family_id, "consent", consent.pk)
    return consent


def guardian_for(user, family: Family) -> Guardian | None:
    """The user's own guardian row in this family, if they hold parental responsibility."""
    for guardian in family.guardians.all():
        if guardian.user_id == user.pk and guardian.has_parental_responsibility:
            return guardian
    return None


def record_consent(
    *,
    family: Family,
    by_user,
    as_guardian: bool,
    service_ids: list[int],
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    purpose: str = "",
    covers_individual_plan: bool = False,
    guardian_ids: list[int] | None = None,
    signed_on: datetime.date | None = None,
) -> Consent:
    """Resolve ids within the family's municipality and give the consent.

    A guardian gives it as themselves (`as_guardian`); staff register one given on paper and name the
    guardians who signed it (`guardian_ids`).
    """
    services = list(
        Service.objects.select_related("organisation").filter(
            pk__in=service_ids or [], organisation__municipality_id=family.municipality_id
        )
    )
    if len(services) != len(set(service_ids or [])):
        raise DomainError(_("En eller flere tjenester finnes ikke i kommunen."), field="services")
    if as_guardian:
        guardian = guardian_for(by_user, family)
        if guardian is None:
            raise DomainError(_("Bare foresatte med foreldreansvar kan samtykke for barnet."))
        signers = None
    else:
        guardian = None
        signers = list(family.guardians.filter(pk__in=guardian_ids or []))
        if len(signers) != len(set(guardian_ids or [])):
            raise DomainError(_("En eller flere foresatte hører ikke til familien."), field="guardian_ids")
    return give_consent(
        family=family,
        by_user=by_user,
        guardian=guardian,
        services=services,
        starts_on=starts_on or dates.today(),
        ends_on=ends_on,
        purpose=purpose,
        covers_individual_plan=covers_individual_plan,
        on_behalf_of=signers,
        signed_on=signed_on,
    )


def starting_point(
    family: Family, today: datetime.date | None = None, *, ended: bool = True
) -> Consent | None:
    """The consent a new one starts from, so giving consent again, renewing or extending changes only
    what the guardian means to change (the individual plan keeps its consent unless they untick it,
    pbrl § 2-5): the newest consent in force; else the newest waiting for a signature or its start
    date; else (when `ended`) the newest that expired. A withdrawn consent is the family's no, and is
    never the starting point. None when there is nothing to start from."""
    today = today or dates.today()
    consents = Consent.objects.filter(family=family, withdrawn_at__isnull=True).prefetch_related("services")
    rank = {ConsentStatus.ACTIVE: 0, ConsentStatus.PENDING: 1, ConsentStatus.FUTURE: 1}
    if not ended:
        rank[ConsentStatus.EXPIRED] = None
    candidates = [
        c for c in consents.order_by("-created_at", "-id") if rank.get(c.status_on(today), 2) is not None
    ]
    candidates.sort(key=lambda c: rank.get(c.status_on(today), 2))  # stable: newest first in each rank
    return candidates[0] if candidates else None


def starting_services(
    family: Family, today: datetime.date | None = None, *, ended: bool = True
) -> tuple[list[Service], bool]:
    """The services and the individual-plan box a new consent starts from: everything the consents in
    force cover together; when none is in force, what `starting_point` covered (nothing when none)."""
    today = today or dates.today()
    current = list(Consent.objects.active_on(today).filter(family=family).prefetch_related("services"))
    if not current:
        basis = starting_point(family, today, ended=ended)
        current = [basis] if basis is not None else []
    chosen = {s.pk: s for c in current for s in c.services.all()}
    return list(chosen.values()), any(c.covers_individual_plan for c in current)


# --- Asking the family to extend the consent ---------------------------------------------------------
# The request exists to let a professional join the responsibility group. The consent app sits below the
# team app (the team, the plans and the access policy read consents), so it does not load the team app:
# the two workflows below hand over to the team's services inside the call.


@transaction.atomic
def request_consent_extension(
    family: Family,
    professional: Professional,
    service: Service,
    by_user: User,
    role: str = "",
    reason: str = "",
) -> ConsentExtensionRequest:
    """Ask the guardians to extend the consent to `service` so `professional` can join the group. Refused
    when the consent already covers the service, or the same question is still unanswered
    (helsepersonelloven §§ 21-22, forvaltningsloven § 13 a)."""
    from los.team.services import group as team

    team.check_professional(family, professional, service)
    if access.consent_covers(family, service.pk, dates.today()):
        raise DomainError(_("Samtykket gjelder allerede denne tjenesten."), field="service")
    try:
        with transaction.atomic():
            request = ConsentExtensionRequest.objects.create(
                family=family,
                service=service,
                professional=professional,
                role=role,
                reason=reason,
                requested_by=by_user,
            )
    except IntegrityError:
        raise DomainError(
            _("Familien har allerede fått dette spørsmålet og har ikke svart ennå."), field="service"
        )
    audit.changed(family.pk, "consent_request", request.pk)
    with translation.override(settings.LANGUAGE_CODE):
        text = _("Koordinatoren spør om %(service)s kan bli med i samarbeidet rundt barnet. Svar i Los.") % {
            "service": service.name
        }
    notify(
        team.reaching(team.guardian_users(family), request),
        Kind.CONSENT_EXTENSION_REQUEST,
        text,
        url=reverse("team:consent_request_answer", args=[request.pk]),
        family=family,
    )
    return request


@transaction.atomic
def answer_consent_extension(
    request: ConsentExtensionRequest, guardian: Guardian, by_user: User, accept: bool
) -> ConsentExtensionRequest:
    """The guardian's answer. Yes gives a new consent covering the services of today's consent plus the
    new one (a consent is never edited, only replaced, helsepersonelloven § 22), and the professional
    joins the responsibility group (`los.team.services.group.join_after_consent`); the new consent takes
    effect when everyone who must consent has given it. Only a guardian with parental responsibility
    answers for the child."""
    from los.team.services import group as team

    request = ConsentExtensionRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != RequestStatus.PENDING:
        raise DomainError(_("Spørsmålet er allerede besvart."))
    if guardian.family_id != request.family_id or not guardian.has_parental_responsibility:
        raise DomainError(_("Bare foresatte med foreldreansvar kan svare for barnet."))
    family = Family.objects.select_related("municipality").get(pk=request.family_id)
    request.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
    request.answered_by = by_user
    request.answered_at = timezone.now()
    if accept:
        today = dates.today()
        current, covers_plan = starting_services(family, today, ended=False)
        services = {s.pk: s for s in current}
        services[request.service.pk] = request.service
        request.consent = give_consent(
            family=family,
            by_user=by_user,
            guardian=guardian,
            services=list(services.values()),
            starts_on=today,
            covers_individual_plan=covers_plan,
        )
        team.join_after_consent(family, request.professional, request.service, request.role)
    request.save()
    audit.changed(family.pk, "consent_request", request.pk)
    with translation.override(settings.LANGUAGE_CODE):
        text = (
            _("%(family)s har sagt ja til at %(service)s blir med.")
            if accept
            else _("%(family)s har sagt nei til at %(service)s blir med.")
        ) % {"family": family.name, "service": request.service.name}
    notify(
        team.reaching([request.requested_by, *team.current_coordinators(family)], request),
        Kind.CONSENT_EXTENSION_ANSWER,
        text,
        url=reverse("team:overview", args=[family.pk]),
        family=family,
    )
    return request
