"""Building Dialogmelding 1.1 in MsgHead 1.2: what we send validates; what the standard forbids is refused.

People here are made up and their national ids synthetic (Skatteetaten's month + 80).
"""

import datetime
import re
from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.no import fodselsnummer

from los.messaging import kith
from los.people.identifiers import make_synthetic_national_id

OSLO = ZoneInfo("Europe/Oslo")
CHILD_ID = make_synthetic_national_id(datetime.date(2016, 3, 14), 512)


def synthetic_d_number(birth: datetime.date, individual: int) -> str:
    """A synthetic D-nummer: day + 40 and month + 80, with valid control digits."""
    for offset in range(200):
        base = f"{birth.day + 40:02d}{birth.month + 80:02d}{birth.year % 100:02d}{individual + offset:03d}"
        first = fodselsnummer.calc_check_digit1(base)
        if len(first) == 1 and len(second := fodselsnummer.calc_check_digit2(base + first)) == 1:
            return base + first + second
    raise AssertionError("no D-number found")


def with_wrong_control_digit(number: str) -> str:
    return number[:10] + str((int(number[10]) + 1) % 10)


SENDER = kith.Party(
    organisation=kith.Organisation("Fjordvik kommune", her_id="8100100", org_number="910000009"),
    service=kith.Service("Koordinerende enhet", her_id="8100101"),
    person=kith.Person("Kari", "Nordmann"),
)
RECEIVER = kith.Party(
    organisation=kith.Organisation("Fjordvik legesenter", her_id="8200200"),
    service=kith.Service("Fastlegetjeneste", her_id="8200201", service_type="KA01"),
    person=kith.Person("Per", "Hansen", profession="LE"),
)
PDF = kith.Attachment(
    "individuell-plan.pdf", "application/pdf", b"%PDF-1.4\n% syntetisk\n", "Individuell plan"
)


def make_dialog(**changes) -> kith.OutgoingDialog:
    dialog = kith.OutgoingDialog(
        msg_id="6f1c2a9e-5d1b-4f0e-9a43-2b7d8c1e0f11",
        generated=datetime.datetime(2025, 6, 2, 9, 30, tzinfo=OSLO),
        kind="notat",
        sender=SENDER,
        receiver=RECEIVER,
        patient=kith.Patient(CHILD_ID, "Ola", "Fjellstad"),
        subject_code="6",
        subject_text="Henvendelse om pasient",
        text="Kan vi møtes om Olas plan neste uke?",
        sender_role_text="barnekoordinator",
        coordinator_role=True,
    )
    return replace(dialog, **changes)


# What each case quotes: HIS 80603:2017 (Dialogmelding 1.1), MsgHead 1.2, Helsefaglig dialog (HIS 1077).
VALID_CASES = [
    pytest.param({}, id="notat: a new Helsefaglig dialog names the receiver's contact (role 24)"),
    pytest.param({"attachments": (PDF,)}, id="attachment: its own Document, MsgType A, base64 container"),
    pytest.param(
        {
            "conversation_ref": "0d2f4c1a-1111-4a2b-9c3d-000000000001",
            "receiver": replace(RECEIVER, person=None),
        },
        id="notat in a conversation: ConversationRef with RefToParent and RefToConversation",
    ),
    pytest.param(
        {"kind": "foresporsel", "subject_code": "8", "subject_text": "Forespørsel om helseopplysninger"},
        id="forespørsel: Foresporsel with TypeForesp, EmneSporsmal, Sporsmal",
    ),
    pytest.param(
        {"kind": "svar", "conversation_ref": "0d2f4c1a-1111-4a2b-9c3d-000000000002"},
        id="svar: refers to the question it answers",
    ),
    pytest.param(
        {"patient": kith.Patient(synthetic_d_number(datetime.date(2012, 5, 3), 100), "Sara", "Lie")},
        id="patient with a D-nummer: TypeId DNR (kodeverk 8116)",
    ),
    pytest.param(
        {"coordinator_role": False, "sender": replace(SENDER, person=None), "sender_role_text": ""},
        id="no author named: the service alone sends",
    ),
    pytest.param(
        {"sender": replace(SENDER, person=kith.Person("Kari", "Nordmann", her_id="8100777", hpr="9144900"))},
        id="author with HER-id and HPR: named in MsgHead and in the roles",
    ),
]


@pytest.mark.parametrize("changes", VALID_CASES)
def test_built_message_validates_against_msghead_and_dialogmelding(changes):
    xml = kith.build_dialogmelding(make_dialog(**changes))

    assert kith.validate(xml) == []
    assert xml.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")


@pytest.mark.parametrize(
    ("kind", "message_function", "body"),
    [
        ("notat", "DIALOG_HELSEFAGLIG", "Notat"),
        ("foresporsel", "DIALOG_FORESPORSEL", "Foresporsel"),
        ("svar", "DIALOG_SVAR", "Notat"),
    ],
)
def test_each_kind_is_sent_with_its_message_function_from_kodeverk_8279(kind, message_function, body):
    reference = "0d2f4c1a-1111-4a2b-9c3d-000000000003" if kind == "svar" else None
    xml = kith.build_dialogmelding(make_dialog(kind=kind, conversation_ref=reference)).decode()

    assert f'<Type V="{message_function}"' in xml
    assert f"<{body}>" in xml
    assert "<MIGversion>v1.2 2006-05-24</MIGversion>" in xml


def test_parse_reads_back_what_build_wrote():
    dialog = make_dialog(
        attachments=(PDF,),
        conversation_ref="0d2f4c1a-1111-4a2b-9c3d-000000000004",
        conversation_id="0d2f4c1a-1111-4a2b-9c3d-000000000000",
    )

    parsed = kith.parse_dialogmelding(kith.build_dialogmelding(dialog))

    assert parsed.msg_id == dialog.msg_id
    assert parsed.generated == dialog.generated
    assert parsed.kind == "notat"
    assert parsed.version == "1.1"
    assert (parsed.subject_code, parsed.subject_text) == ("6", "Henvendelse om pasient")
    assert parsed.text == f"{dialog.text}\n\nKari Nordmann, barnekoordinator, Koordinerende enhet"
    assert parsed.patient == dialog.patient
    assert parsed.patient_id_type == "FNR"
    assert parsed.sender.organisation == SENDER.organisation
    assert parsed.sender.service.her_id == "8100101"
    assert parsed.sender.person.family_name == "Nordmann"
    assert parsed.receiver.service.her_id == "8200201"
    assert parsed.receiver.person.profession == "LE"
    assert parsed.coordinator_role is True
    assert (parsed.conversation_ref, parsed.conversation_id) == (
        dialog.conversation_ref,
        dialog.conversation_id,
    )
    assert parsed.attachments == (PDF,)
    assert parsed.attachments[0].content == PDF.content


def test_the_role_barnekoordinator_is_stated_in_the_text_since_no_code_exists_for_it():
    xml = kith.build_dialogmelding(make_dialog(sender_role_text="barnekoordinator")).decode()

    assert "Kari Nordmann, barnekoordinator, Koordinerende enhet</TekstNotatInnhold>" in xml
    assert 'RoleToPatient V="8" DN="Koordinator Individuell plan" S="2.16.578.1.12.4.1.1.9034"' in xml


REFUSED_CASES = [
    pytest.param(
        {"receiver": replace(RECEIVER, person=None)},
        "kontaktperson hos mottaker",
        id="Helsefaglig dialog: a new message on subject 6 must name the contact at the receiver (role 24)",
    ),
    pytest.param(
        {"kind": "svar"}, "må vise til meldingen", id="an answer without the message it answers has no parent"
    ),
    pytest.param(
        {"patient": kith.Patient(with_wrong_control_digit(CHILD_ID), "Ola", "Fjellstad")},
        "Kontrollsifrene",
        id="fødselsnummer with a wrong control digit (E31)",
    ),
    pytest.param(
        {"receiver": replace(RECEIVER, service=kith.Service("Fastlegetjeneste", her_id=None))},
        "mangler HER-id",
        id="tjenestebasert adressering: the receiving service needs its HER-id",
    ),
    pytest.param(
        {"attachments": (kith.Attachment("notat.docx", "application/msword", b"x"),)},
        "som ikke kan sendes",
        id="attachment type receivers cannot show",
    ),
    pytest.param({"text": "   "}, "ingen tekst", id="empty text"),
    pytest.param({"kind": "epikrise"}, "Ukjent meldingstype", id="unknown kind"),
]


@pytest.mark.parametrize(("changes", "phrase"), REFUSED_CASES)
def test_message_the_standard_does_not_allow_is_refused_in_bokmal(changes, phrase):
    with pytest.raises(kith.KithError) as raised:
        kith.build_dialogmelding(make_dialog(**changes))

    assert phrase in raised.value.text
    assert raised.value.code in kith.APPREC_ERRORS


def test_a_20_mb_attachment_is_refused_with_the_size_and_the_limit():
    big = kith.Attachment("skannet-journal.pdf", "application/pdf", b"\0" * (20 * 1024 * 1024))

    with pytest.raises(kith.KithError) as raised:
        kith.build_dialogmelding(make_dialog(attachments=(big,)))

    assert raised.value.text == (
        "Vedlegget «skannet-journal.pdf» er 20,0 MB; største tillatte vedlegg er 7,0 MB."
    )


def test_an_attachment_at_the_limit_is_sent_and_read_back():
    limit = kith.Attachment("stor.pdf", "application/pdf", b"%" * kith.MAX_ATTACHMENT_BYTES)

    parsed = kith.parse_dialogmelding(kith.build_dialogmelding(make_dialog(attachments=(limit,))))

    assert len(parsed.attachments[0].content) == kith.MAX_ATTACHMENT_BYTES


@given(st.text(max_size=300))
def test_any_text_either_builds_a_valid_message_or_is_refused_clearly(text):
    try:
        xml = kith.build_dialogmelding(make_dialog(text=text))
    except kith.KithError as error:
        # XML 1.0 carries no control characters but tab, LF and CR (nor U+FFFE/U+FFFF).
        assert error.text == "Meldingen har ingen tekst." or re.fullmatch(
            r"Meldingsteksten inneholder et tegn som ikke kan sendes i en melding \(U\+[0-9A-F]{4,6}, tegn "
            r"nummer \d+\)\. Fjern det og prøv igjen\.",
            error.text,
        )
        return
    assert kith.validate(xml) == []
    assert kith.parse_dialogmelding(xml).text.startswith(text.rstrip())
