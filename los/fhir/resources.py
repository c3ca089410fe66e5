"""The resource types the FHIR API serves, each read and searched through the access policy.

Every record comes from `los.core.access`: one record by `access.get` (404 if missing or not allowed), the
records of a family from `access.visible(grant, Model)`, the families from `access.visible_families`.
Every allowed read is written to the family's access log by `access.log_read`, one row per family per
request, with the channel "api"; a refused or invalid request writes nothing.

A family's records are searched per family: `patient=<Patient id>` names the child, and so the family
(the unit the policy grants). Without it only `_id` narrows a search; a search of every family's records
at once would need one policy query per family."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from los.calendar.models import Appointment
from los.consent.models import Consent, ConsentSignature
from los.core import access, dates, policy
from los.core.access import Capability, Grant
from los.core.models import AccessLogEntry
from los.people.models import Child, Family, Guardian, Organisation, Professional
from los.plans import selectors as plan_selectors
from los.plans.models import Goal, IndividualPlan
from los.team.models import ActionItem, TeamMember

from . import mapping
from .http import FhirError, bad_request, not_found, read_id, resource_id, single

CHANNEL = "api"


@dataclass
class Context:
    """What a builder needs besides its row: the child the search or family is about, the day."""

    patient_id: int | None = None
    day: datetime.date = field(default_factory=dates.today)
    members: list = field(default_factory=list)
    version: object = None


@dataclass
class Page:
    resources: list[dict]
    total: int


def _log(request, grants: list[Grant], record_type: str, record_id: object = "") -> None:
    access.log_read(request, grants, record_type, record_id=record_id, channel=CHANNEL)


def _fetch(request, reader, raw_id: str, model: type, capability: Capability = Capability.VIEW):
    """One record by its resource id through the guard, not yet logged: (grant, record, pk), else 404."""
    pk = read_id(raw_id, reader.resource_type)
    if pk is None:
        raise not_found()
    try:
        grant, row = access.get(request, model, pk, capability, record_type=reader.log_type, log=False)
    except Http404:
        raise not_found() from None
    return grant, row, pk


def _patient_grant(request, reader, child_pk: int, capability: Capability = Capability.VIEW):
    """For `patient=`: the grant to the child's family and the child, through the guard and not yet
    logged; None when the child is missing or not allowed (the search then finds nothing)."""
    try:
        return access.get(request, Child, child_pk, capability, record_type=reader.log_type, log=False)
    except Http404:
        return None


def _by_id(reader, request, wanted, wanted_pk: int | None, count: int, offset: int) -> Page:
    """A search of a family's record type without `patient`: only `_id` may narrow it, to the one
    resource a read of that id gives (none when it is missing or not allowed)."""
    if wanted is None:
        raise bad_request(
            _("Søk etter %(type)s må avgrenses med patient=<Patient-id> eller _id.")
            % {"type": reader.resource_type}
        )
    if wanted_pk is None:
        return Page([], 0)
    try:
        resource = reader.read(request, str(wanted_pk))
    except FhirError as error:
        if error.status != 404:
            raise
        return Page([], 0)
    return Page([resource][offset : offset + count], 1)


def _first_child_id(grant: Grant) -> int | None:
    return (
        access.visible(grant, Child)
        .order_by("birth_date", "expected_due_date", "id")
        .values_list("pk", flat=True)
        .first()
    )


@dataclass(frozen=True)
class FamilyRecords:
    """A record type that hangs on a family through the record policy (`los.core.policy`)."""

    resource_type: str
    model: type
    build: Callable
    description: str
    capability: Capability = Capability.VIEW
    record_type: str | None = None  # the access log's name; default the record policy's
    prefetch: Callable[[QuerySet], QuerySet] = lambda rows: rows
    # For `patient=`: the rows about that child (a row about no child is about the whole family).
    about_child_field: str | None = None
    needs_patient_reference: bool = False  # the builder names the child (the family's first one on read)

    @property
    def log_type(self) -> str:
        return self.record_type or policy.rule_for(self.model).record_type

    def rows(self, grant: Grant) -> QuerySet:
        return self.prefetch(access.visible(grant, self.model)).order_by("pk")

    def read(self, request, raw_id: str) -> dict:
        grant, row, pk = _fetch(request, self, raw_id, self.model, self.capability)
        # The same row with what its builder reads; none when this type narrows the policy's rows
        # further (a goal of an older, frozen plan version is history, not a Goal of the plan).
        row = self.rows(grant).filter(pk=row.pk).first()
        if row is None:
            raise not_found()
        _log(request, [grant], self.log_type, pk)
        patient_id = _first_child_id(grant) if self.needs_patient_reference else None
        return self.build(row, Context(patient_id=patient_id, day=grant.day))

    def search(self, request, params, count: int, offset: int) -> Page:
        patient = single(params, "patient")
        wanted = single(params, "_id")
        wanted_pk = resource_id(wanted, self.resource_type) if wanted is not None else None
        if patient is None:
            return _by_id(self, request, wanted, wanted_pk, count, offset)
        child_pk = resource_id(patient, "Patient")
        if child_pk is None or (wanted is not None and wanted_pk is None):
            return Page([], 0)
        found = _patient_grant(request, self, child_pk, self.capability)
        if found is None:
            return Page([], 0)
        grant, child = found
        rows = self.rows(grant)
        if self.about_child_field:
            rows = rows.filter(
                Q(**{self.about_child_field: child.pk}) | Q(**{f"{self.about_child_field}__isnull": True})
            )
        if wanted_pk is not None:
            rows = rows.filter(pk=wanted_pk)
        total = rows.count()
        found = list(rows[offset : offset + count]) if count else []
        _log(request, [grant], self.log_type)
        context = Context(patient_id=child.pk, day=grant.day)
        return Page([self.build(row, context) for row in found], total)


# --- Patient: the children of every family the user may see ---------------------------------------------
class Patients:
    resource_type = "Patient"
    description = gettext_lazy("Barnet. Identifikator: fødselsnummer eller D-nummer (no-basis).")
    log_type = "child"

    @staticmethod
    def _rows(rows: QuerySet) -> QuerySet:
        return rows.select_related("family__municipality").order_by("pk")

    def read(self, request, raw_id: str) -> dict:
        grant, child, pk = _fetch(request, self, raw_id, Child)
        child = self._rows(access.visible(grant, Child)).get(pk=child.pk)
        _log(request, [grant], self.log_type, pk)
        return mapping.patient(child, Context(day=grant.day))

    def search(self, request, params, count: int, offset: int) -> Page:
        """Children of the families `visible_families` gives, narrowed by the record policy of Child for
        the families on the page (one query for them all), a page at a time."""
        user = request.user
        families = access.visible_families(user)
        rows = Child.objects.filter(family__in=families.values("pk"))
        wanted = single(params, "_id")
        if wanted is not None:
            wanted_pk = resource_id(wanted, self.resource_type)
            if wanted_pk is None:
                return Page([], 0)
            rows = rows.filter(pk=wanted_pk)
        identifier = single(params, "identifier")
        if identifier is not None:
            rows = rows.filter(national_id=_national_id(identifier))
        rows = self._rows(rows)
        total = rows.count()
        found = list(rows[offset : offset + count]) if count else []
        if not found:
            return Page([], total)
        on_page = {f.pk: f for f in families.filter(pk__in={c.family_id for c in found})}
        grants = [Grant(user, f, f.access_reason) for f in on_page.values()]
        rule = policy.rule_for(Child)
        allowed = Q(pk__in=[])
        for grant in grants:
            if rule.reaches(grant):
                allowed |= Q(family_id=grant.family.pk) & rule.visible(grant)
        seen = set(Child.objects.filter(allowed, pk__in=[c.pk for c in found]).values_list("pk", flat=True))
        found = [c for c in found if c.pk in seen]
        _log(request, [g for g in grants if any(c.family_id == g.family.pk for c in found)], self.log_type)
        return Page([mapping.patient(c, Context()) for c in found], total)


def _national_id(identifier: str) -> str:
    """`identifier=system|value` with the fødselsnummer or D-nummer system, or the bare 11 digits."""
    system, bar, value = identifier.partition("|")
    if not bar:
        system, value = "", identifier
    if system not in ("", mapping.OID_FODSELSNUMMER, mapping.OID_D_NUMMER):
        raise bad_request(
            _("Ukjent identifikatorsystem. Bruk %(fnr)s (fødselsnummer) eller %(dnr)s (D-nummer).")
            % {"fnr": mapping.OID_FODSELSNUMMER, "dnr": mapping.OID_D_NUMMER}
        )
    if len(value) != 11 or not value.isascii() or not value.isdigit():
        raise bad_request(_("Et fødselsnummer eller D-nummer har 11 sifre."))
    if system and mapping.national_id_system(value) != system:
        raise bad_request(_("Nummeret hører ikke til identifikatorsystemet som er oppgitt."))
    return value


# --- CareTeam: the family's responsibility group (id: the family's) ------------------------------------
class CareTeams:
    resource_type = "CareTeam"
    description = gettext_lazy("Familiens ansvarsgruppe: fagpersonene i teamet som du har tilgang til å se.")
    log_type = "responsibility_group"

    def _build(self, grant: Grant, patient_id: int | None) -> dict:
        members = list(
            access.visible(grant, TeamMember)
            .current()
            .select_related("professional__user", "service__organisation")
            .order_by("service__name", "id")
        )
        return mapping.care_team(grant.family, Context(patient_id=patient_id, day=grant.day, members=members))

    def read(self, request, raw_id: str) -> dict:
        grant, _family, pk = _fetch(request, self, raw_id, Family)
        _log(request, [grant], self.log_type, pk)
        return self._build(grant, _first_child_id(grant))

    def search(self, request, params, count: int, offset: int) -> Page:
        patient = single(params, "patient")
        wanted = single(params, "_id")
        wanted_pk = resource_id(wanted, self.resource_type) if wanted is not None else None
        if patient is None:
            return _by_id(self, request, wanted, wanted_pk, count, offset)
        child_pk = resource_id(patient, "Patient")
        if child_pk is None:
            return Page([], 0)
        found = _patient_grant(request, self, child_pk, Capability.VIEW)
        if found is None:
            return Page([], 0)
        grant, child = found
        if wanted is not None and wanted_pk != grant.family.pk:
            return Page([], 0)
        _log(request, [grant], self.log_type)
        return Page([self._build(grant, child.pk)][offset : offset + count], 1)


# --- Organization and Practitioner: who is on the teams of the families the user may see ----------------
def _team_rows(rows: QuerySet) -> QuerySet:
    """Members on the team now, with what PractitionerRole, Practitioner and Organization show."""
    return rows.current().select_related("professional__user", "service__organisation")


@dataclass(frozen=True)
class TeamDirectory:
    """Organisations (`Organization`) or professionals (`Practitioner`): only those on the team of a
    family the user may see, through a membership `access.visible(grant, TeamMember)` gives (a provider
    under consent sees the members of covered services only). Reading one is a read of the family's team
    it was found through: one access-log row for that family."""

    resource_type: str
    model: type
    key: str  # TeamMember -> the row's pk
    of_member: Callable
    build: Callable
    description: str
    identifiers: dict  # identifier system -> TeamMember lookup of its value ("" = the system by default)
    log_type: str = "responsibility_group"

    def _matching(self, identifier: str) -> Q:
        system, bar, value = identifier.partition("|")
        if not bar:
            system, value = "", identifier
        lookup = self.identifiers.get(system)
        if lookup is None:
            raise bad_request(
                _("Ukjent identifikatorsystem for %(type)s. Bruk %(systems)s.")
                % {"type": self.resource_type, "systems": ", ".join(s for s in self.identifiers if s)}
            )
        if not value or len(value) > 20 or not value.isascii() or not value.isdigit():
            raise bad_request(_("Identifikatoren skal bare ha sifre."))
        return Q(**{lookup: value})

    def _first_grant(self, request, wanted: Q) -> tuple[Grant, TeamMember] | None:
        """The first family the user may see whose team shows a member matching `wanted`, by the policy
        of TeamMember for that family. Families are tried in order of id, each with its own grant."""
        user = request.user
        on_teams = TeamMember.objects.current().filter(wanted).values("family_id")
        for family in access.visible_families(user).filter(pk__in=on_teams).order_by("pk"):
            grant = Grant(user, family, family.access_reason)
            member = _team_rows(access.visible(grant, TeamMember)).filter(wanted).order_by("pk").first()
            if member is not None:
                return grant, member
        return None

    def read(self, request, raw_id: str) -> dict:
        pk = read_id(raw_id, self.resource_type)
        if pk is None or not self.model.objects.filter(pk=pk).exists():
            raise not_found()
        found = self._first_grant(request, Q(**{self.key: pk}))
        if found is None:
            raise not_found()
        grant, member = found
        _log(request, [grant], self.log_type, grant.family.pk)
        return self.build(self.of_member(member), Context(day=grant.day))

    def search(self, request, params, count: int, offset: int) -> Page:
        patient = single(params, "patient")
        wanted = single(params, "_id")
        identifier = single(params, "identifier")
        matching = Q()
        if wanted is not None:
            wanted_pk = resource_id(wanted, self.resource_type)
            if wanted_pk is None:
                return Page([], 0)
            matching &= Q(**{self.key: wanted_pk})
        if identifier is not None:
            matching &= self._matching(identifier)
        if patient is not None:
            return self._search_family(request, patient, matching, count, offset)
        if identifier is None:
            if wanted is None:
                raise bad_request(
                    _("Søk etter %(type)s må avgrenses med patient=<Patient-id>, _id eller identifier.")
                    % {"type": self.resource_type}
                )
            return _by_id(self, request, wanted, resource_id(wanted, self.resource_type), count, offset)
        # By identifier: each match is found as a read of it finds it (an identifier names one or a few).
        candidates = TeamMember.objects.current().filter(matching).order_by(self.key)
        found = []
        for pk in dict.fromkeys(candidates.values_list(self.key, flat=True)):
            hit = self._first_grant(request, matching & Q(**{self.key: pk}))
            if hit is not None:
                found.append(hit)
        page = found[offset : offset + count]
        _log(request, list({g.family.pk: g for g, _m in page}.values()), self.log_type)
        return Page([self.build(self.of_member(m), Context(day=g.day)) for g, m in page], len(found))

    def _search_family(self, request, patient: str, matching: Q, count: int, offset: int) -> Page:
        child_pk = resource_id(patient, "Patient")
        if child_pk is None:
            return Page([], 0)
        found = _patient_grant(request, self, child_pk, Capability.VIEW)
        if found is None:
            return Page([], 0)
        grant, _child = found
        members = _team_rows(access.visible(grant, TeamMember)).filter(matching).order_by(self.key, "pk")
        rows = list({self.of_member(m).pk: self.of_member(m) for m in members}.values())
        _log(request, [grant], self.log_type)
        context = Context(day=grant.day)
        return Page([self.build(row, context) for row in rows[offset : offset + count]], len(rows))


# --- AuditEvent: the family's access log, for those who may read it -------------------------------------
class AuditEvents:
    resource_type = "AuditEvent"
    description = gettext_lazy(
        "Familiens tilgangslogg: hvem som har lest eller endret opplysningene, og hvorfor."
    )
    log_type = "access_log"

    def read(self, request, raw_id: str) -> dict:
        pk = read_id(raw_id, self.resource_type)
        entry = AccessLogEntry.objects.filter(pk=pk).first() if pk else None
        if entry is None:
            raise not_found()
        # The log has no record policy of its own: it is read as the family's, with the capability to
        # read the log (caseworker and guardian), as the API's /families/{id}/access-log.
        try:
            grant, _family = access.get(
                request,
                Family,
                entry.family_id,
                Capability.READ_ACCESS_LOG,
                record_type=self.log_type,
                log=False,
            )
        except Http404:
            raise not_found() from None
        _log(request, [grant], self.log_type, pk)
        return mapping.audit_event(entry, Context())

    def search(self, request, params, count: int, offset: int) -> Page:
        patient = single(params, "patient")
        wanted = single(params, "_id")
        if patient is None:
            raise bad_request(_("Søk etter AuditEvent må avgrenses med patient=<Patient-id>."))
        child_pk = resource_id(patient, "Patient")
        wanted_pk = resource_id(wanted, self.resource_type) if wanted is not None else None
        if child_pk is None or (wanted is not None and wanted_pk is None):
            return Page([], 0)
        found = _patient_grant(request, self, child_pk, Capability.READ_ACCESS_LOG)
        if found is None:
            return Page([], 0)
        grant, _child = found
        rows = AccessLogEntry.objects.filter(family_id=grant.family.pk).order_by("-at", "-id")
        if wanted_pk is not None:
            rows = rows.filter(pk=wanted_pk)
        total = rows.count()
        found = list(rows[offset : offset + count]) if count else []
        _log(request, [grant], self.log_type)
        return Page([mapping.audit_event(e, Context()) for e in found], total)


# --- CarePlan and Goal: the individual plan's working version ---------------------------------------------
def _with_working_version(build):
    """The plan with its working (newest) version and its goals and measures: one plan per family."""

    def with_version(plan, context):
        context.version = plan_selectors.version(plan)
        return build(plan, context)

    return with_version


def _plan_rows(rows: QuerySet) -> QuerySet:
    return rows.select_related("family", "child")


def _goal_rows(rows: QuerySet) -> QuerySet:
    # The goals of the working version only: an older version's goals are history, not the plan.
    return rows.filter(version__frozen_at__isnull=True).select_related("version__plan__family")


def _consent_rows(rows: QuerySet) -> QuerySet:
    return rows.prefetch_related(
        "services", Prefetch("signatures", queryset=ConsentSignature.objects.select_related("guardian"))
    )


def _appointment_rows(rows: QuerySet) -> QuerySet:
    return rows.select_related("service", "place", "professional__user", "child").prefetch_related(
        Prefetch("guardians", queryset=Guardian.objects.order_by("id"))
    )


def _guardian_rows(rows: QuerySet) -> QuerySet:
    return rows.select_related("family")


def _task_rows(rows: QuerySet) -> QuerySet:
    return rows.select_related("responsible", "created_by", "child")


RESOURCES = {
    "Patient": Patients(),
    "RelatedPerson": FamilyRecords(
        "RelatedPerson",
        Guardian,
        mapping.related_person,
        gettext_lazy("Foresatte, med foreldreansvaret som relasjon."),
        prefetch=_guardian_rows,
        needs_patient_reference=True,
    ),
    "CareTeam": CareTeams(),
    "PractitionerRole": FamilyRecords(
        "PractitionerRole",
        TeamMember,
        mapping.practitioner_role,
        gettext_lazy(
            "Et medlem av familiens ansvarsgruppe: fagpersonen, tjenesten (HER-id, tjenestetype) og "
            "virksomheten."
        ),
        prefetch=_team_rows,
    ),
    "Practitioner": TeamDirectory(
        "Practitioner",
        Professional,
        "professional_id",
        lambda member: member.professional,
        mapping.practitioner,
        gettext_lazy("Fagpersonene i ansvarsgruppene du har tilgang til. Identifikator: HPR-nummer."),
        {"": "professional__hpr_number", mapping.OID_HPR: "professional__hpr_number"},
    ),
    "Organization": TeamDirectory(
        "Organization",
        Organisation,
        "service__organisation_id",
        lambda member: member.service.organisation,
        mapping.organization,
        gettext_lazy(
            "Virksomhetene i ansvarsgruppene du har tilgang til. Identifikator: organisasjonsnummer "
            "eller HER-id."
        ),
        {
            mapping.OID_ORGANISATION_NUMBER: "service__organisation__org_number",
            mapping.OID_HER_ID: "service__organisation__her_id",
        },
    ),
    "Appointment": FamilyRecords(
        "Appointment",
        Appointment,
        mapping.appointment,
        gettext_lazy("Avtaler i barnets kalender som samtykket dekker."),
        prefetch=_appointment_rows,
        about_child_field="child_id",
    ),
    "Consent": FamilyRecords(
        "Consent",
        Consent,
        mapping.consent,
        gettext_lazy("Samtykkene: hvilke tjenester familien deler opplysninger med, og når."),
        prefetch=_consent_rows,
        needs_patient_reference=True,
    ),
    "Task": FamilyRecords(
        "Task",
        ActionItem,
        mapping.task,
        gettext_lazy("Oppfølgingspunkter: hvem gjør hva innen når."),
        prefetch=_task_rows,
        about_child_field="child_id",
    ),
    "CarePlan": FamilyRecords(
        "CarePlan",
        IndividualPlan,
        _with_working_version(mapping.care_plan),
        gettext_lazy("Den individuelle planen slik gjeldende versjon sier den: periode, mål og tiltak."),
        prefetch=_plan_rows,
        needs_patient_reference=True,
    ),
    "Goal": FamilyRecords(
        "Goal",
        Goal,
        mapping.goal,
        gettext_lazy("Målene i gjeldende versjon av den individuelle planen."),
        prefetch=_goal_rows,
        needs_patient_reference=True,
    ),
    "AuditEvent": AuditEvents(),
}


def search_parameters(resource_type: str) -> list[tuple[str, str, str]]:
    """(name, FHIR type, description in bokmål) of the search parameters a resource type takes."""
    common = [("_id", "token", _("Ressursens id."))]
    if resource_type == "Patient":
        return common + [
            ("identifier", "token", _("system|verdi, fødselsnummer eller D-nummer.")),
        ]
    team = ("patient", "reference", _("Barnet (Patient-id): ansvarsgruppen i barnets familie."))
    if resource_type == "Practitioner":
        return common + [("identifier", "token", _("system|verdi, HPR-nummer.")), team]
    if resource_type == "Organization":
        return common + [("identifier", "token", _("system|verdi, organisasjonsnummer eller HER-id.")), team]
    if resource_type == "PractitionerRole":
        return common + [team]
    return common + [("patient", "reference", _("Barnet (Patient-id): postene i barnets familie."))]
