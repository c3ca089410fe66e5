"""KITH health-network messages for Los: Dialogmelding in MsgHead, and AppRec receipts.

Plain Python (lxml), no models or views: build_dialogmelding writes a MsgHead 1.2 with a Dialogmelding 1.1
(and attachments as base64 containers), parse_dialogmelding reads Dialogmelding 1.0 and 1.1, validate
checks the envelope and every document against the KITH schemas in ./xsd, and build_apprec /
parse_apprec write and read the application receipt. Errors a person reads are in bokmål; KithError also
carries the AppRec error code (kodeverk 8221) for the receipt. See each submodule for what the standard
asks.
"""

from .apprec import build_apprec, is_apprec, parse_apprec, salvage_original_ref
from .codes import (
    APPREC_ERRORS,
    KIND_ANSWER,
    KIND_NOTE,
    KIND_QUESTION,
    KINDS,
    PROFESSIONS,
    SUBJECT_CODES,
    SUBJECTS,
    Code,
)
from .incoming import parse_dialogmelding, plain_text
from .model import (
    ATTACHMENT_MIME_TYPES,
    MAX_ATTACHMENT_BYTES,
    MAX_MESSAGE_BYTES,
    AppRecResult,
    Attachment,
    IncomingDialog,
    KithError,
    Organisation,
    OriginalRef,
    OutgoingDialog,
    Party,
    Patient,
    Person,
    Service,
    check_national_id,
    national_id_type,
    new_msg_id,
)
from .outgoing import build_dialogmelding, signature
from .schemas import validate

__all__ = [
    "APPREC_ERRORS",
    "ATTACHMENT_MIME_TYPES",
    "KINDS",
    "KIND_ANSWER",
    "KIND_NOTE",
    "KIND_QUESTION",
    "MAX_ATTACHMENT_BYTES",
    "MAX_MESSAGE_BYTES",
    "PROFESSIONS",
    "SUBJECTS",
    "SUBJECT_CODES",
    "AppRecResult",
    "Attachment",
    "Code",
    "IncomingDialog",
    "KithError",
    "Organisation",
    "OriginalRef",
    "OutgoingDialog",
    "Party",
    "Patient",
    "Person",
    "Service",
    "build_apprec",
    "build_dialogmelding",
    "check_national_id",
    "is_apprec",
    "national_id_type",
    "new_msg_id",
    "parse_apprec",
    "parse_dialogmelding",
    "plain_text",
    "salvage_original_ref",
    "signature",
    "validate",
]
