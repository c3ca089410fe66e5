"""Applikasjonskvittering (AppRec 1.0, HIS 80415; 1.1 is read too): the receipt for every message.

The receiver answers each message with an AppRec: MsgType "APPREC", its own Id and GenDate, Sender and
Receiver (HCP > Inst, with the service as Dept, ids typed HER), a Status from kodeverk 8258 (1 OK,
2 Avvist, 3 OK with errors in part of the message), an Error (kodeverk 8221: V, DN and our detail in OT)
for each problem, and OriginalMsgId naming the message it answers (its MsgInfo/Type, GenDate and MsgId).

A message that could not be read still gets a receipt. OriginalMsgId and its three parts are required by
the schema and the standard gives no "unknown" code, so we use what salvage_original_ref can still find
(a recovering parse of the broken XML), the transport's own id if the caller has it, and otherwise the
text "ukjent" and the receipt's own time, with the error saying why (T01 or T02).

MIGversion: the AppRec 1.0 schema's default and what systems on the network send is "1.0 2004-11-21"
(without the "v" the later standards use); we write that and accept "v1.0 2004-11-21" too.
"""

import datetime
from zoneinfo import ZoneInfo

from lxml import etree

from . import codes
from .model import AppRecResult, IncomingDialog, KithError, OriginalRef, Party, new_msg_id
from .schemas import parse_leniently, parse_safely, validate_tree
from .xmlbuild import coded, sub, to_xml_bytes

OSLO = ZoneInfo("Europe/Oslo")
UNKNOWN = "ukjent"
SOFTWARE_NAME = "Los"
_VERSIONS = {
    "1.0": (codes.APPREC_1_0_NS, codes.APPREC_1_0_MIG_VERSION),
    "1.1": (codes.APPREC_1_1_NS, codes.APPREC_1_1_MIG_VERSION),
}


def build_apprec(
    original: IncomingDialog | OriginalRef,
    sender: Party,
    receiver: Party,
    status: str,
    errors: list[tuple[str, str]] | tuple[tuple[str, str], ...] = (),
    msg_id: str | None = None,
    generated: datetime.datetime | None = None,
    version: str = "1.0",
) -> bytes:
    """Build an AppRec; `sender` is us (the original's receiver), `receiver` the original's sender.

    status: "ok", "rejected" or "ok_with_errors". errors: (8221 code, bokmål detail) pairs; a rejection
    must say why. Raises ValueError for misuse, KithError if the result would not validate.
    """
    if status not in codes.APPREC_STATUSES:
        raise ValueError(f"unknown AppRec status {status!r}")
    if status != "ok" and not errors:
        raise ValueError("a rejected AppRec (or one with errors) must carry at least one error")
    namespace, mig_version = _VERSIONS[version]
    generated = generated or datetime.datetime.now(tz=OSLO)
    if generated.tzinfo is None:
        raise ValueError("generated must be an aware datetime")
    root = etree.Element(f"{{{namespace}}}AppRec", nsmap={None: namespace})
    coded(root, namespace, "MsgType", codes.APPREC, with_system=False)
    sub(root, namespace, "MIGversion", mig_version)
    sub(root, namespace, "SoftwareName", SOFTWARE_NAME)
    sub(root, namespace, "GenDate", generated.isoformat(timespec="seconds"))
    sub(root, namespace, "Id", msg_id or new_msg_id())
    _hcp(sub(root, namespace, "Sender"), namespace, sender)
    _hcp(sub(root, namespace, "Receiver"), namespace, receiver)
    coded(root, namespace, "Status", codes.APPREC_STATUSES[status], with_system=False)
    for code, text in errors:
        known = codes.APPREC_ERRORS.get(code)
        name = known.name if known else text
        detail = text if text and text != name else None
        sub(root, namespace, "Error", V=code, S=codes.APPREC_ERROR_SYSTEM, DN=name, OT=detail)
    _original(sub(root, namespace, "OriginalMsgId"), namespace, original, generated)
    xml = to_xml_bytes(root)
    problems = validate_tree(etree.ElementTree(etree.fromstring(xml)))
    if problems:
        raise KithError(
            codes.ERROR_NOT_VALID, f"Kvitteringen følger ikke standarden: {problems[0]}", problems
        )
    return xml


def _hcp(parent: etree._Element, namespace: str, party: Party) -> None:
    institution = sub(sub(parent, namespace, "HCP"), namespace, "Inst")
    organisation = party.organisation
    sub(institution, namespace, "Name", organisation.name)
    if organisation.her_id:
        sub(institution, namespace, "Id", str(organisation.her_id))
        coded(institution, namespace, "TypeId", codes.ORG_ID_HER, with_system=False)
    elif organisation.org_number:
        sub(institution, namespace, "Id", str(organisation.org_number))
        coded(institution, namespace, "TypeId", codes.ORG_ID_ENH, with_system=False)
    if party.service:
        department = sub(institution, namespace, "Dept")
        sub(department, namespace, "Name", party.service.name)
        if party.service.her_id:
            sub(department, namespace, "Id", str(party.service.her_id))
            coded(department, namespace, "TypeId", codes.ORG_ID_HER, with_system=False)
    if organisation.her_id and organisation.org_number:
        additional = sub(institution, namespace, "AdditionalId")
        sub(additional, namespace, "Id", str(organisation.org_number))
        coded(additional, namespace, "Type", codes.ORG_ID_ENH, with_system=False)


def _original(
    parent: etree._Element, namespace: str, original: IncomingDialog | OriginalRef, now: datetime.datetime
) -> None:
    if isinstance(original, IncomingDialog):
        msg_type, issued, msg_id = original.msg_type, original.generated, original.msg_id
    else:
        msg_type, issued, msg_id = original.msg_type, original.issued, original.msg_id
    function = codes.MESSAGE_FUNCTIONS.get(msg_type or "")
    if function:
        coded(parent, namespace, "MsgType", function, with_system=False)
    elif msg_type:
        sub(parent, namespace, "MsgType", V=msg_type)
    else:
        sub(parent, namespace, "MsgType", DN=UNKNOWN)
    moment = issued if issued and issued.tzinfo else (issued.replace(tzinfo=OSLO) if issued else now)
    sub(parent, namespace, "IssueDate", moment.isoformat(timespec="seconds"))
    sub(parent, namespace, "Id", (msg_id or "").strip() or UNKNOWN)


def salvage_original_ref(xml: bytes | str, transport_id: str | None = None) -> OriginalRef:
    """What can still be read of a message that failed: MsgId, Type and GenDate from MsgHead if present.

    Uses a recovering parse with the same protections as everywhere else; anything not found stays None
    (then `transport_id`, e.g. the ebXML or AMQP message id, stands in for the MsgId).
    """
    root = parse_leniently(xml)
    msg_id = msg_type = issued = None
    if root is not None:
        info = root.find(".//{*}MsgInfo")
        if info is not None:
            msg_id = (info.findtext("{*}MsgId") or "").strip() or None
            type_element = info.find("{*}Type")
            msg_type = type_element.get("V") if type_element is not None else None
            try:
                issued = datetime.datetime.fromisoformat((info.findtext("{*}GenDate") or "").strip())
            except ValueError:
                issued = None
    return OriginalRef(msg_id=msg_id or transport_id, msg_type=msg_type, issued=issued)


def is_apprec(xml: bytes | str) -> bool:
    """Whether the document is an AppRec (1.0 or 1.1), judged by its root element; never raises."""
    try:
        root = parse_safely(xml).getroot()
    except KithError:
        return False
    return etree.QName(root).localname == "AppRec" and etree.QName(root).namespace in codes.APPREC_NAMESPACES


def parse_apprec(xml: bytes | str) -> AppRecResult:
    """Read an AppRec 1.0 or 1.1; raise KithError when it is not XML, not an AppRec or not valid."""
    tree = parse_safely(xml)
    root = tree.getroot()
    name = etree.QName(root)
    if name.localname != "AppRec" or name.namespace not in codes.APPREC_NAMESPACES:
        raise KithError(
            codes.ERROR_FORMAT_NOT_SUPPORTED,
            f"Dokumentet er ikke en applikasjonskvittering: rotelementet er «{name.localname}» i navnerommet "
            f"«{name.namespace or '(ingen)'}».",
        )
    version = codes.APPREC_NAMESPACES[name.namespace]
    namespace = name.namespace
    mig = (root.findtext(f"{{{namespace}}}MIGversion") or "").strip()
    if mig.removeprefix("v")[:3] != version:
        raise KithError(
            codes.ERROR_FORMAT_NOT_SUPPORTED,
            f"Kvitteringen har MIG-versjon «{mig}», som ikke passer med navnerommet for versjon {version}.",
        )
    problems = validate_tree(tree)
    if problems:
        raise KithError(codes.ERROR_NOT_VALID, f"Kvitteringen validerer ikke: {problems[0]}", problems)
    status_value = root.find(f"{{{namespace}}}Status").get("V", "").strip()
    status = codes.APPREC_STATUS_NAMES.get(status_value)
    if status is None:
        raise KithError(
            codes.ERROR_NOT_VALID, f"Kvitteringen har ukjent status «{status_value}» (kodeverk 8258)."
        )
    errors = tuple(
        (error.get("V", "").strip(), (error.get("OT") or error.get("DN") or "").strip())
        for error in root.iterfind(f"{{{namespace}}}Error")
    )
    original = root.find(f"{{{namespace}}}OriginalMsgId")
    institution = root.find(f"{{{namespace}}}Sender/{{{namespace}}}HCP/{{{namespace}}}Inst")
    organisation_her = department_her = None
    if institution is not None:
        organisation_her = _her_id(institution, namespace)
        for department in institution.iterfind(f"{{{namespace}}}Dept"):
            department_her = department_her or _her_id(department, namespace)
    generated = root.findtext(f"{{{namespace}}}GenDate")
    return AppRecResult(
        original_msg_id=(original.findtext(f"{{{namespace}}}Id") or "").strip(),
        status=status,
        errors=errors,
        sender_her_id=department_her or organisation_her,
        msg_id=(root.findtext(f"{{{namespace}}}Id") or "").strip(),
        generated=_datetime(generated),
        original_msg_type=original.find(f"{{{namespace}}}MsgType").get("V", ""),
        version=version,
        sender_organisation_her_id=organisation_her,
    )


def _her_id(element: etree._Element, namespace: str) -> str | None:
    type_id = element.find(f"{{{namespace}}}TypeId")
    number = (element.findtext(f"{{{namespace}}}Id") or "").strip()
    if type_id is not None and type_id.get("V", "").strip() == "HER" and number:
        return number
    return None


def _datetime(value: str | None) -> datetime.datetime | None:
    try:
        moment = datetime.datetime.fromisoformat((value or "").strip())
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=OSLO)
