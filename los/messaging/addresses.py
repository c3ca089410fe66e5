"""The municipality's addresses on the health network, read from an export of the address register
(Adresseregisteret), so nobody types HER-ids by hand.

The file is CSV (UTF-8, comma or semicolon separated, a header row) or JSON (a list of objects) with these
fields per communication party:

    her_id          the party's HER-id (digits)                                     required
    name            its name                                                        required
    type            "organisation" or "service" (tjeneste)                          required
    org_number      the organisation's number in Enhetsregisteret (organisations)   optional
    parent_her_id   for a service: the HER-id of the organisation it belongs to      required for services
    service_type    for a service: its tjenestetype, Volven 8663 (e.g. KX01)         optional

What the import does, in one transaction:

* an **organisation** row gives its HER-id to the municipality's organisation with the same organisation
  number (or, without a number, the same name);
* a **service** row gives its HER-id and tjenestetype to the service with the same name in that
  organisation, or adds the service (health and care) when the organisation has none by that name.

Rows for organisations the municipality does not have are skipped and listed. A file with any row that
cannot be read (a HER-id that is not a number, a missing name, an unknown type, a service without its
organisation) changes nothing and lists every such row with its line number.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from los.core.errors import DomainError
from los.people.models import Organisation, Sector, Service

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
_SERVICE_TYPE = re.compile(r"^K[A-Z]\d{2,4}$")


@dataclass(frozen=True)
class Party:
    line: int
    her_id: int
    name: str
    kind: str  # "organisation" or "service"
    org_number: str = ""
    parent_her_id: int | None = None
    service_type: str = ""


@dataclass
class ImportReport:
    organisations: int = 0
    services_updated: int = 0
    services_added: int = 0
    skipped: list[str] = field(default_factory=list)


class AddressFileError(DomainError):
    """The file cannot be imported; `problems` lists every row that cannot be read."""

    def __init__(self, message, problems: list[str] | None = None):
        super().__init__(message, field="file")
        self.problems = problems or []


def read(content: bytes, filename: str = "") -> list[Party]:
    """The parties in an export file (CSV or JSON). Raises AddressFileError listing every bad row."""
    if len(content) > MAX_FILE_BYTES:
        raise AddressFileError(_("Filen er for stor (høyst 5 MB)."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AddressFileError(_("Filen må være UTF-8-tekst (CSV eller JSON).")) from None
    stripped = text.lstrip()
    rows = _json_rows(stripped) if stripped.startswith(("[", "{")) else _csv_rows(text)
    if len(rows) > MAX_ROWS:
        raise AddressFileError(_("Filen har for mange rader (høyst %(max)s).") % {"max": MAX_ROWS})
    parties, problems = [], []
    for line, row in rows:
        try:
            parties.append(_party(line, row))
        except ValueError as problem:
            problems.append(_("Linje %(line)s: %(problem)s") % {"line": line, "problem": problem})
    if problems:
        raise AddressFileError(_("Filen ble ikke importert. Rett disse radene:"), problems)
    if not parties:
        raise AddressFileError(_("Filen har ingen rader å importere."))
    return parties


def _json_rows(text: str) -> list[tuple[int, dict]]:
    try:
        data = json.loads(text)
    except ValueError as error:
        raise AddressFileError(_("Filen er ikke gyldig JSON (%(error)s).") % {"error": error.msg}) from None
    if isinstance(data, dict):
        data = data.get("parties", data.get("rows"))
    if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
        raise AddressFileError(_("JSON-filen må være en liste med ett objekt per kommunikasjonspart."))
    return [(index + 1, row) for index, row in enumerate(data)]


def _csv_rows(text: str) -> list[tuple[int, dict]]:
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        if not reader.fieldnames or not {"her_id", "name", "type"} <= {f.strip() for f in reader.fieldnames}:
            raise AddressFileError(_("CSV-filen må ha overskriftene her_id, name og type."))
        return [(index + 2, {k.strip(): v for k, v in row.items() if k}) for index, row in enumerate(reader)]
    except csv.Error:  # its own message is English and technical: say where, in the user's language
        message = _("CSV-filen kan ikke leses rundt linje %(line)s.") % {"line": reader.line_num}
        raise AddressFileError(message) from None


def _number(value, what: str) -> int:
    text = str(value if value is not None else "").strip()
    if not text.isdigit() or len(text) > 9 or int(text) == 0:
        raise ValueError(_("%(what)s «%(value)s» er ikke et tall.") % {"what": what, "value": text[:20]})
    return int(text)


def _party(line: int, row: dict) -> Party:
    name = str(row.get("name") or "").strip()
    if not name:
        raise ValueError(_("navn mangler."))
    kind = str(row.get("type") or "").strip().lower()
    if kind not in ("organisation", "service"):
        raise ValueError(_("type må være organisation eller service."))
    her_id = _number(row.get("her_id"), "HER-id")
    org_number = re.sub(r"\s", "", str(row.get("org_number") or ""))
    if org_number and not re.fullmatch(r"\d{9}", org_number):
        raise ValueError(_("organisasjonsnummeret må ha ni sifre."))
    parent = None
    service_type = str(row.get("service_type") or "").strip().upper()
    if kind == "service":
        parent = _number(row.get("parent_her_id"), _("Organisasjonens HER-id"))
        if service_type and not _SERVICE_TYPE.match(service_type):
            raise ValueError(
                _("tjenestetypen «%(code)s» er ikke en kode fra Volven 8663.") % {"code": service_type}
            )
    return Party(line, her_id, name[:160], kind, org_number, parent, service_type)


@transaction.atomic
def import_parties(municipality_id: int, parties: list[Party]) -> ImportReport:
    """Give the municipality's organisations and services their HER-ids (see the module)."""
    report = ImportReport()
    organisations = list(Organisation.objects.filter(municipality_id=municipality_id))
    by_number = {o.org_number: o for o in organisations if o.org_number}
    by_name = {o.name.casefold(): o for o in organisations}
    by_her_id = {o.her_id: o for o in organisations if o.her_id}
    for party in (p for p in parties if p.kind == "organisation"):
        found = by_number.get(party.org_number) if party.org_number else by_name.get(party.name.casefold())
        if found is None:
            report.skipped.append(
                _("Linje %(line)s: kommunen har ingen organisasjon «%(name)s».")
                % {"line": party.line, "name": party.name}
            )
            continue
        if found.her_id != party.her_id:
            found.her_id = party.her_id
            found.save(update_fields=["her_id"])
        by_her_id[party.her_id] = found
        report.organisations += 1
    for party in (p for p in parties if p.kind == "service"):
        organisation = by_her_id.get(party.parent_her_id)
        if organisation is None:
            report.skipped.append(
                _("Linje %(line)s: organisasjonen med HER-id %(her_id)s er ikke kommunens.")
                % {"line": party.line, "her_id": party.parent_her_id}
            )
            continue
        service = (
            Service.objects.filter(organisation=organisation, name__iexact=party.name).order_by("id").first()
        )
        if service is None:
            Service.objects.create(
                organisation=organisation,
                name=party.name,
                sector=Sector.HEALTH_AND_CARE,
                her_id=party.her_id,
                service_type_code=party.service_type,
            )
            report.services_added += 1
            continue
        service.her_id = party.her_id
        if party.service_type:
            service.service_type_code = party.service_type
        service.save(update_fields=["her_id", "service_type_code"])
        report.services_updated += 1
    return report
