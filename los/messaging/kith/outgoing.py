"""Build a Dialogmelding 1.1 inside a MsgHead 1.2 (HIS 80603:2017, profile Helsefaglig dialog HIS 1077).

What the standards ask of a message we send:
- MsgHead/MsgInfo: Type from kodeverk 8279 (DIALOG_HELSEFAGLIG for a note; DIALOG_FORESPORSEL or
  DIALOG_SVAR in the forespørsel/svar profile), MIGversion "v1.2 2006-05-24", GenDate, a unique MsgId,
  ConversationRef (RefToParent + RefToConversation) on every message but the first of a conversation,
  Sender and Receiver as Organisation > Organisation (the service's HER-id, tjenestebasert adressering),
  and the Patient with fødselsnummer or D-nummer (kodeverk 8116).
- The first Document holds the Dialogmelding (RefDoc/MsgType "XML", kodeverk 8114); each attachment is
  its own Document (MsgType "A" Vedlegg, MimeType, the file name in Description) with the bytes in a
  kith base64 container.
- Dialogmelding 1.1: a Notat (TemaKodet from 7322, Tema, TekstNotatInnhold) or a Foresporsel (TypeForesp,
  EmneSporsmal, Sporsmal); RollerRelatertNotat names people by role (kodeverk 9034). A new message on
  subject 6 "Henvendelse om pasient" that refers to no earlier message must name the contact at the
  receiver (role 24) by profession group and, if known, name.
"""

import datetime
from zoneinfo import ZoneInfo

from lxml import etree

from . import codes
from .model import (
    ATTACHMENT_MIME_TYPES,
    MAX_ATTACHMENT_BYTES,
    MAX_MESSAGE_BYTES,
    Attachment,
    KithError,
    Organisation,
    OutgoingDialog,
    Party,
    Person,
    Service,
    check_national_id,
)
from .schemas import _megabytes, validate_tree
from .xmlbuild import check_text, coded, sub, to_xml_bytes

OSLO = ZoneInfo("Europe/Oslo")
MH = codes.MSGHEAD_NS
DIA = codes.DIALOG_1_1_NS
FK1 = codes.FELLESKOMPONENT_NS


def build_dialogmelding(dialog: OutgoingDialog) -> bytes:
    """Return the message as UTF-8 XML, valid against MsgHead 1.2 and Dialogmelding 1.1.

    Raises KithError (bokmål text) when the message cannot be sent as it stands: a rule of the standard,
    a patient id with wrong control digits, a character XML cannot carry, an attachment too large.
    """
    _check_dialog(dialog)
    root = etree.Element(f"{{{MH}}}MsgHead", nsmap={None: MH})
    _msg_info(root, dialog)
    _dialog_document(root, dialog)
    for attachment in dialog.attachments:
        _attachment_document(root, attachment, dialog.generated)
    xml = to_xml_bytes(root)
    if len(xml) > MAX_MESSAGE_BYTES:
        raise KithError(
            codes.ERROR_OTHER,
            f"Meldingen med vedlegg blir {_megabytes(len(xml))}; største tillatte er "
            f"{_megabytes(MAX_MESSAGE_BYTES)}.",
        )
    problems = validate_tree(etree.ElementTree(etree.fromstring(xml)))
    if problems:
        raise KithError(codes.ERROR_NOT_VALID, f"Meldingen følger ikke standarden: {problems[0]}", problems)
    return xml


def signature(dialog: OutgoingDialog) -> str:
    """The line under the text that states who writes and in which role ("barnekoordinator")."""
    if not dialog.sender_role_text.strip():
        return ""
    person = dialog.sender.person
    name = " ".join(part for part in (person.given_name, person.family_name) if part) if person else ""
    service = dialog.sender.service.name if dialog.sender.service else dialog.sender.organisation.name
    return ", ".join(part for part in (name, dialog.sender_role_text.strip(), service) if part)


def _check_dialog(dialog: OutgoingDialog) -> None:
    if dialog.kind not in codes.KINDS:
        raise KithError(
            codes.ERROR_OTHER, f"Ukjent meldingstype «{dialog.kind}»; bruk notat, foresporsel eller svar."
        )
    if not (dialog.msg_id or "").strip():
        raise KithError(codes.ERROR_INVALID_MESSAGE_ID, "Meldingen mangler meldings-id (MsgId).")
    if dialog.generated.tzinfo is None:
        raise ValueError("OutgoingDialog.generated must be an aware datetime")
    if not dialog.text.strip():
        raise KithError(codes.ERROR_OTHER, "Meldingen har ingen tekst.")
    if not dialog.subject_code.strip():
        raise KithError(codes.ERROR_OTHER, "Meldingen mangler tema (kodeverk 7322).")
    if dialog.kind == codes.KIND_ANSWER and not dialog.conversation_ref:
        raise KithError(codes.ERROR_OTHER, "Et svar må vise til meldingen det svarer på (mangler referanse).")
    starts_conversation = not dialog.conversation_ref
    contact = dialog.receiver.person
    if (
        starts_conversation
        and dialog.subject_code == codes.SUBJECT_ENQUIRY_ABOUT_PATIENT.value
        and not (contact and (contact.profession or contact.given_name or contact.family_name))
    ):
        raise KithError(
            codes.ERROR_OTHER,
            "En ny henvendelse om pasient må oppgi kontaktperson hos mottaker "
            "(yrkesgruppe og eventuelt navn).",
        )
    if contact and contact.profession and contact.profession not in codes.PROFESSIONS:
        raise KithError(codes.ERROR_OTHER, f"Ukjent yrkesgruppe «{contact.profession}» for kontaktpersonen.")
    check_national_id(dialog.patient.national_id)
    for attachment in dialog.attachments:
        _check_attachment(attachment)


def _check_attachment(attachment: Attachment) -> None:
    name = attachment.filename.strip()
    if not name:
        raise KithError(codes.ERROR_OTHER, "Et vedlegg mangler filnavn.")
    if attachment.mime_type not in ATTACHMENT_MIME_TYPES:
        raise KithError(
            codes.ERROR_OTHER,
            f"Vedlegget «{name}» har filtypen «{attachment.mime_type}», som ikke kan sendes. "
            "Send det som PDF, JPEG, PNG, TIFF eller ren tekst.",
        )
    if not attachment.content:
        raise KithError(codes.ERROR_OTHER, f"Vedlegget «{name}» er tomt.")
    if len(attachment.content) > MAX_ATTACHMENT_BYTES:
        raise KithError(
            codes.ERROR_OTHER,
            f"Vedlegget «{name}» er {_megabytes(len(attachment.content))}; største tillatte vedlegg er "
            f"{_megabytes(MAX_ATTACHMENT_BYTES)}.",
        )


def _timestamp(moment: datetime.datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _msg_info(root: etree._Element, dialog: OutgoingDialog) -> None:
    info = sub(root, MH, "MsgInfo")
    coded(info, MH, "Type", codes.MESSAGE_FUNCTION_OF_KIND[dialog.kind], with_system=False)
    sub(info, MH, "MIGversion", codes.MSGHEAD_MIG_VERSION)
    sub(info, MH, "GenDate", _timestamp(dialog.generated))
    sub(info, MH, "MsgId", dialog.msg_id.strip())
    if dialog.conversation_ref:
        # The standard puts ConversationRef on every message but a conversation's first, with both parts.
        reference = sub(info, MH, "ConversationRef")
        sub(reference, MH, "RefToParent", dialog.conversation_ref)
        sub(reference, MH, "RefToConversation", dialog.conversation_id or dialog.conversation_ref)
    _party(sub(info, MH, "Sender"), dialog.sender, include_person=True)
    _party(sub(info, MH, "Receiver"), dialog.receiver, include_person=False)
    patient = sub(info, MH, "Patient")
    if dialog.patient.family_name:
        sub(patient, MH, "FamilyName", dialog.patient.family_name)
    if dialog.patient.given_name:
        sub(patient, MH, "GivenName", dialog.patient.given_name)
    ident = sub(patient, MH, "Ident")
    sub(ident, MH, "Id", dialog.patient.national_id.strip())
    coded(ident, MH, "TypeId", codes.PATIENT_ID_TYPES[dialog.patient.id_type])


def _party(parent: etree._Element, party: Party, include_person: bool) -> None:
    """Organisation > Organisation (service); a person goes in only when MsgHead may address them."""
    outer = _organisation(parent, party.organisation)
    inner = _service(outer, party.service) if party.service else outer
    person = party.person
    if include_person and person and person.her_id:
        # Person-based addressing needs the person's HER-id; without it the person is named in the
        # Dialogmelding's roles instead.
        professional = sub(inner, MH, "HealthcareProfessional")
        _person_names(professional, MH, person)
        _person_idents(professional, MH, MH, person)


def _organisation(parent: etree._Element, organisation: Organisation) -> etree._Element:
    if not organisation.her_id and not organisation.org_number:
        raise KithError(
            codes.ERROR_OTHER,
            f"Virksomheten «{organisation.name}» mangler både HER-id og organisasjonsnummer.",
        )
    element = sub(parent, MH, "Organisation")
    sub(element, MH, "OrganisationName", organisation.name)
    if organisation.her_id:
        ident = sub(element, MH, "Ident")
        sub(ident, MH, "Id", str(organisation.her_id))
        coded(ident, MH, "TypeId", codes.ORG_ID_HER)
    if organisation.org_number:
        ident = sub(element, MH, "Ident")
        sub(ident, MH, "Id", str(organisation.org_number))
        coded(ident, MH, "TypeId", codes.ORG_ID_ENH)
    return element


def _service(parent: etree._Element, service: Service) -> etree._Element:
    if not service.her_id:
        raise KithError(
            codes.ERROR_RECEIVER_UNKNOWN,
            f"Tjenesten «{service.name}» mangler HER-id; den kan ikke adresseres på helsenettet.",
        )
    element = sub(parent, MH, "Organisation")
    sub(element, MH, "OrganisationName", service.name)
    ident = sub(element, MH, "Ident")
    sub(ident, MH, "Id", str(service.her_id))
    coded(ident, MH, "TypeId", codes.ORG_ID_HER)
    return element


def _person_names(parent: etree._Element, namespace: str, person: Person) -> None:
    if person.family_name:
        sub(parent, namespace, "FamilyName", person.family_name)
    if person.given_name:
        sub(parent, namespace, "GivenName", person.given_name)


def _person_idents(parent: etree._Element, namespace: str, ident_namespace: str, person: Person) -> None:
    for number, code in ((person.hpr, codes.PERSON_ID_HPR), (person.her_id, codes.PERSON_ID_HER)):
        if number:
            ident = sub(parent, namespace, "Ident")
            sub(ident, ident_namespace, "Id", str(number))
            coded(ident, ident_namespace, "TypeId", code)


def _dialog_document(root: etree._Element, dialog: OutgoingDialog) -> None:
    reference = sub(sub(root, MH, "Document"), MH, "RefDoc")
    sub(reference, MH, "IssueDate", V=_timestamp(dialog.generated))
    coded(reference, MH, "MsgType", codes.DOCUMENT_XML, with_system=False)
    content = sub(reference, MH, "Content")
    melding = etree.SubElement(
        content,
        f"{{{DIA}}}Dialogmelding",
        nsmap={None: DIA, "fk1": FK1, "xsi": codes.XSI_NS, "xs": codes.XS_NS},
    )
    subject = codes.SUBJECT_CODES.get(dialog.subject_code) or codes.Code(
        dialog.subject_code, dialog.subject_text, codes.SUBJECT_SYSTEM
    )
    text = dialog.text
    line = signature(dialog)
    if line:
        text = f"{text.rstrip()}\n\n{line}"
    check_text(text, "TekstNotatInnhold")
    if dialog.kind == codes.KIND_QUESTION:
        body = sub(melding, DIA, "Foresporsel")
        coded(body, DIA, "TypeForesp", subject)
        if dialog.subject_text:
            sub(body, DIA, "EmneSporsmal", dialog.subject_text)
        _plain_text(sub(body, DIA, "Sporsmal"), text)
    else:
        body = sub(melding, DIA, "Notat")
        coded(body, DIA, "TemaKodet", subject)
        if dialog.subject_text:
            sub(body, DIA, "Tema", dialog.subject_text)
        _plain_text(sub(body, DIA, "TekstNotatInnhold"), text)
        sub(body, DIA, "DatoNotat", dialog.generated.astimezone(OSLO).date().isoformat())
    _roles(body, dialog)


def _plain_text(element: etree._Element, text: str) -> None:
    # The element is xs:anyType (to allow xhtml); xsi:type="xs:string" tells JAXB-based receivers it is text.
    element.set(f"{{{codes.XSI_NS}}}type", "xs:string")
    element.text = text


def _roles(body: etree._Element, dialog: OutgoingDialog) -> None:
    author = dialog.sender.person
    if author or dialog.coordinator_role:
        role = sub(body, DIA, "RollerRelatertNotat")
        if dialog.coordinator_role:
            coded(role, DIA, "RoleToPatient", codes.ROLE_COORDINATOR_INDIVIDUAL_PLAN)
        if author and (author.given_name or author.family_name or author.hpr or author.her_id):
            _professional(role, author)
        elif dialog.sender.service:
            unit = sub(role, DIA, "TilknyttetEnhet")
            contact_unit = sub(unit, DIA, "Kontaktenhet")
            sub(contact_unit, FK1, "OrganisationName", dialog.sender.service.name)
            ident = sub(contact_unit, FK1, "Ident")
            sub(ident, FK1, "Id", str(dialog.sender.service.her_id))
            coded(ident, FK1, "TypeId", codes.ORG_ID_HER)
    contact = dialog.receiver.person
    if contact:
        role = sub(body, DIA, "RollerRelatertNotat")
        coded(role, DIA, "RoleToPatient", codes.ROLE_CONTACT_AT_RECEIVER)
        _professional(role, contact)


def _professional(parent: etree._Element, person: Person) -> None:
    professional = sub(parent, DIA, "HealthcareProfessional")
    if person.profession:
        sub(
            professional,
            DIA,
            "TypeHealthcareProfessional",
            V=person.profession,
            DN=codes.PROFESSIONS[person.profession],
        )
    _person_names(professional, DIA, person)
    _person_idents(professional, DIA, FK1, person)


def _attachment_document(root: etree._Element, attachment: Attachment, generated: datetime.datetime) -> None:
    import base64

    document = sub(root, MH, "Document")
    if attachment.description:
        sub(document, MH, "ContentDescription", attachment.description)
    reference = sub(document, MH, "RefDoc")
    sub(reference, MH, "IssueDate", V=_timestamp(generated))
    coded(reference, MH, "MsgType", codes.DOCUMENT_ATTACHMENT, with_system=False)
    sub(reference, MH, "MimeType", attachment.mime_type)
    sub(reference, MH, "Description", attachment.filename.strip())
    content = sub(reference, MH, "Content")
    container = etree.SubElement(
        content, f"{{{codes.BASE64_NS}}}Base64Container", nsmap={None: codes.BASE64_NS}
    )
    container.text = base64.b64encode(attachment.content).decode("ascii")
