"""Namespaces, MIG versions and the Volven code lists (kodeverk) the KITH messages use.

The standards identify every coded value by a code system OID (attribute S), a value (V) and a display
name (DN). A receiver reads V and S; DN is for people, and the standards want it to be the code list's own
name for the value, so the names below are copied from the code lists (spelling included).

Sources checked (June 2025 copies of public material; Volven itself, https://volven.no, is the authority):
- 8279 Meldingens funksjon, 8114 Type dokumentreferanse, 8116 and 9051 id types, 7322, 9034, 8221, 8258:
  ks-no/fiks-nhn-client, msh-client/src/main/kotlin/no/ks/fiks/hdir/*.kt (KS Digital, MIT).
- The MIG versions: the schemas in ./xsd (MsgHead fixes "v1.2 2006-05-24"; AppRec 1.0 defaults to
  "1.0 2004-11-21", AppRec 1.1 to "v1.1 2012-02-15").
"""

from dataclasses import dataclass

# --- Namespaces -----------------------------------------------------------------------------------------
MSGHEAD_NS = "http://www.kith.no/xmlstds/msghead/2006-05-24"
DIALOG_1_0_NS = "http://www.kith.no/xmlstds/dialog/2006-10-11"
DIALOG_1_1_NS = "http://www.kith.no/xmlstds/dialog/2013-01-23"
APPREC_1_0_NS = "http://www.kith.no/xmlstds/apprec/2004-11-21"
APPREC_1_1_NS = "http://www.kith.no/xmlstds/apprec/2012-02-15"
BASE64_NS = "http://www.kith.no/xmlstds/base64container"
FELLESKOMPONENT_NS = "http://www.kith.no/xmlstds/felleskomponent1"
KITH_NS = "http://www.kith.no/xmlstds"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XS_NS = "http://www.w3.org/2001/XMLSchema"

DIALOG_NAMESPACES = {DIALOG_1_0_NS: "1.0", DIALOG_1_1_NS: "1.1"}
APPREC_NAMESPACES = {APPREC_1_0_NS: "1.0", APPREC_1_1_NS: "1.1"}

# --- MIG versions (the text of MIGversion) ---------------------------------------------------------------
MSGHEAD_MIG_VERSION = "v1.2 2006-05-24"
APPREC_1_0_MIG_VERSION = "1.0 2004-11-21"
APPREC_1_1_MIG_VERSION = "v1.1 2012-02-15"

OID_PREFIX = "2.16.578.1.12.4.1.1."


@dataclass(frozen=True)
class Code:
    """One coded value: V, DN and the code system OID S ("" for the CS type, which has no S)."""

    value: str
    name: str
    system: str = ""


def _codes(system: str, *pairs: tuple[str, str]) -> dict[str, Code]:
    return {value: Code(value, name, system) for value, name in pairs}


# 8279 Meldingens funksjon (the message's function; MsgHead MsgInfo/Type). DIALOG_HELSEFAGLIG is the
# Dialogmelding 1.1 "Helsefaglig dialog" profile; DIALOG_FORESPORSEL and DIALOG_SVAR belong to the
# "Forespørsel og svar på forespørsel" profile; DIALOG_NOTAT (Dialogmelding 1.0) has left the latest revision
# of the list but is still sent by older systems, so we read it.
MESSAGE_FUNCTION_SYSTEM = OID_PREFIX + "8279"
MESSAGE_FUNCTIONS = _codes(
    MESSAGE_FUNCTION_SYSTEM,
    ("DIALOG_HELSEFAGLIG", "Helsefaglig dialog"),
    ("DIALOG_FORESPORSEL", "Forespørsel"),
    ("DIALOG_SVAR", "Svar på forespørsel"),
    ("DIALOG_NOTAT", "Notat"),
    ("APPREC", "Applikasjonskvittering"),
)
DIALOG_HELSEFAGLIG = MESSAGE_FUNCTIONS["DIALOG_HELSEFAGLIG"]
DIALOG_FORESPORSEL = MESSAGE_FUNCTIONS["DIALOG_FORESPORSEL"]
DIALOG_SVAR = MESSAGE_FUNCTIONS["DIALOG_SVAR"]
DIALOG_NOTAT = MESSAGE_FUNCTIONS["DIALOG_NOTAT"]
APPREC = MESSAGE_FUNCTIONS["APPREC"]

# Our three kinds of dialog message and the MsgInfo/Type each is sent with.
KIND_NOTE = "notat"
KIND_QUESTION = "foresporsel"
KIND_ANSWER = "svar"
KINDS = (KIND_NOTE, KIND_QUESTION, KIND_ANSWER)
MESSAGE_FUNCTION_OF_KIND = {
    KIND_NOTE: DIALOG_HELSEFAGLIG,
    KIND_QUESTION: DIALOG_FORESPORSEL,
    KIND_ANSWER: DIALOG_SVAR,
}
KIND_OF_MESSAGE_FUNCTION = {
    "DIALOG_HELSEFAGLIG": KIND_NOTE,
    "DIALOG_NOTAT": KIND_NOTE,
    "DIALOG_FORESPORSEL": KIND_QUESTION,
    "DIALOG_SVAR": KIND_ANSWER,
}

# 8114 Type dokumentreferanse (RefDoc/MsgType): the Dialogmelding itself, or an attachment.
DOCUMENT_REFERENCE_SYSTEM = OID_PREFIX + "8114"
DOCUMENT_XML = Code("XML", "XML-instans", DOCUMENT_REFERENCE_SYSTEM)
DOCUMENT_ATTACHMENT = Code("A", "Vedlegg", DOCUMENT_REFERENCE_SYSTEM)

# 9051 ID-typer for organisatoriske enheter (Organisation/Ident/TypeId).
ORGANISATION_ID_SYSTEM = OID_PREFIX + "9051"
ORG_ID_HER = Code("HER", "HER-id", ORGANISATION_ID_SYSTEM)
ORG_ID_ENH = Code("ENH", "Organisasjonsnummeret i Enhetsregister", ORGANISATION_ID_SYSTEM)

# 8116 ID-type for personer (Patient and HealthcareProfessional Ident/TypeId).
PERSON_ID_SYSTEM = OID_PREFIX + "8116"
PERSON_ID_FNR = Code("FNR", "Fødselsnummer", PERSON_ID_SYSTEM)
PERSON_ID_DNR = Code("DNR", "D-nummer", PERSON_ID_SYSTEM)
PERSON_ID_HER = Code("HER", "HER-id", PERSON_ID_SYSTEM)
PERSON_ID_HPR = Code("HPR", "HPR-nummer", PERSON_ID_SYSTEM)
PATIENT_ID_TYPES = {"FNR": PERSON_ID_FNR, "DNR": PERSON_ID_DNR}

# 7322 Tema for helsefaglig dialog (Notat/TemaKodet). Code 6 starts a conversation about a patient; such a
# message that refers to no earlier one must name the receiver's contact (role 24 below).
SUBJECT_SYSTEM = OID_PREFIX + "7322"
SUBJECT_CODES = _codes(
    SUBJECT_SYSTEM,
    ("6", "Henvendelse om pasient"),
    ("7", "Tilbakemelding på mottak av utskrivningsklar pasient"),
    ("8", "Forespørsel om helseopplysninger"),
    ("9", "Forespørsel om legemiddelopplysninger"),
)
SUBJECT_ENQUIRY_ABOUT_PATIENT = SUBJECT_CODES["6"]
# code -> display name, for forms.
SUBJECTS = {code: item.name for code, item in SUBJECT_CODES.items()}

# 9034 Helsepersonells funksjoner mv. (RollerRelatertNotat/RoleToPatient).
ROLE_SYSTEM = OID_PREFIX + "9034"
ROLE_COORDINATOR_INDIVIDUAL_PLAN = Code("8", "Koordinator Individuell plan", ROLE_SYSTEM)
ROLE_CONTACT_AT_RECEIVER = Code("24", "Kontakt hos mottaker", ROLE_SYSTEM)

# 9060 Kategori helsepersonell (HealthcareProfessional/TypeHealthcareProfessional, a CS without S): the
# profession groups a receiver contact may be named by. Only the ones we are sure of.
PROFESSIONS = {
    "LE": "Lege",
    "SP": "Sykepleier",
    "PS": "Psykolog",
    "FT": "Fysioterapeut",
    "ET": "Ergoterapeut",
    "JO": "Jordmor",
    "VP": "Vernepleier",
}

# 8258 Status for mottak av melding (AppRec/Status).
APPREC_STATUS_SYSTEM = OID_PREFIX + "8258"
APPREC_STATUS_OK = Code("1", "OK", APPREC_STATUS_SYSTEM)
APPREC_STATUS_REJECTED = Code("2", "Avvist", APPREC_STATUS_SYSTEM)
APPREC_STATUS_OK_WITH_ERRORS = Code("3", "OK, feil i delmelding", APPREC_STATUS_SYSTEM)
APPREC_STATUSES = {
    "ok": APPREC_STATUS_OK,
    "rejected": APPREC_STATUS_REJECTED,
    "ok_with_errors": APPREC_STATUS_OK_WITH_ERRORS,
}
APPREC_STATUS_NAMES = {code.value: name for name, code in APPREC_STATUSES.items()}

# 8221 Feilmeldinger for applikasjonskvittering - Generelle (AppRec/Error).
APPREC_ERROR_SYSTEM = OID_PREFIX + "8221"
APPREC_ERRORS = _codes(
    APPREC_ERROR_SYSTEM,
    ("E10", "Ugyldig meldingsidentifikator"),
    ("E20", "Lege finnes ikke"),
    ("E21", "Mottaker finnes ikke"),
    ("E30", "Pasientens fødselsnummer mangler"),
    ("E31", "Pasientens fødselsnummer er feil"),
    ("E32", "Pasientens navn mangler"),
    ("E35", "Pasienten finnes ikke i mottakersystemet"),
    ("E36", "Pasientopplysninger er utilstrekkelige"),
    ("E53", "Pasientens fødselsnummer eller D-nummer finnes ikke registrert i Folkeregisteret."),
    ("E54", "Pasientens fødselsnummer er ikke registrert i mottagersystemet"),
    ("S01", "Feil på signatur"),
    ("S02", "Ugyldig sertifikat"),
    ("S03", "Tilbaketrukket sertifikat"),
    ("T01", "Ikke XML / ikke 'well formed' / uleselig"),
    ("T02", "XML validerer ikke"),
    ("T10", "Støtter ikke meldingsformatet"),
    ("T99", "Annen feil på format"),
    ("X99", "Annen feil"),
)
ERROR_INVALID_MESSAGE_ID = "E10"
ERROR_RECEIVER_UNKNOWN = "E21"
ERROR_PATIENT_ID_MISSING = "E30"
ERROR_PATIENT_ID_WRONG = "E31"
ERROR_PATIENT_NAME_MISSING = "E32"
ERROR_PATIENT_UNKNOWN = "E35"
ERROR_NOT_XML = "T01"
ERROR_NOT_VALID = "T02"
ERROR_FORMAT_NOT_SUPPORTED = "T10"
ERROR_OTHER_FORMAT = "T99"
ERROR_OTHER = "X99"
