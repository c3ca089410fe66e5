"""The responsibility group (ansvarsgruppe): who is in it, and who the family's consent covers.

The group is a way of working, not regulated in law; the coordinator leads it (helse- og
omsorgstjenesteloven §§ 7-2 and 7-2 a). A professional joins through a service, and only while an active
consent covers that service (helsepersonelloven §§ 21-22, forvaltningsloven § 13 a); when it does not, the
coordinator may ask the family to extend the consent (`los.consent.services.request_consent_extension`).

The helpers at the top (`current_coordinators`, `guardian_users`, `team_by_consent`, `reaching`) are the
team's shared answers to "who": the meetings, the follow-up and the consent requests use them.

Every workflow here changes rows in one transaction and raises `DomainError` (with the field) for bad
input, so nothing is half-saved.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from los.coordinators.models import CoordinatorAssignment
from los.core import access, audit, dates
from los.core.errors import DomainError
from los.core.models import User
from los.people.models import Child, Family, Guardian, Professional, Service
from los.team.models import FamilyMember, TeamMember

#: The child must be heard from 7 (pasient- og brukerrettighetsloven § 4-4, barneloven § 31); from that
#: age the child may take part in the group's meetings as maturity allows.
CHILD_MEMBER_MIN_AGE = 7


class ConsentNeeded(DomainError):
    """The family's consent does not cover the service; the coordinator may ask the family to extend it."""

    def __init__(self, message, service: Service, professional: Professional, field: str = "service"):
        super().__init__(message, field=field)
        self.service = service
        self.professional = professional


def current_coordinators(family: Family, today: datetime.date | None = None) -> list[User]:
    """The family's coordinators today: they lead the group and are told of what happens in it
    (helse- og omsorgstjenesteloven §§ 7-2 and 7-2 a)."""
    rows = CoordinatorAssignment.objects.current(today or dates.today()).filter(family=family)
    return [a.coordinator for a in rows.select_related("coordinator")]


def guardian_users(family: Family) -> list[User]:
    """The guardians with parental responsibility who have a login: they act for the child in Los."""
    return [
        g.user
        for g in family.guardians.select_related("user")
        if g.user is not None and g.has_parental_responsibility
    ]


def consent_covers(family: Family, service: Service, today: datetime.date | None = None) -> bool:
    """Whether an active consent names `service` (helsepersonelloven §§ 21-22, forvaltningsloven § 13 a)."""
    return access.consent_covers(family, service.pk, today or dates.today())


def team_by_consent(
    family: Family, today: datetime.date | None = None
) -> tuple[list[TeamMember], list[TeamMember]]:
    """The current professionals of the group, split into those an active consent covers and those it
    does not (helsepersonelloven §§ 21-22, forvaltningsloven § 13 a): nothing about the family reaches
    a service the consent does not name, however long the professional has been in the group."""
    today = today or dates.today()
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
    to ask the guardians to extend the consent (`los.consent.services.request_consent_extension`)."""
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


def check_professional(family: Family, professional: Professional, service: Service) -> None:
    """Refuse a professional from another municipality, a service outside it, or a service the
    professional does not work in: they cannot join this family's group through it."""
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
    caller may then ask the family to extend the consent
    (`los.consent.services.request_consent_extension`)."""
    check_professional(family, professional, service)
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
    today = today or dates.today()
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
    today = today or dates.today()
    model, pk = (
        (TeamMember, professional_member_id) if professional_member_id else (FamilyMember, family_member_id)
    )
    updated = model.objects.filter(pk=pk, family=family, left_on__isnull=True).update(left_on=today)
    if not updated:
        raise DomainError(_("Fant ikke medlemmet i ansvarsgruppen."))
    audit.changed(family.pk, "responsibility_group", pk)


def join_after_consent(family: Family, professional: Professional, service: Service, role: str = "") -> None:
    """The family has extended the consent to `service` (`los.consent.services.answer_consent_extension`):
    the professional the coordinator asked about joins the group, unless already in it."""
    if family.team.current().filter(professional=professional, service=service).exists():
        return
    member = TeamMember.objects.create(family=family, professional=professional, service=service, role=role)
    audit.changed(family.pk, "responsibility_group", member.pk)
