"""The coordinator's workflows: the responsibility group, consent extension requests, action items and
the contact log. Meetings and minutes are in `los.team.meetings`.

Every function here changes rows in one transaction and raises `DomainError` (with the field) for bad
input, so nothing is half-saved.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from los.consent import services as consent_services
from los.consent.models import Consent
from los.core import access, audit
from los.core.errors import DomainError
from los.core.models import User
from los.intake.deadlines import today_oslo
from los.intake.models import CoordinatorAssignment
from los.notifications.models import Kind
from los.notifications.services import notify
from los.people.models import Child, Family, Guardian, Professional, Service

from .models import (
    ActionItem,
    ActionItemComment,
    ActionItemStatus,
    ConsentExtensionRequest,
    ContactLogEntry,
    FamilyMember,
    RequestStatus,
    TeamMember,
)

#: The child must be heard from 7 (pasient- og brukerrettighetsloven § 4-4, barneloven § 31); from that
#: age the child may take part in the group's meetings as maturity allows.
CHILD_MEMBER_MIN_AGE = 7


class ConsentNeeded(DomainError):
    """The family's consent does not cover the service; the coordinator may ask the family to extend it."""

    def __init__(self, message, service: Service, professional: Professional, field: str = "service"):
        super().__init__(message, field=field)
        self.service = service
        self.professional = professional


def _nb(text_fn):
    with translation.override(settings.LANGUAGE_CODE):
        return text_fn()


def current_coordinators(family: Family, today: datetime.date | None = None) -> list[User]:
    rows = CoordinatorAssignment.objects.current(today or today_oslo()).filter(family=family)
    return [a.coordinator for a in rows.select_related("coordinator")]


def guardian_users(family: Family) -> list[User]:
    return [
        g.user
        for g in family.guardians.select_related("user")
        if g.user is not None and g.has_parental_responsibility
    ]


def consent_covers(family: Family, service: Service, today: datetime.date | None = None) -> bool:
    return access.consent_covers(family, service.pk, today or today_oslo())


def team_by_consent(
    family: Family, today: datetime.date | None = None
) -> tuple[list[TeamMember], list[TeamMember]]:
    """The current professionals of the group, split into those an active consent covers and those it
    does not (helsepersonelloven §§ 21-22, forvaltningsloven § 13 a): nothing about the family reaches
    a service the consent does not name, however long the professional has been in the group."""
    today = today or today_oslo()
    covers: dict[int, bool] = {}
    covered, not_covered = [], []
    for member in family.team.current().select_related("professional__user", "service__organisation"):
        if member.service_id not in covers:
            covers[member.service_id] = access.consent_covers(family, member.service_id, today)
        (covered if covers[member.service_id] else not_covered).append(member)
    covered_users = {m.professional.user_id for m in covered}
    # A professional in the group through two services is covered when one of them is.
    return covered, [m for m in not_covered if m.professional.user_id not in covered_users]


def consent_needed_for(member: TeamMember, what: str, field: str = "service") -> ConsentNeeded:
    """The refusal when someone the consent does not cover is picked: says why, and lets the caller offer
    to ask the guardians to extend the consent (`request_consent_extension`)."""
    return ConsentNeeded(
        _(
            "Familiens samtykke gjelder ikke %(service)s, så %(name)s kan ikke %(what)s. Spør familien om de "
            "vil utvide samtykket."
        )
        % {"service": member.service.name, "name": member.professional.user.display_name, "what": what},
        service=member.service,
        professional=member.professional,
        field=field,
    )


def reaching(users, record) -> list[User]:
    """The users among `users` who may see `record` now: nothing leaves Los for anyone else."""
    return [u for u in users if u is not None and u.is_active and access.may_see(u, record)]


# --- The responsibility group -----------------------------------------------------------------------


def _check_professional(family: Family, professional: Professional, service: Service) -> None:
    if professional.organisation.municipality_id != family.municipality_id:
        raise DomainError(
            _("Fagpersonen hører til en annen kommune og kan ikke være med i familiens ansvarsgruppe."),
            field="professional",
        )
    if service.organisation.municipality_id != family.municipality_id:
        raise DomainError(_("Tjenesten finnes ikke i kommunen."), field="service")
    if not professional.services.filter(pk=service.pk).exists():
        raise DomainError(
            _("%(name)s jobber ikke i %(service)s.") % {"name": professional, "service": service.name},
            field="service",
        )


@transaction.atomic
def add_professional(
    family: Family, professional: Professional, service: Service, role: str = "", contact: str = ""
) -> TeamMember:
    """Add a professional to the group through one of their services.

    Refused while no active consent covers the service (helsepersonelloven §§ 21-22, fvl § 13 a): the
    caller may then ask the family to extend the consent (`request_consent_extension`)."""
    _check_professional(family, professional, service)
    if family.team.current().filter(professional=professional, service=service).exists():
        raise DomainError(
            _("%(name)s er allerede med i gruppen.") % {"name": professional}, field="professional"
        )
    if not consent_covers(family, service):
        raise ConsentNeeded(
            _(
                "Familiens samtykke gjelder ikke %(service)s. Spør familien om de vil utvide samtykket, "
                "så kan fagpersonen bli med når de har sagt ja."
            )
            % {"service": service.name},
            service=service,
            professional=professional,
        )
    member = TeamMember.objects.create(
        family=family, professional=professional, service=service, role=role, contact=contact
    )
    audit.changed(family.pk, "responsibility_group", member.pk)
    return member


@transaction.atomic
def add_family_member(
    family: Family,
    *,
    guardian: Guardian | None = None,
    child: Child | None = None,
    role: str = "",
    contact: str = "",
    today: datetime.date | None = None,
) -> FamilyMember:
    """Add a guardian or the child to the group. The child must be born and at least
    `CHILD_MEMBER_MIN_AGE` (pasient- og brukerrettighetsloven § 4-4)."""
    today = today or today_oslo()
    if (guardian is None) == (child is None):
        raise DomainError(_("Velg én person fra familien."), field="person")
    person = guardian or child
    if person.family_id != family.pk:
        raise DomainError(_("Personen hører ikke til familien."), field="person")
    if child is not None:
        age = child.age_on(today)
        if age is None or age < CHILD_MEMBER_MIN_AGE:
            raise DomainError(
                _(
                    "%(name)s er under %(age)d år. Få frem barnets mening gjennom foreldrene eller i en "
                    "egen samtale, og skriv den i referatet."
                )
                % {"name": child.first_name, "age": CHILD_MEMBER_MIN_AGE},
                field="person",
            )
    existing = FamilyMember.objects.current().filter(family=family, guardian=guardian, child=child)
    if existing.exists():
        raise DomainError(
            _("%(name)s er allerede med i gruppen.") % {"name": person.full_name}, field="person"
        )
    member = FamilyMember.objects.create(
        family=family, guardian=guardian, child=child, role=role, contact=contact
    )
    audit.changed(family.pk, "responsibility_group", member.pk)
    return member


@transaction.atomic
def end_membership(
    family: Family,
    *,
    professional_member_id: int | None = None,
    family_member_id: int | None = None,
    today: datetime.date | None = None,
) -> None:
    """Someone leaves the responsibility group. The row is kept with the date they left (history); a
    professional who leaves no longer reaches the family through the team."""
    today = today or today_oslo()
    model, pk = (
        (TeamMember, professional_member_id) if professional_member_id else (FamilyMember, family_member_id)
    )
    updated = model.objects.filter(pk=pk, family=family, left_on__isnull=True).update(left_on=today)
    if not updated:
        raise DomainError(_("Fant ikke medlemmet i ansvarsgruppen."))
    audit.changed(family.pk, "responsibility_group", pk)


@transaction.atomic
def request_consent_extension(
    family: Family,
    professional: Professional,
    service: Service,
    by_user: User,
    role: str = "",
    reason: str = "",
) -> ConsentExtensionRequest:
    """Ask the guardians to extend the consent to `service` so `professional` can join the group."""
    _check_professional(family, professional, service)
    if consent_covers(family, service):
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
    notify(
        reaching(guardian_users(family), request),
        Kind.CONSENT_EXTENSION_REQUEST,
        _nb(
            lambda: (
                _("Koordinatoren spør om %(service)s kan bli med i samarbeidet rundt barnet. Svar i Los.")
                % {"service": service.name}
            )
        ),
        url=reverse("team:consent_request_answer", args=[request.pk]),
        family=family,
    )
    return request


@transaction.atomic
def answer_consent_extension(
    request: ConsentExtensionRequest, guardian: Guardian, by_user: User, accept: bool
) -> ConsentExtensionRequest:
    """The guardian's answer. Yes gives a new consent covering the services of today's consent plus the
    new one (a consent is never edited, only replaced), and adds the professional to the group; the new
    consent takes effect when everyone who must consent has given it."""
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
        today = today_oslo()
        current = list(Consent.objects.active_on(today).filter(family=family).prefetch_related("services"))
        services = {s.pk: s for c in current for s in c.services.all()}
        services[request.service.pk] = request.service
        request.consent = consent_services.give_consent(
            family=family,
            by_user=by_user,
            guardian=guardian,
            services=list(services.values()),
            starts_on=today,
            covers_individual_plan=any(c.covers_individual_plan for c in current),
        )
        if (
            not family.team.current()
            .filter(professional=request.professional, service=request.service)
            .exists()
        ):
            member = TeamMember.objects.create(
                family=family, professional=request.professional, service=request.service, role=request.role
            )
            audit.changed(family.pk, "responsibility_group", member.pk)
    request.save()
    audit.changed(family.pk, "consent_request", request.pk)
    notify(
        reaching([request.requested_by, *current_coordinators(family)], request),
        Kind.CONSENT_EXTENSION_ANSWER,
        _nb(
            lambda: (
                (
                    _("%(family)s har sagt ja til at %(service)s blir med.")
                    if accept
                    else _("%(family)s har sagt nei til at %(service)s blir med.")
                )
                % {"family": family.name, "service": request.service.name}
            )
        ),
        url=reverse("team:overview", args=[family.pk]),
        family=family,
    )
    return request


# --- Action items -----------------------------------------------------------------------------------


def responsible_candidates(family: Family, today: datetime.date | None = None) -> list[User]:
    """Who may be responsible for an action item: the coordinator, the professionals in the group whose
    service an active consent covers, and guardians with a login."""
    today = today or today_oslo()
    users: dict[int, User] = {}
    for user in current_coordinators(family, today):
        users[user.pk] = user
    covered, _not_covered = team_by_consent(family, today)
    for member in covered:
        users.setdefault(member.professional.user_id, member.professional.user)
    for user in guardian_users(family):
        users.setdefault(user.pk, user)
    return [u for u in users.values() if u.is_active]


def _check_responsible(family: Family, user: User, field: str, today: datetime.date) -> None:
    """Refuse a responsible person who is not in the group, or whose service the consent does not cover."""
    if user.pk in {u.pk for u in responsible_candidates(family, today)}:
        return
    _covered, not_covered = team_by_consent(family, today)
    member = next((m for m in not_covered if m.professional.user_id == user.pk), None)
    if member is not None:
        raise consent_needed_for(member, _("få oppgaver i familien"), field=field)
    raise DomainError(
        _("%(name)s er ikke med i familiens ansvarsgruppe. Legg personen til i gruppen først.")
        % {"name": user.display_name},
        field=field,
    )


def resolve_responsible(family: Family, username: str, today: datetime.date | None = None) -> User:
    """The user named as responsible, if they may be: see `responsible_candidates`."""
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise DomainError(
            _("Fant ingen bruker med brukernavnet «%(username)s».") % {"username": username},
            field="responsible_username",
        )
    if user.municipality_id is not None and user.municipality_id != family.municipality_id:
        raise DomainError(
            _("%(name)s hører til en annen kommune og kan ikke ha ansvar for noe i denne familien.")
            % {"name": user.display_name},
            field="responsible_username",
        )
    _check_responsible(family, user, "responsible_username", today or today_oslo())
    return user


def create_action_item(
    family: Family,
    by_user: User,
    *,
    title: str,
    due_on: datetime.date,
    responsible: User,
    description: str = "",
    meeting=None,
    today: datetime.date | None = None,
    notify_responsible: bool = True,
) -> ActionItem:
    """Record who does what by when. A due date already past is allowed but flagged: the item is late
    from the start and the responsible person is chased at the next sweep.

    The responsible person must be someone the family's consent covers (`responsible_candidates`); they
    are told only when they may see the item now (an item from minutes not yet shared waits for them)."""
    today = today or today_oslo()
    title = (title or "").strip()
    if not title:
        raise DomainError(_("Skriv hva som skal gjøres."), field="title")
    if len(title) > 200:
        raise DomainError(_("Skriv kortere, høyst 200 tegn."), field="title")
    _check_responsible(family, responsible, "responsible", today)
    with transaction.atomic():
        item = ActionItem.objects.create(
            family=family,
            meeting=meeting,
            title=title,
            description=description,
            responsible=responsible,
            due_on=due_on,
            due_in_past_when_created=due_on < today,
            created_by=by_user,
        )
        audit.changed(family.pk, "action_item", item.pk)
        if notify_responsible and responsible.pk != by_user.pk:
            notify(
                reaching([responsible], item),
                Kind.ACTION_ITEM_ASSIGNED,
                _nb(
                    lambda: (
                        _("Du har fått ansvar for «%(title)s», frist %(day)s.")
                        % {"title": title, "day": date_format(due_on, "j. F Y")}
                    )
                ),
                url=reverse("team:action_item", args=[item.pk]),
                family=family,
                action_item=item,
            )
    return item


@transaction.atomic
def set_action_item_status(item: ActionItem, status: str, by_user: User) -> ActionItem:
    """Mark an item done, cancelled or open again (the record policy decides who may: the coordinator
    and the person responsible)."""
    if status not in ActionItemStatus.values:
        raise DomainError(_("Ukjent status."), field="status")
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    item.status = status
    item.completed_at = timezone.now() if status == ActionItemStatus.DONE else None
    item.save(update_fields=["status", "completed_at"])
    audit.changed(item.family_id, "action_item", item.pk)
    return item


@transaction.atomic
def comment_on_action_item(item: ActionItem, by_user: User, text: str) -> ActionItemComment:
    """Comment on an item; the responsible person and the coordinator are told, if they may see it."""
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Skriv en kommentar."), field="text")
    comment = ActionItemComment.objects.create(item=item, author=by_user, text=text[:4000])
    audit.changed(item.family_id, "action_item", item.pk)
    others = [u for u in [item.responsible, *current_coordinators(item.family)] if u.pk != by_user.pk]
    notify(
        reaching(others, item),
        Kind.COMMENT,
        _nb(
            lambda: (
                _("%(name)s har kommentert «%(title)s».")
                % {"name": by_user.display_name, "title": item.title}
            )
        ),
        url=reverse("team:action_item", args=[item.pk]),
        family=item.family,
        action_item=item,
    )
    return comment


# --- Contact with the family ------------------------------------------------------------------------


@transaction.atomic
def log_contact(
    family: Family, by_user: User, *, contacted_on: datetime.date, channel: str, needs_now: str
) -> ContactLogEntry:
    """Record a contact with the family; it resets the no-contact reminder."""
    if contacted_on > today_oslo():
        raise DomainError(_("Datoen kan ikke være i fremtiden."), field="contacted_on")
    if not (needs_now or "").strip():
        raise DomainError(_("Skriv kort hva familien trenger nå."), field="needs_now")
    entry = ContactLogEntry.objects.create(
        family=family,
        contacted_on=contacted_on,
        channel=channel,
        needs_now=needs_now.strip(),
        logged_by=by_user,
    )
    audit.changed(family.pk, "contact_log", entry.pk)
    return entry
