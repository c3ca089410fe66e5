"""Reading and validating received messages: tampering, older versions, hostile XML, oversized attachments.

The hand-written messages follow the examples in the standards; every person in them is made up and the
national ids are synthetic (month + 80).
"""

import base64
import datetime
import re

import pytest

from los.messaging import kith
from los.people.identifiers import make_synthetic_national_id

from .test_kith_build import PDF, make_dialog, synthetic_d_number, with_wrong_control_digit

BUILT = kith.build_dialogmelding(make_dialog(attachments=(PDF,))).decode()


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


TAMPERED = [
    pytest.param(
        BUILT.replace("msghead/2006-05-24", "msghead/2006-05-25"),
        "T10",
        "Rotelementet «MsgHead» har navnerommet «http://www.kith.no/xmlstds/msghead/2006-05-25», som vi ikke",
        "<MsgHead",
        id="MsgHead 1.2: the namespace is http://www.kith.no/xmlstds/msghead/2006-05-24",
    ),
    pytest.param(
        BUILT.replace("dialog/2013-01-23", "dialog/2099-01-01"),
        "T10",
        "Elementet «Dialogmelding» er ikke et dokument vi har skjema for",
        "<Dialogmelding",
        id="RefDoc/Content is processContents=strict: a Dialogmelding of unknown namespace is refused",
    ),
    pytest.param(
        re.sub(r"\s*<MsgId>.*</MsgId>", "", BUILT),
        "T02",
        "Elementet «Sender» (hodemelding) er ikke ventet her; forventet er «MsgId».",
        "<Sender>",
        id="MsgInfo/MsgId is required (1..1)",
    ),
    pytest.param(
        BUILT.replace("<MIGversion>v1.2 2006-05-24", "<MIGversion>v1.1 2006-02-15"),
        "T10",
        "Elementet «MIGversion» (hodemelding) har verdien «v1.1 2006-02-15», men standarden krever "
        "«v1.2 2006-05-24».",
        "<MIGversion>",
        id="MIGversion is fixed to 'v1.2 2006-05-24'",
    ),
    pytest.param(
        BUILT.replace(
            "<MIGversion>v1.2 2006-05-24</MIGversion>\n    <GenDate>2025-06-02T09:30:00+02:00</GenDate>",
            "<GenDate>2025-06-02T09:30:00+02:00</GenDate>\n    <MIGversion>v1.2 2006-05-24</MIGversion>",
        ),
        "T02",
        "Elementet «GenDate» (hodemelding) er ikke ventet her; forventet er «MIGversion».",
        "<GenDate>",
        id="MsgInfo is a sequence: Type, MIGversion, GenDate, MsgId ...",
    ),
    pytest.param(
        BUILT.replace('<TemaKodet V="6"', '<TemaKodt V="6"'),
        "T02",
        "Elementet «TemaKodt» (dialogmelding 1.1) er ikke ventet her; forventet er «TemaKodet».",
        "<TemaKodt",
        id="Dialogmelding 1.1: Notat starts with TemaKodet",
    ),
    pytest.param(
        BUILT.replace("<GenDate>2025-06-02T09:30:00+02:00", "<GenDate>2. juni 2025"),
        "T02",
        "Elementet «GenDate» (hodemelding) har en ugyldig verdi: «2. juni 2025».",
        "<GenDate>",
        id="GenDate is an xs:dateTime",
    ),
    pytest.param(
        BUILT.replace(">JVBER", ">!!!"),
        "T02",
        "Elementet «Base64Container» (base64-vedlegg) har en ugyldig verdi",
        "<Base64Container",
        id="an attachment's container holds xs:base64Binary",
    ),
]


@pytest.mark.parametrize(("xml", "code", "phrase", "where"), TAMPERED)
def test_tampered_message_fails_with_a_bokmal_error_on_the_right_line(xml, code, phrase, where):
    problems = kith.validate(xml.encode())

    assert len(problems) == 1
    assert problems[0].startswith(f"Linje {_line_of(xml, where)}: ")
    assert phrase in problems[0]
    with pytest.raises(kith.KithError) as raised:
        kith.parse_dialogmelding(xml.encode())
    assert raised.value.code == code


def test_a_patient_id_with_wrong_control_digits_is_refused_with_e31():
    xml = BUILT.replace(
        make_dialog().patient.national_id, with_wrong_control_digit(make_dialog().patient.national_id)
    )

    assert kith.validate(xml.encode()) == []  # the schema only knows it is a string
    with pytest.raises(kith.KithError) as raised:
        kith.parse_dialogmelding(xml.encode())
    assert raised.value.code == "E31"
    assert (
        raised.value.text
        == "Pasientens fødselsnummer er feil: Kontrollsifrene i fødselsnummeret stemmer ikke."
    )


def test_a_message_without_a_patient_id_is_refused_with_e30():
    xml = re.sub(r"<Ident>\s*<Id>\d{11}</Id>\s*<TypeId V=\"FNR\"[^>]*/>\s*</Ident>", "", BUILT)

    with pytest.raises(kith.KithError) as raised:
        kith.parse_dialogmelding(xml.encode())
    assert raised.value.code == "E30"


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE MsgHead [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<MsgHead xmlns="http://www.kith.no/xmlstds/msghead/2006-05-24"><MsgInfo>&secret;</MsgInfo></MsgHead>"""
LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b']>\n<MsgHead xmlns="http://www.kith.no/xmlstds/msghead/2006-05-24">&lol9;</MsgHead>'
)


@pytest.mark.parametrize(
    "xml", [pytest.param(XXE, id="external entity (XXE)"), pytest.param(LAUGHS, id="entity expansion")]
)
def test_a_document_type_definition_is_refused_before_anything_is_expanded(xml):
    problems = kith.validate(xml)

    assert problems == [
        "Meldingen inneholder en dokumenttypedefinisjon (DOCTYPE/ENTITY). Det brukes aldri i KITH-meldinger "
        "og avvises av sikkerhetshensyn."
    ]
    with pytest.raises(kith.KithError) as raised:
        kith.parse_dialogmelding(xml)
    assert raised.value.code == "T01"
    assert "root:" not in raised.value.text


@pytest.mark.parametrize(
    ("xml", "phrase"),
    [
        (b"<MsgHead><MsgInfo></MsgHead>", "Meldingen er ikke velformet XML (linje 1)"),
        (b"", "Meldingen er tom."),
        (b"Dette er ikke XML", "Meldingen er ikke velformet XML (linje 1)"),
    ],
)
def test_not_well_formed_xml_is_refused_with_t01(xml, phrase):
    with pytest.raises(kith.KithError) as raised:
        kith.parse_dialogmelding(xml)

    assert raised.value.code == "T01"
    assert raised.value.text.startswith(phrase)


def test_a_received_20_mb_attachment_is_refused_clearly_not_read():
    huge = base64.b64encode(b"\0" * (20 * 1024 * 1024)).decode()
    xml = re.sub(r"(<Base64Container[^>]*>)[^<]*", lambda m: m.group(1) + huge, BUILT)

    with pytest.raises(kith.KithError) as raised:
        kith.parse_dialogmelding(xml.encode())

    assert raised.value.text == (
        "Meldingen har et vedlegg eller en tekst som er for stor til å leses; "
        "største tillatte vedlegg er 7,0 MB."
    )


def test_a_message_over_the_total_limit_is_refused_before_parsing():
    with pytest.raises(kith.KithError) as raised:
        kith.parse_dialogmelding(b" " * (kith.MAX_MESSAGE_BYTES + 1))

    assert raised.value.text == "Meldingen er 30,0 MB; største tillatte størrelse er 30,0 MB."


PATIENT_1_0 = make_synthetic_national_id(datetime.date(2014, 9, 21), 640)

# Dialogmelding 1.0 forespørsel as in "Forespørsel og svar på forespørsel": MsgInfo/Type DIALOG_FORESPORSEL,
# Foresporsel with TypeForesp and Sporsmal (a plain string in 1.0), a PDF attachment in a base64 container.
FORESPORSEL_1_0 = f"""<?xml version="1.0" encoding="ISO-8859-1"?>
<MsgHead xmlns="http://www.kith.no/xmlstds/msghead/2006-05-24" xmlns:fk1="http://www.kith.no/xmlstds/felleskomponent1">
  <MsgInfo>
    <Type V="DIALOG_FORESPORSEL" DN="Forespørsel"/>
    <MIGversion>v1.2 2006-05-24</MIGversion>
    <GenDate>2025-05-13T11:51:01</GenDate>
    <MsgId>a1b2c3d4-0000-4000-8000-000000000010</MsgId>
    <Sender>
      <Organisation>
        <OrganisationName>Bakketun legekontor</OrganisationName>
        <Ident><Id>8300300</Id><TypeId V="HER" DN="HER-id" S="2.16.578.1.12.4.1.1.9051"/></Ident>
        <HealthcareProfessional>
          <FamilyName>Lind</FamilyName>
          <GivenName>Ingrid</GivenName>
          <Ident><Id>8300301</Id><TypeId V="HER" DN="HER-id" S="2.16.578.1.12.4.1.1.8116"/></Ident>
        </HealthcareProfessional>
      </Organisation>
    </Sender>
    <Receiver>
      <Organisation>
        <OrganisationName>Fjordvik kommune</OrganisationName>
        <Ident><Id>8100100</Id><TypeId V="HER" DN="HER-id" S="2.16.578.1.12.4.1.1.9051"/></Ident>
        <Organisation>
          <OrganisationName>Koordinerende enhet</OrganisationName>
          <Ident><Id>8100101</Id><TypeId V="HER" DN="HER-id" S="2.16.578.1.12.4.1.1.9051"/></Ident>
        </Organisation>
      </Organisation>
    </Receiver>
    <Patient>
      <FamilyName>Berg</FamilyName>
      <GivenName>Nora</GivenName>
      <Ident><Id>{PATIENT_1_0}</Id><TypeId V="FNR" DN="Fødselsnummer" S="2.16.578.1.12.4.1.1.8116"/></Ident>
    </Patient>
  </MsgInfo>
  <Document>
    <RefDoc>
      <MsgType V="XML" DN="XML-instans"/>
      <Content>
        <Dialogmelding xmlns="http://www.kith.no/xmlstds/dialog/2006-10-11">
          <Foresporsel>
            <TypeForesp V="99" DN="Annen henvendelse" S="2.16.578.1.12.4.1.1.9152"/>
            <Sporsmal>Hvem er koordinator for Nora? Vi ønsker et møte om ansvarsgruppen.</Sporsmal>
            <RollerRelatertNotat>
              <RoleToPatient V="6" DN="Fastlege" S="2.16.578.1.12.4.1.1.9034"/>
              <HealthcareProfessional>
                <FamilyName>Lind</FamilyName>
                <GivenName>Ingrid</GivenName>
              </HealthcareProfessional>
            </RollerRelatertNotat>
          </Foresporsel>
        </Dialogmelding>
      </Content>
    </RefDoc>
  </Document>
  <Document>
    <RefDoc>
      <MsgType V="A" DN="Vedlegg"/>
      <MimeType>application/pdf</MimeType>
      <Description>epikrise.pdf</Description>
      <Content>
        <Base64Container xmlns="http://www.kith.no/xmlstds/base64container">JVBERi0xLjQK</Base64Container>
      </Content>
    </RefDoc>
  </Document>
</MsgHead>
""".encode("iso-8859-1")


def test_a_dialogmelding_1_0_foresporsel_is_read():
    assert kith.validate(FORESPORSEL_1_0) == []

    parsed = kith.parse_dialogmelding(FORESPORSEL_1_0)

    assert parsed.version == "1.0"
    assert parsed.kind == "foresporsel"
    assert parsed.msg_type == "DIALOG_FORESPORSEL"
    assert (parsed.subject_code, parsed.subject_system, parsed.subject_text) == (
        "99",
        "2.16.578.1.12.4.1.1.9152",
        "Annen henvendelse",
    )
    assert parsed.text == "Hvem er koordinator for Nora? Vi ønsker et møte om ansvarsgruppen."
    assert parsed.sender.organisation.her_id == "8300300"
    assert parsed.sender.service is None
    assert parsed.sender.person == kith.Person("Ingrid", "Lind", her_id="8300301")
    assert parsed.receiver.service.her_id == "8100101"
    assert parsed.patient == kith.Patient(PATIENT_1_0, "Nora", "Berg")
    assert parsed.generated.utcoffset() == datetime.timedelta(hours=2)  # no offset given: Norwegian time
    assert parsed.attachments == (kith.Attachment("epikrise.pdf", "application/pdf", b"%PDF-1.4\n"),)


D_NUMBER = synthetic_d_number(datetime.date(2011, 11, 2), 420)

# Dialogmelding 1.1 svar: MsgInfo/Type DIALOG_SVAR with ConversationRef, a Notat whose TekstNotatInnhold
# (xs:anyType since 1.1) holds xhtml.
SVAR_1_1 = f"""<?xml version="1.0" encoding="UTF-8"?>
<MsgHead xmlns="http://www.kith.no/xmlstds/msghead/2006-05-24">
  <MsgInfo>
    <Type V="DIALOG_SVAR" DN="Svar på forespørsel"/>
    <MIGversion>v1.2 2006-05-24</MIGversion>
    <GenDate>2025-06-03T14:05:00+02:00</GenDate>
    <MsgId>a1b2c3d4-0000-4000-8000-000000000020</MsgId>
    <ConversationRef>
      <RefToParent>6f1c2a9e-5d1b-4f0e-9a43-2b7d8c1e0f11</RefToParent>
      <RefToConversation>6f1c2a9e-5d1b-4f0e-9a43-2b7d8c1e0f11</RefToConversation>
    </ConversationRef>
    <Sender>
      <Organisation>
        <OrganisationName>Fjordvik legesenter</OrganisationName>
        <Ident><Id>8200200</Id><TypeId V="HER" DN="HER-id" S="2.16.578.1.12.4.1.1.9051"/></Ident>
        <Organisation>
          <OrganisationName>Fastlegetjeneste</OrganisationName>
          <Ident><Id>8200201</Id><TypeId V="HER" DN="HER-id" S="2.16.578.1.12.4.1.1.9051"/></Ident>
        </Organisation>
      </Organisation>
    </Sender>
    <Receiver>
      <Organisation>
        <OrganisationName>Fjordvik kommune</OrganisationName>
        <Ident><Id>8100100</Id><TypeId V="HER" DN="HER-id" S="2.16.578.1.12.4.1.1.9051"/></Ident>
        <Organisation>
          <OrganisationName>Koordinerende enhet</OrganisationName>
          <Ident><Id>8100101</Id><TypeId V="HER" DN="HER-id" S="2.16.578.1.12.4.1.1.9051"/></Ident>
        </Organisation>
      </Organisation>
    </Receiver>
    <Patient>
      <FamilyName>Aas</FamilyName>
      <GivenName>Emil</GivenName>
      <Ident><Id>{D_NUMBER}</Id><TypeId V="DNR" DN="D-nummer" S="2.16.578.1.12.4.1.1.8116"/></Ident>
    </Patient>
  </MsgInfo>
  <Document>
    <RefDoc>
      <MsgType V="XML" DN="XML-instans"/>
      <Content>
        <Dialogmelding xmlns="http://www.kith.no/xmlstds/dialog/2013-01-23" xmlns:fk1="http://www.kith.no/xmlstds/felleskomponent1">
          <Notat>
            <TemaKodet V="6" DN="Henvendelse om pasient" S="2.16.578.1.12.4.1.1.7322"/>
            <Tema>Møte om individuell plan</Tema>
            <TekstNotatInnhold>
              <div xmlns="http://www.w3.org/1999/xhtml"><p>Takk for henvendelsen.</p>
                <p>Jeg kan <b>tirsdag</b> kl. 14.</p></div>
            </TekstNotatInnhold>
            <RollerRelatertNotat>
              <RoleToPatient V="6" DN="Fastlege" S="2.16.578.1.12.4.1.1.9034"/>
              <HealthcareProfessional>
                <TypeHealthcareProfessional V="LE" DN="Lege"/>
                <FamilyName>Hansen</FamilyName>
                <GivenName>Per</GivenName>
                <Ident>
                  <fk1:Id>9144900</fk1:Id>
                  <fk1:TypeId V="HPR" DN="HPR-nummer" S="2.16.578.1.12.4.1.1.8116"/>
                </Ident>
              </HealthcareProfessional>
            </RollerRelatertNotat>
          </Notat>
        </Dialogmelding>
      </Content>
    </RefDoc>
  </Document>
</MsgHead>
""".encode()


def test_a_dialogmelding_1_1_svar_with_xhtml_is_read_as_plain_text():
    assert kith.validate(SVAR_1_1) == []

    parsed = kith.parse_dialogmelding(SVAR_1_1)

    assert (parsed.version, parsed.kind) == ("1.1", "svar")
    assert parsed.text == "Takk for henvendelsen.\nJeg kan tirsdag kl. 14."
    assert parsed.subject_text == "Møte om individuell plan"
    assert parsed.conversation_ref == parsed.conversation_id == "6f1c2a9e-5d1b-4f0e-9a43-2b7d8c1e0f11"
    assert parsed.patient_id_type == "DNR"
    assert parsed.sender.person == kith.Person("Per", "Hansen", hpr="9144900", profession="LE")
    assert parsed.attachments == ()


def test_validate_accepts_str_as_well_as_bytes():
    assert kith.validate(BUILT) == []
