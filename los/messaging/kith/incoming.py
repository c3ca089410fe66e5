"""Read a received MsgHead 1.2 carrying a Dialogmelding 1.0 (2006-10-11) or 1.1 (2013-01-23).

A receiver must refuse, with an AppRec, a message that is not XML (T01), does not validate (T02), is a
format it does not support (T10: wrong namespace or MIG version), or names the patient with a number whose
control digits are wrong (E31) or no number at all (E30). KithError carries that code, so the caller can
answer with build_apprec(..., "rejected", [(error.code, error.text)]).

Kinds: MsgInfo/Type DIALOG_HELSEFAGLIG or DIALOG_NOTAT -> "notat", DIALOG_FORESPORSEL -> "foresporsel",
DIALOG_SVAR -> "svar" (an unknown type falls back on the body: a Foresporsel element is a question).
Text elements are xs:anyType in 1.1 (and TekstNotatInnhold in 1.0) so they may hold xhtml; we return
their text with block elements as line breaks.
"""

import base64
import binascii
import datetime
from zoneinfo import ZoneInfo

from lxml import etree

from . import codes
from .model import (
    MAX_ATTACHMENT_BYTES,
    Attachment,
    IncomingDialog,
    KithError,
    Organisation,
    Party,
    Patient,
    Person,
    Service,
    check_national_id,
)
from .schemas import _megabytes, parse_safely, validate_tree

OSLO = ZoneInfo("Europe/Oslo")
MH = codes.MSGHEAD_NS
FK1 = codes.FELLESKOMPONENT_NS
_TJENESTETYPE_SYSTEM = codes.OID_PREFIX + "8663"
_BLOCKS = {"p", "div", "br", "li", "tr", "table", "ul", "ol", "caption", "h1", "h2", "h3", "h4", "h5", "h6"}


def parse_dialogmelding(xml: bytes | str) -> IncomingDialog:
    """Parse and check a received Dialogmelding; raise KithError (with its AppRec code) to refuse it."""
    tree = parse_safely(xml)
    root = tree.getroot()
    if root.tag != f"{{{MH}}}MsgHead":
        name = etree.QName(root)
        raise KithError(
            codes.ERROR_FORMAT_NOT_SUPPORTED,
            f"Meldingen er ikke en hodemelding 1.2: rotelementet er «{name.localname}» i navnerommet "
            f"«{name.namespace or '(ingen)'}», ventet «MsgHead» i «{MH}».",
        )
    mig = _text(root.find(f"{{{MH}}}MsgInfo/{{{MH}}}MIGversion"))
    if mig is not None and mig.strip() != codes.MSGHEAD_MIG_VERSION:
        raise KithError(
            codes.ERROR_FORMAT_NOT_SUPPORTED,
            f"Hodemeldingen har MIG-versjon «{mig.strip()}»; vi støtter bare «{codes.MSGHEAD_MIG_VERSION}».",
        )
    melding, dialog_document = _find_dialogmelding(root)
    problems = validate_tree(tree)
    if problems:
        raise KithError(
            codes.ERROR_NOT_VALID,
            f"Meldingen validerer ikke mot skjemaet ({len(problems)} feil). Første feil: {problems[0]}",
            problems,
        )
    if melding is None:
        raise KithError(codes.ERROR_FORMAT_NOT_SUPPORTED, "Meldingen inneholder ingen dialogmelding.")
    info = root.find(f"{{{MH}}}MsgInfo")
    msg_id = (_text(info.find(f"{{{MH}}}MsgId")) or "").strip()
    if not msg_id:
        raise KithError(codes.ERROR_INVALID_MESSAGE_ID, "Meldingen har tom meldings-id (MsgId).")
    msg_type = info.find(f"{{{MH}}}Type").get("V", "")
    namespace = etree.QName(melding).namespace
    version = codes.DIALOG_NAMESPACES[namespace]
    body = melding.find(f"{{{namespace}}}Foresporsel")
    if body is None:
        body = melding.find(f"{{{namespace}}}Notat")
    if body is None:
        raise KithError(codes.ERROR_NOT_VALID, "Dialogmeldingen har verken notat eller forespørsel.")
    kind = codes.KIND_OF_MESSAGE_FUNCTION.get(msg_type) or (
        codes.KIND_QUESTION if etree.QName(body).localname == "Foresporsel" else codes.KIND_NOTE
    )
    subject_code, subject_system, subject_text, text = _subject_and_text(body, namespace)
    patient, patient_id_type = _patient(info.find(f"{{{MH}}}Patient"))
    sender = _party(info.find(f"{{{MH}}}Sender/{{{MH}}}Organisation"))
    receiver = _party(info.find(f"{{{MH}}}Receiver/{{{MH}}}Organisation"))
    sender, receiver, coordinator_role = _apply_roles(body, namespace, sender, receiver)
    reference = info.find(f"{{{MH}}}ConversationRef")
    return IncomingDialog(
        msg_id=msg_id,
        msg_type=msg_type,
        generated=_datetime(_text(info.find(f"{{{MH}}}GenDate"))),
        sender=sender,
        receiver=receiver,
        patient=patient,
        patient_id_type=patient_id_type,
        kind=kind,
        subject_code=subject_code,
        subject_text=subject_text,
        text=text,
        conversation_ref=_text(reference.find(f"{{{MH}}}RefToParent")) if reference is not None else None,
        conversation_id=_text(reference.find(f"{{{MH}}}RefToConversation"))
        if reference is not None
        else None,
        attachments=_attachments(root, dialog_document),
        version=version,
        subject_system=subject_system,
        coordinator_role=coordinator_role,
    )


def _find_dialogmelding(root: etree._Element) -> tuple[etree._Element | None, etree._Element | None]:
    """The Dialogmelding element and its Document; refuse a Dialogmelding of a namespace we do not know."""
    for document in root.iterfind(f"{{{MH}}}Document"):
        for element in document.iterfind(f"{{{MH}}}RefDoc/{{{MH}}}Content/*"):
            name = etree.QName(element)
            if name.localname != "Dialogmelding":
                continue
            if name.namespace not in codes.DIALOG_NAMESPACES:
                raise KithError(
                    codes.ERROR_FORMAT_NOT_SUPPORTED,
                    f"Dialogmeldingen har navnerommet «{name.namespace or '(ingen)'}», som vi ikke støtter "
                    f"(linje {element.sourceline}). Vi leser dialogmelding 1.0 («{codes.DIALOG_1_0_NS}») "
                    f"og 1.1 («{codes.DIALOG_1_1_NS}»).",
                )
            return element, document
    return None, None


def _text(element: etree._Element | None) -> str | None:
    return element.text if element is not None else None


def _datetime(value: str | None) -> datetime.datetime:
    moment = datetime.datetime.fromisoformat((value or "").strip())
    return moment if moment.tzinfo else moment.replace(tzinfo=OSLO)


def _subject_and_text(body: etree._Element, namespace: str) -> tuple[str, str, str, str]:
    question = etree.QName(body).localname == "Foresporsel"
    code_element = body.find(f"{{{namespace}}}{'TypeForesp' if question else 'TemaKodet'}")
    title = _text(body.find(f"{{{namespace}}}{'EmneSporsmal' if question else 'Tema'}"))
    text_element = body.find(f"{{{namespace}}}{'Sporsmal' if question else 'TekstNotatInnhold'}")
    code = code_element.get("V", "") if code_element is not None else ""
    system = code_element.get("S", "") if code_element is not None else ""
    name = code_element.get("DN", "") if code_element is not None else ""
    return code, system, (title or name).strip(), plain_text(text_element)


def plain_text(element: etree._Element | None) -> str:
    """The text of a text-or-xhtml element: exact when it is only text, else one line per block element."""
    if element is None:
        return ""
    if len(element) == 0:
        return element.text or ""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        block = isinstance(node.tag, str) and etree.QName(node).localname in _BLOCKS
        if block:
            parts.append("\n")
        if isinstance(node.tag, str) and node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append("\n")

    if element.text:
        parts.append(element.text)
    for child in element:
        walk(child)
        if child.tail:
            parts.append(child.tail)
    lines = (" ".join(line.split()) for line in "".join(parts).splitlines())
    return "\n".join(line for line in lines if line)


def _patient(element: etree._Element | None) -> tuple[Patient, str]:
    if element is None:
        raise KithError(codes.ERROR_PATIENT_ID_MISSING, "Meldingen mangler pasient.")
    number = declared = None
    for ident in element.iterfind(f"{{{MH}}}Ident"):
        type_id = ident.find(f"{{{MH}}}TypeId").get("V", "").strip()
        if type_id in codes.PATIENT_ID_TYPES:
            number, declared = (_text(ident.find(f"{{{MH}}}Id")) or "").strip(), type_id
            break
    if not number:
        raise KithError(codes.ERROR_PATIENT_ID_MISSING, "Pasientens fødselsnummer eller D-nummer mangler.")
    derived = check_national_id(number)
    patient = Patient(
        national_id=number,
        given_name=(_text(element.find(f"{{{MH}}}GivenName")) or "").strip(),
        family_name=(_text(element.find(f"{{{MH}}}FamilyName")) or "").strip(),
    )
    return patient, declared or derived


def _idents(element: etree._Element, namespace: str, ident_namespace: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for ident in element.iterfind(f"{{{namespace}}}Ident"):
        type_id = ident.find(f"{{{ident_namespace}}}TypeId")
        number = (_text(ident.find(f"{{{ident_namespace}}}Id")) or "").strip()
        if type_id is not None and number:
            found.setdefault(type_id.get("V", "").strip(), number)
    return found


def _party(element: etree._Element) -> Party:
    ids = _idents(element, MH, MH)
    organisation = Organisation(
        name=(_text(element.find(f"{{{MH}}}OrganisationName")) or "").strip(),
        her_id=ids.get("HER"),
        org_number=ids.get("ENH"),
    )
    inner = element.find(f"{{{MH}}}Organisation")
    service = None
    if inner is not None:
        inner_ids = _idents(inner, MH, MH)
        kind = inner.find(f"{{{MH}}}TypeOrganisation")
        service = Service(
            name=(_text(inner.find(f"{{{MH}}}OrganisationName")) or "").strip(),
            her_id=inner_ids.get("HER"),
            service_type=kind.get("V")
            if kind is not None and kind.get("S") == _TJENESTETYPE_SYSTEM
            else None,
        )
    holder = inner if inner is not None else element
    professional = holder.find(f"{{{MH}}}HealthcareProfessional")
    person = _person(professional, MH, MH) if professional is not None else None
    return Party(organisation=organisation, service=service, person=person)


def _person(element: etree._Element, namespace: str, ident_namespace: str) -> Person:
    ids = _idents(element, namespace, ident_namespace)
    profession = element.find(f"{{{namespace}}}TypeHealthcareProfessional")
    return Person(
        given_name=(_text(element.find(f"{{{namespace}}}GivenName")) or "").strip(),
        family_name=(_text(element.find(f"{{{namespace}}}FamilyName")) or "").strip(),
        her_id=ids.get("HER"),
        hpr=ids.get("HPR"),
        profession=profession.get("V") if profession is not None else None,
    )


def _apply_roles(
    body: etree._Element, namespace: str, sender: Party, receiver: Party
) -> tuple[Party, Party, bool]:
    """Role 24 names the receiver's contact; another named person is the author; role 8 is noted."""
    coordinator = False
    for role in body.iterfind(f"{{{namespace}}}RollerRelatertNotat"):
        code = role.find(f"{{{namespace}}}RoleToPatient")
        value = code.get("V", "") if code is not None else ""
        coordinator = coordinator or value == codes.ROLE_COORDINATOR_INDIVIDUAL_PLAN.value
        holder = role.find(f"{{{namespace}}}HealthcareProfessional")
        if holder is None:
            holder = role.find(f"{{{namespace}}}Person")
        if holder is None:
            continue
        person = _person(holder, namespace, FK1)
        if value == codes.ROLE_CONTACT_AT_RECEIVER.value:
            if receiver.person is None:
                receiver = Party(receiver.organisation, receiver.service, person)
        elif sender.person is None:
            sender = Party(sender.organisation, sender.service, person)
    return sender, receiver, coordinator


def _attachments(root: etree._Element, dialog_document: etree._Element) -> tuple[Attachment, ...]:
    found: list[Attachment] = []
    for number, document in enumerate(root.iterfind(f"{{{MH}}}Document"), start=1):
        if document is dialog_document:
            continue
        reference = document.find(f"{{{MH}}}RefDoc")
        container = reference.find(f"{{{MH}}}Content/{{{codes.BASE64_NS}}}Base64Container")
        if container is None:
            continue
        filename = (_text(reference.find(f"{{{MH}}}Description")) or "").strip() or f"vedlegg-{number}"
        encoded = container.text or ""
        if len(encoded) * 3 // 4 > MAX_ATTACHMENT_BYTES + 3:
            raise KithError(
                codes.ERROR_OTHER,
                f"Vedlegget «{filename}» er større enn {_megabytes(MAX_ATTACHMENT_BYTES)}, som er største "
                "tillatte vedlegg.",
            )
        try:
            content = base64.b64decode(encoded)
        except (binascii.Error, ValueError):
            raise KithError(codes.ERROR_NOT_VALID, f"Vedlegget «{filename}» er ikke gyldig base64.") from None
        if len(content) > MAX_ATTACHMENT_BYTES:
            raise KithError(
                codes.ERROR_OTHER,
                f"Vedlegget «{filename}» er {_megabytes(len(content))}; største tillatte vedlegg er "
                f"{_megabytes(MAX_ATTACHMENT_BYTES)}.",
            )
        found.append(
            Attachment(
                filename=filename,
                mime_type=(_text(reference.find(f"{{{MH}}}MimeType")) or "application/octet-stream").strip(),
                content=content,
                description=(_text(document.find(f"{{{MH}}}ContentDescription")) or "").strip(),
            )
        )
    return tuple(found)
