"""The values a KITH message carries, as plain frozen dataclasses, and the one error this package raises.

Tjenestebasert adressering (HIS 1153): a message goes to a communication party in Adresseregisteret, which
is a service (tjeneste, with its own HER-id) inside an organisation (with a HER-id and/or an
organisasjonsnummer). MsgHead carries that as Organisation > Organisation; a person is only named as the
author or as the contact at the receiver, inside the Dialogmelding.

Limits: MAX_ATTACHMENT_BYTES is 7 MiB per attachment. We parse with libxml2's safety limits on
(huge_tree=False), and those refuse any single text node over 10,000,000 bytes; an attachment travels as
one base64 text node, 4/3 of its size, so 7 MiB (9.8 MB of base64) is the largest we could read back
ourselves. A message is at most MAX_MESSAGE_BYTES (30 MiB) in all, so a few attachments fit.
"""

import datetime
import uuid
from dataclasses import dataclass, field

from . import codes

MAX_ATTACHMENT_BYTES = 7 * 1024 * 1024
MAX_MESSAGE_BYTES = 30 * 1024 * 1024
# What HIS 1036 "Vedlegg til meldinger" practice carries; PDF is what receivers show everywhere.
ATTACHMENT_MIME_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png", "image/tiff", "text/plain"})


class KithError(Exception):
    """A message could not be built, read or accepted.

    `code` is the AppRec error code (kodeverk 8221) a receipt for it would carry, `text` says in bokmål what
    is wrong, and `errors` lists schema errors (bokmål, with line numbers) when there are any.
    """

    def __init__(self, code: str, text: str, errors: list[str] | tuple[str, ...] = ()):
        super().__init__(text)
        self.code = code
        self.text = text
        self.errors = list(errors)

    def __str__(self) -> str:
        return f"{self.code}: {self.text}"


def new_msg_id() -> str:
    """A fresh MsgId: the standards want a globally unique id, and everyone uses a UUID."""
    return str(uuid.uuid4())


@dataclass(frozen=True)
class Organisation:
    """The legal organisation (kommune, helseforetak, legekontor): HER-id and/or organisasjonsnummer."""

    name: str
    her_id: str | None
    org_number: str | None = None


@dataclass(frozen=True)
class Service:
    """The communication party inside the organisation; `service_type` is a Volven 8663 code (e.g. KR01)."""

    name: str
    her_id: str | None
    service_type: str | None = None


@dataclass(frozen=True)
class Person:
    """A named person: the author, or the contact at the receiver.

    `profession` is a kodeverk 9060 code (e.g. "SP" sykepleier); the contact at the receiver may be named by
    profession alone (then the names are empty).
    """

    given_name: str
    family_name: str
    her_id: str | None = None
    hpr: str | None = None
    profession: str | None = None


@dataclass(frozen=True)
class Patient:
    """The patient the message is about. The id type (FNR or D-nummer) follows from the number."""

    national_id: str
    given_name: str
    family_name: str

    @property
    def id_type(self) -> str:
        return national_id_type(self.national_id)


@dataclass(frozen=True)
class Attachment:
    filename: str
    mime_type: str
    content: bytes = field(repr=False)
    description: str = ""


@dataclass(frozen=True)
class Party:
    """Sender or receiver: organisation, the service addressed in it, and an optional person."""

    organisation: Organisation
    service: Service | None
    person: Person | None = None


@dataclass(frozen=True)
class OutgoingDialog:
    """A Dialogmelding to build.

    kind: "notat" (sent as Helsefaglig dialog, DIALOG_HELSEFAGLIG), "foresporsel" (DIALOG_FORESPORSEL) or
    "svar" (DIALOG_SVAR, the answer to a forespørsel). A reply within a Helsefaglig dialog is a "notat" with
    `conversation_ref`. `receiver.person` is the contact at the receiver, which a new message with subject 6
    must name. `sender_role_text` ("barnekoordinator") is written under the text as the sender's signature,
    since no code exists for the role; `coordinator_role` adds role code 8 (kodeverk 9034).
    """

    msg_id: str
    generated: datetime.datetime
    kind: str
    sender: Party
    receiver: Party
    patient: Patient
    subject_code: str
    subject_text: str
    text: str
    sender_role_text: str = ""
    coordinator_role: bool = False
    conversation_ref: str | None = None
    conversation_id: str | None = None
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True)
class IncomingDialog:
    """What parse_dialogmelding read from a MsgHead with a Dialogmelding 1.0 or 1.1."""

    msg_id: str
    msg_type: str
    generated: datetime.datetime
    sender: Party
    receiver: Party
    patient: Patient
    patient_id_type: str
    kind: str
    subject_code: str
    subject_text: str
    text: str
    conversation_ref: str | None
    conversation_id: str | None
    attachments: tuple[Attachment, ...]
    version: str
    subject_system: str = ""
    coordinator_role: bool = False


@dataclass(frozen=True)
class OriginalRef:
    """What an AppRec says about the message it answers, when there is no IncomingDialog.

    For a message that could not be read, give whatever is known (the transport's message id, say); the
    missing parts are written as "ukjent" and the receipt's own time (see apprec.build_apprec).
    """

    msg_id: str | None = None
    msg_type: str | None = None
    issued: datetime.datetime | None = None


@dataclass(frozen=True)
class AppRecResult:
    original_msg_id: str
    status: str
    errors: tuple[tuple[str, str], ...]
    sender_her_id: str | None
    msg_id: str = ""
    generated: datetime.datetime | None = None
    original_msg_type: str = ""
    version: str = ""
    sender_organisation_her_id: str | None = None


def national_id_type(number: str) -> str:
    """FNR or DNR: a D-nummer adds 4 to the first digit (day + 40), so it starts with 4-7."""
    return "DNR" if number[:1] in ("4", "5", "6", "7") else "FNR"


def check_national_id(number: str) -> str:
    """Return the id type of a valid fødselsnummer or D-nummer; raise KithError (E31 or E30) if invalid.

    Synthetic test numbers (month + 80) pass only where the settings allow them (demo and tests).
    """
    from django.core.exceptions import ValidationError

    from los.people.identifiers import validate_national_id

    number = (number or "").strip()
    if not number:
        raise KithError(codes.ERROR_PATIENT_ID_MISSING, "Pasientens fødselsnummer mangler.")
    from django.utils import translation

    try:
        with translation.override("nb"):  # a receipt's text is in Norwegian whatever the page's language
            validate_national_id(number, allow_synthetic=_synthetic_ids_allowed())
    except ValidationError as error:
        reason = " ".join(error.messages)
        raise KithError(codes.ERROR_PATIENT_ID_WRONG, f"Pasientens fødselsnummer er feil: {reason}") from None
    return national_id_type(number)


def _synthetic_ids_allowed() -> bool:
    try:
        from django.conf import settings

        return bool(getattr(settings, "LOS_ALLOW_SYNTHETIC_IDS", False))
    except Exception:  # settings not configured: plain-Python use, be strict
        return False
