"""Application receipts (AppRec): we answer every message, even one we could not read, and read theirs."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from los.messaging import kith

from .test_kith_build import RECEIVER, SENDER, make_dialog
from .test_kith_parse import FORESPORSEL_1_0

OSLO = ZoneInfo("Europe/Oslo")
NOW = datetime.datetime(2025, 6, 2, 9, 31, 5, tzinfo=OSLO)
US = kith.Party(SENDER.organisation, SENDER.service)
THEM = kith.Party(RECEIVER.organisation, RECEIVER.service)


CASES = [
    pytest.param("ok", [], "1", id="kodeverk 8258: 1 OK"),
    pytest.param(
        "rejected",
        [("E35", "Barnet er ikke registrert hos koordinerende enhet.")],
        "2",
        id="kodeverk 8258: 2 Avvist, with the reason from 8221",
    ),
    pytest.param(
        "ok_with_errors",
        [("X99", "Vedlegg 2 kunne ikke leses.")],
        "3",
        id="kodeverk 8258: 3 OK, feil i delmelding",
    ),
]


@pytest.mark.parametrize(("status", "errors", "status_code"), CASES)
def test_apprec_validates_and_parses_back(status, errors, status_code):
    original = kith.parse_dialogmelding(FORESPORSEL_1_0)

    xml = kith.build_apprec(
        original, US, THEM, status, errors, msg_id="b0000000-0000-4000-8000-000000000001", generated=NOW
    )

    assert kith.validate(xml) == []
    text = xml.decode()
    assert "<MIGversion>1.0 2004-11-21</MIGversion>" in text
    assert f'<Status V="{status_code}"' in text
    assert '<MsgType V="DIALOG_FORESPORSEL" DN="Forespørsel"/>' in text
    assert kith.is_apprec(xml)
    receipt = kith.parse_apprec(xml)
    assert receipt.original_msg_id == original.msg_id
    assert receipt.status == status
    assert receipt.errors == tuple(errors)
    assert receipt.sender_her_id == "8100101"  # the service, tjenestebasert
    assert receipt.sender_organisation_her_id == "8100100"
    assert receipt.msg_id == "b0000000-0000-4000-8000-000000000001"
    assert receipt.generated == NOW
    assert receipt.version == "1.0"


def test_a_rejection_carries_the_standard_name_and_our_detail():
    xml = kith.build_apprec(
        kith.parse_dialogmelding(FORESPORSEL_1_0), US, THEM, "rejected", [("E21", "Tjenesten er lagt ned.")]
    ).decode()

    assert (
        '<Error V="E21" S="2.16.578.1.12.4.1.1.8221" DN="Mottaker finnes ikke" OT="Tjenesten er lagt ned."/>'
        in xml
    )


def test_a_rejection_without_a_reason_is_a_programming_error():
    with pytest.raises(ValueError):
        kith.build_apprec(kith.OriginalRef("x"), US, THEM, "rejected")


def test_a_message_that_could_not_be_parsed_still_gets_a_receipt():
    broken = (
        b"<MsgHead xmlns='http://www.kith.no/xmlstds/msghead/2006-05-24'><MsgInfo><Type V='DIALOG_NOTAT'/>"
    )
    broken += b"<MIGversion>v1.2 2006-05-24</MIGversion><GenDate>2025-06-02T08:00:00</GenDate>"
    broken += b"<MsgId>c0000000-0000-4000-8000-000000000009</MsgId><Sender><Organisation>"
    with pytest.raises(kith.KithError) as raised:
        kith.parse_dialogmelding(broken)

    original = kith.salvage_original_ref(broken)
    xml = kith.build_apprec(
        original, US, THEM, "rejected", [(raised.value.code, raised.value.text)], generated=NOW
    )

    assert kith.validate(xml) == []
    receipt = kith.parse_apprec(xml)
    assert receipt.original_msg_id == "c0000000-0000-4000-8000-000000000009"
    assert receipt.errors[0][0] == "T01"


def test_a_receipt_for_nothing_readable_says_unknown():
    original = kith.salvage_original_ref(b"\x00\x01 not xml at all", transport_id=None)
    xml = kith.build_apprec(original, US, THEM, "rejected", [("T01", "Ikke XML.")], generated=NOW)

    text = xml.decode()
    assert kith.validate(xml) == []
    assert '<MsgType DN="ukjent"/>' in text
    assert "<Id>ukjent</Id>" in text
    assert kith.parse_apprec(xml).original_msg_id == "ukjent"


def test_a_receipt_answers_our_own_built_message():
    dialog = make_dialog()
    original = kith.parse_dialogmelding(kith.build_dialogmelding(dialog))

    receipt = kith.parse_apprec(kith.build_apprec(original, THEM, US, "ok"))

    assert (receipt.original_msg_id, receipt.status, receipt.sender_her_id) == (
        dialog.msg_id,
        "ok",
        "8200201",
    )


# AppRec 1.1 (namespace 2012-02-15, MIGversion "v1.1 2012-02-15"), as a receiver using it would answer.
APPREC_1_1 = """<?xml version="1.0" encoding="UTF-8"?>
<AppRec xmlns="http://www.kith.no/xmlstds/apprec/2012-02-15">
  <MsgType V="APPREC" DN="Applikasjonskvittering"/>
  <MIGversion>v1.1 2012-02-15</MIGversion>
  <GenDate>2025-06-02T10:00:00+02:00</GenDate>
  <Id>d0000000-0000-4000-8000-000000000001</Id>
  <Sender><HCP><Inst>
    <Name>Fjordvik legesenter</Name><Id>8200200</Id><TypeId V="HER" DN="HER-id"/>
    <Dept><Name>Fastlegetjeneste</Name><Id>8200201</Id><TypeId V="HER" DN="HER-id"/></Dept>
  </Inst></HCP></Sender>
  <Receiver><HCP><Inst>
    <Name>Fjordvik kommune</Name><Id>8100100</Id><TypeId V="HER" DN="HER-id"/>
  </Inst></HCP></Receiver>
  <Status V="2" DN="Avvist"/>
  <Error V="E35" S="2.16.578.1.12.4.1.1.8221" DN="Pasienten finnes ikke i mottakersystemet"/>
  <OriginalMsgId>
    <MsgType V="DIALOG_HELSEFAGLIG" DN="Helsefaglig dialog"/>
    <IssueDate>2025-06-02T09:30:00+02:00</IssueDate>
    <Id>6f1c2a9e-5d1b-4f0e-9a43-2b7d8c1e0f11</Id>
  </OriginalMsgId>
</AppRec>
"""


def test_an_apprec_1_1_is_read():
    assert kith.validate(APPREC_1_1) == []

    receipt = kith.parse_apprec(APPREC_1_1.encode())

    assert receipt.version == "1.1"
    assert receipt.status == "rejected"
    assert receipt.errors == (("E35", "Pasienten finnes ikke i mottakersystemet"),)
    assert receipt.original_msg_id == "6f1c2a9e-5d1b-4f0e-9a43-2b7d8c1e0f11"
    assert receipt.original_msg_type == "DIALOG_HELSEFAGLIG"
    assert receipt.sender_her_id == "8200201"


@pytest.mark.parametrize(
    ("xml", "code", "phrase"),
    [
        (APPREC_1_1.replace('Status V="2"', 'Status V="7"'), "T02", "ukjent status «7»"),
        (APPREC_1_1.replace("v1.1 2012-02-15", "v1.0 2004-11-21"), "T10", "MIG-versjon «v1.0 2004-11-21»"),
        (
            APPREC_1_1.replace("<Id>d0000000", "<Idx>d0000000").replace(
                "0001</Id>\n  <Sender>", "0001</Idx>\n  <Sender>"
            ),
            "T02",
            "«Idx»",
        ),
        ("<Kvittering/>", "T10", "ikke en applikasjonskvittering"),
    ],
)
def test_a_bad_apprec_is_refused_in_bokmal(xml, code, phrase):
    with pytest.raises(kith.KithError) as raised:
        kith.parse_apprec(xml.encode())

    assert raised.value.code == code
    assert phrase in raised.value.text
