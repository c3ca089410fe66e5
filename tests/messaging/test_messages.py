"""Dialogmelding in the product: the coordinator writes to a health service on the team, the worker sends
it, the receiver's AppRec closes it; a message from a GP arrives in the family's thread (or waits to be
sorted, or is rejected with the reason's code), and each read and change is in the family's access log.

The law: a message about the child leaves only for a service an active consent names
(helsepersonelloven §§ 21-22); the family may see who read what (pasientjournalloven § 22)."""

import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import call_command

from los.consent.models import Consent
from los.core.errors import DomainError
from los.core.grants import grant_for
from los.core.models import AccessLogEntry
from los.messaging import inbound, kith, outbox, services, transport
from los.messaging.models import Direction, HealthMessage, MessageState, UnsortedMessage
from los.notifications.models import Kind, Notification
from los.people.identifiers import make_synthetic_national_id

from .conftest import GP_HER_ID, PHYSIO_HER_ID, UNIT_HER_ID, child_of, dialog_from

pytestmark = pytest.mark.django_db


def write(client, tenant, **fields):
    body = {"service": tenant.physio.pk, "contact_name": "Per Fysio", "text": "Kan dere ringe meg om Emma?"}
    body.update(fields)
    return client.post(f"/meldinger/{tenant.family.pk}/ny/", body)


def log_rows(tenant, record_type):
    return AccessLogEntry.objects.filter(family=tenant.family, record_type=record_type)


# --- Writing ---------------------------------------------------------------------------------------------


def test_the_coordinator_writes_a_note_that_is_valid_and_queued_with_a_change_row(
    network, tenant, client_for
):
    client = client_for(tenant.coordinator)
    page = client.get(f"/meldinger/{tenant.family.pk}/ny/")
    assert page.status_code == 200
    assert f"HER-id {PHYSIO_HER_ID}" in page.content.decode()
    assert "Fastlege" not in page.content.decode()  # on the team, but no consent covers it

    response = write(client, tenant)

    assert response.status_code == 302
    message = HealthMessage.objects.get()
    assert (message.direction, message.state, message.service) == (
        Direction.OUT,
        MessageState.QUEUED,
        tenant.physio,
    )
    assert kith.validate(message.xml.encode()) == []
    sent = kith.parse_dialogmelding(message.xml.encode())
    assert sent.patient.national_id == child_of(tenant).national_id
    assert sent.receiver.service.her_id == str(PHYSIO_HER_ID)
    assert sent.sender.service.her_id == str(UNIT_HER_ID)
    assert "barnekoordinator" in sent.text  # the role is stated in the message
    assert log_rows(tenant, "message").filter(action="change", user=tenant.coordinator).count() == 1


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("gp", "samtykket"),  # on the team, no consent names it
        ("no_her_id", "HER-id"),
        ("school", "HER-id"),  # not a health service
        ("unit_without_her_id", "Koordinerende enhet har ingen HER-id"),
        ("withdrawn", "samtykket"),
    ],
)
def test_a_message_the_rules_refuse_is_not_stored_and_says_why(network, tenant, client_for, change, expected):
    service = tenant.physio
    if change == "gp":
        service = tenant.gp
    elif change == "no_her_id":
        tenant.physio.her_id = None
        tenant.physio.save()
    elif change == "school":
        service = tenant.school
    elif change == "unit_without_her_id":
        unit = tenant.municipality.coordinating_unit
        unit.her_id = None
        unit.save()
    elif change == "withdrawn":
        Consent.objects.filter(family=tenant.family).update(withdrawn_at="2020-01-01T00:00:00Z")
    client = client_for(tenant.coordinator)
    grant = grant_for(tenant.coordinator, tenant.family.pk)
    with pytest.raises(DomainError, match=expected):
        services.compose(
            grant, tenant.coordinator, service_id=service.pk, text="Hei", contact_name="Per Fysio"
        )
    response = write(client, tenant, service=service.pk)
    assert response.status_code in (200, 422)
    assert not HealthMessage.objects.exists()
    assert not log_rows(tenant, "message").filter(action="change").exists()


def test_a_new_conversation_needs_a_contact_and_text(network, tenant, client_for):
    client = client_for(tenant.coordinator)
    for body in ({"contact_name": ""}, {"text": ""}):
        response = write(client, tenant, **body)
        assert response.status_code == 422
        assert (
            "kontaktperson" in response.content.decode().lower()
            or "Skriv meldingen" in response.content.decode()
        )
    assert write(client, tenant, contact_name="", contact_profession="FT").status_code == 302


def test_only_the_coordinator_writes(network, tenant, client_for):
    for user in (tenant.provider, tenant.guardian_user, tenant.caseworker, tenant.school_provider):
        response = write(client_for(user), tenant)
        assert response.status_code == 404, user
    assert not HealthMessage.objects.exists()


# --- Sending and the receipt ---------------------------------------------------------------------------


def _sent_message(tenant, client_for, network):
    write(client_for(tenant.coordinator), tenant)
    report = outbox.deliver(via=network)
    assert report.sent == 1
    return HealthMessage.objects.get()


def _receipt(message, status, errors=()):
    original = kith.parse_dialogmelding(message.xml.encode())
    return kith.build_apprec(
        original, sender=original.receiver, receiver=original.sender, status=status, errors=errors
    )


def test_the_worker_sends_the_file_and_the_receipt_closes_it(network, tenant, client_for):
    message = _sent_message(tenant, client_for, network)
    assert message.state == MessageState.SENT
    sent_file = network.outbox / f"{message.msg_id}.xml"
    assert sent_file.read_text(encoding="utf-8") == message.xml

    network.inbox.mkdir(parents=True, exist_ok=True)
    (network.inbox / "kvittering.xml").write_bytes(_receipt(message, "ok"))
    report = outbox.receive(via=network)

    message.refresh_from_db()
    assert (report.receipts, message.state) == (1, MessageState.RECEIPT_OK)
    assert not (network.inbox / "kvittering.xml").exists()
    assert (network.handled / "kvittering.xml").exists()


def test_a_rejecting_receipt_tells_the_coordinator_why(network, tenant, client_for):
    message = _sent_message(tenant, client_for, network)
    network.inbox.mkdir(parents=True, exist_ok=True)
    (network.inbox / "avvist.xml").write_bytes(
        _receipt(message, "rejected", [("E35", "Pasienten finnes ikke i mottakersystemet")])
    )
    outbox.receive(via=network)

    message.refresh_from_db()
    assert message.state == MessageState.REJECTED
    assert message.receipt_errors == [["E35", "Pasienten finnes ikke i mottakersystemet"]]
    told = Notification.objects.get(user=tenant.coordinator, kind=Kind.HEALTH_MESSAGE_REJECTED)
    assert "Pasienten finnes ikke" in told.text
    page = client_for(tenant.coordinator).get(f"/meldinger/{tenant.family.pk}/{message.pk}/")
    assert "Mottakeren avviste meldingen" in page.content.decode()


class _Broken(transport.Transport):
    def send(self, msg_id, xml):
        raise transport.TransportError("helsenettet svarer ikke")


def test_a_transport_that_fails_retries_and_then_gives_up_with_the_error(
    network, tenant, client_for, settings
):
    settings.LOS_EMAIL_MAX_ATTEMPTS = 2
    write(client_for(tenant.coordinator), tenant)
    import datetime

    from django.utils import timezone

    now = timezone.now()
    first = outbox.deliver(now, via=_Broken())
    assert (first.sent, first.retrying) == (0, 1)
    assert HealthMessage.objects.get().state == MessageState.QUEUED
    second = outbox.deliver(now + datetime.timedelta(days=1), via=_Broken())
    message = HealthMessage.objects.get()
    assert (second.failed, message.state) == (1, MessageState.FAILED)
    assert "svarer ikke" in message.last_error


def test_a_worker_that_dies_mid_send_leaves_the_message_to_be_sent_again(network, tenant, client_for):
    import datetime

    from django.utils import timezone

    write(client_for(tenant.coordinator), tenant)
    now = timezone.now()
    token, rows = outbox._claim(now)  # claimed, then the worker dies before sending
    assert HealthMessage.objects.get().state == MessageState.SENDING
    assert outbox.deliver(now, via=network).sent == 0  # the lease holds
    later = outbox.deliver(now + datetime.timedelta(hours=1), via=network)
    assert later.sent == 1
    assert HealthMessage.objects.get().state == MessageState.SENT


# --- Receiving -----------------------------------------------------------------------------------------


def test_a_message_from_the_physiotherapy_joins_the_familys_thread_and_is_receipted(
    network, tenant, client_for
):
    xml = dialog_from(PHYSIO_HER_ID, tenant, text="Emma har fått ny ortose.")

    result = inbound.receive(xml, via=network)

    assert (result.status, result.family_id) == (inbound.MATCHED, tenant.family.pk)
    message = HealthMessage.objects.get()
    assert (message.direction, message.service, message.text) == (
        Direction.IN,
        tenant.physio,
        "Emma har fått ny ortose.",
    )
    receipt = kith.parse_apprec((network.outbox / f"{result.apprec_msg_id}.xml").read_bytes())
    assert receipt.status == "ok"
    assert Notification.objects.filter(user=tenant.coordinator, kind=Kind.HEALTH_MESSAGE).exists()
    # The same message again (the sender did not get our receipt): answered again, stored once.
    assert inbound.receive(xml, via=network).status == inbound.DUPLICATE
    assert HealthMessage.objects.count() == 1


def test_an_answer_is_linked_to_the_message_it_answers(network, tenant, client_for):
    mine = _sent_message(tenant, client_for, network)
    result = inbound.receive(dialog_from(PHYSIO_HER_ID, tenant, ref=mine.msg_id, kind="notat"), via=network)
    answer = HealthMessage.objects.get(pk=result.message_id)
    assert answer.conversation_ref == mine.msg_id
    # The coordinator answers from the message's page.
    client = client_for(tenant.coordinator)
    assert client.get(f"/meldinger/{tenant.family.pk}/{answer.pk}/svar/").status_code == 200
    assert (
        client.post(f"/meldinger/{tenant.family.pk}/{answer.pk}/svar/", {"text": "Takk!"}).status_code == 302
    )
    reply = HealthMessage.objects.filter(direction=Direction.OUT).latest("id")
    assert reply.conversation_ref == answer.msg_id
    assert kith.validate(reply.xml.encode()) == []


def _with_patient_id(xml, tenant, national_id):
    """The message as a sender with a mistyped id would send it (our builder refuses to write one)."""
    return xml.replace(child_of(tenant).national_id.encode(), national_id.encode())


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda t: b"<MsgHead><uferdig>", "T01"),
        (lambda t: dialog_from(PHYSIO_HER_ID, t, to_her_id=9_999_999), "E21"),
        (lambda t: _with_patient_id(dialog_from(PHYSIO_HER_ID, t), t, "01817000000"), "E31"),
        (
            lambda t: dialog_from(
                PHYSIO_HER_ID, t, national_id=make_synthetic_national_id(date(2019, 3, 1), 999)
            ),
            "E35",
        ),
    ],
    ids=["not-xml", "receiver-not-ours", "bad-patient-id", "unknown-patient"],
)
def test_a_message_that_cannot_be_taken_is_rejected_with_its_code_and_nothing_stored(
    network, tenant, make, code
):
    xml = make(tenant)
    result = inbound.receive(xml, via=network)
    assert result.status == inbound.REJECTED
    receipt = kith.parse_apprec((network.outbox / f"{result.apprec_msg_id}.xml").read_bytes())
    assert receipt.status == "rejected"
    if code:
        assert code in [c for c, _text in receipt.errors]
    assert not HealthMessage.objects.exists() and not UnsortedMessage.objects.exists()


def test_a_message_from_an_unknown_service_waits_for_the_unit_to_sort_it(network, tenant, client_for):
    xml = dialog_from(8_399_999, tenant, text="Fra en tjeneste Los ikke kjenner.")
    result = inbound.receive(xml, via=network)
    assert result.status == inbound.UNSORTED
    receipt = kith.parse_apprec((network.outbox / f"{result.apprec_msg_id}.xml").read_bytes())
    assert receipt.status == "ok"  # received: a person sorts it
    item = UnsortedMessage.objects.get()

    client = client_for(tenant.caseworker)
    listing = client.get("/meldinger/usortert/")
    assert listing.status_code == 200 and item.subject_text in listing.content.decode()
    page = client.get(f"/meldinger/usortert/{item.pk}/")
    assert "Fra en tjeneste Los ikke kjenner." in page.content.decode()
    assert log_rows(tenant, "message").filter(user=tenant.caseworker, action="read").count() == 1
    response = client.post(
        f"/meldinger/usortert/{item.pk}/", {"family": tenant.family.pk, "service": tenant.gp.pk}
    )
    assert response.status_code == 302
    message = HealthMessage.objects.get()
    assert (message.family, message.service, message.direction) == (tenant.family, tenant.gp, Direction.IN)
    assert client.get("/meldinger/usortert/").content.decode().count(item.subject_text) == 0
    # Nobody but the unit sees the list.
    for user in (tenant.coordinator, tenant.provider, tenant.guardian_user):
        assert client_for(user).get("/meldinger/usortert/").status_code == 404
        assert client_for(user).get(f"/meldinger/usortert/{item.pk}/").status_code == 404


def test_the_command_receives_one_file_and_prints_json(network, tenant, tmp_path, capsys):
    path = tmp_path / "melding.xml"
    path.write_bytes(dialog_from(PHYSIO_HER_ID, tenant))
    call_command("messages", "receive", str(path))
    printed = json.loads(capsys.readouterr().out)
    assert printed["status"] == "matched" and printed["family_id"] == tenant.family.pk
    assert kith.parse_apprec(Path(printed["apprec"]).read_bytes()).status == "ok"


# --- Who reads the thread --------------------------------------------------------------------------------


def test_the_thread_is_read_under_the_record_policy(network, tenant, client_for):
    inbound.receive(dialog_from(PHYSIO_HER_ID, tenant, text="Til fysio-tråden."), via=network)
    url = f"/meldinger/{tenant.family.pk}/"
    seen = {
        "coordinator": tenant.coordinator,
        "guardian": tenant.guardian_user,
        "physio": tenant.provider,  # their own service, covered by the consent
    }
    for name, user in seen.items():
        response = client_for(user).get(url)
        assert response.status_code == 200, name
        assert "Fastlege" not in response.content.decode() or name != "physio"
        assert log_rows(tenant, "messages").filter(user=user).count() == 1, name
    # The school is on the team but no consent names it; the unit needs a stated need to know; another
    # physiotherapist is not on the team.
    for user in (tenant.school_provider, tenant.caseworker, tenant.other_provider):
        assert client_for(user).get(url).status_code in (302, 404)
        assert not log_rows(tenant, "messages").filter(user=user).exists()


def test_a_provider_does_not_read_another_services_messages(network, tenant, client_for):
    Consent.objects.get(family=tenant.family).services.add(tenant.gp)
    inbound.receive(dialog_from(GP_HER_ID, tenant, text="Fra fastlegen."), via=network)
    message = HealthMessage.objects.get()
    assert message.service == tenant.gp
    physio = client_for(tenant.provider)
    assert physio.get(f"/meldinger/{tenant.family.pk}/{message.pk}/").status_code == 404
    assert "Fra fastlegen" not in physio.get(f"/meldinger/{tenant.family.pk}/").content.decode()


# --- The HTTP transport, against a message service on loopback -------------------------------------------


class _FakeService(BaseHTTPRequestHandler):
    store: dict = {}
    sent: list = []

    def log_message(self, *args):
        pass

    def _authorised(self):
        import base64

        return self.headers.get("Authorization") == "Basic " + base64.b64encode(b"los:hemmelig").decode()

    def do_POST(self):  # noqa: N802
        if not self._authorised():
            self.send_response(401)
            self.end_headers()
            return
        self.sent.append(self.rfile.read(int(self.headers["Content-Length"])))
        self.send_response(201)
        self.end_headers()

    def do_GET(self):  # noqa: N802
        body = (
            json.dumps(sorted(self.store)).encode()
            if self.path == "/messages"
            else self.store[self.path.split("/")[-1]]
        )
        self.send_response(200)
        self.end_headers()
        self.wfile.write(body)

    def do_DELETE(self):  # noqa: N802
        self.store.pop(self.path.split("/")[-1], None)
        self.send_response(204)
        self.end_headers()


@pytest.fixture
def message_service():
    _FakeService.store, _FakeService.sent = {}, []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeService)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _FakeService
    server.shutdown()


def test_the_http_transport_sends_and_reads_through_the_message_service(
    network, tenant, client_for, message_service
):
    url, service = message_service
    via = transport.HttpTransport(url, "los", "hemmelig")
    write(client_for(tenant.coordinator), tenant)
    assert outbox.deliver(via=via).sent == 1
    message = HealthMessage.objects.get()
    assert service.sent == [message.xml.encode()]

    service.store["a1"] = _receipt(message, "ok")
    assert outbox.receive(via=via).receipts == 1
    assert service.store == {}  # acknowledged
    message.refresh_from_db()
    assert message.state == MessageState.RECEIPT_OK

    wrong = transport.HttpTransport(url, "los", "feil")
    HealthMessage.objects.filter(pk=message.pk).update(
        state=MessageState.QUEUED, next_attempt_at=message.created_at
    )
    assert outbox.deliver(via=wrong).retrying == 1  # 401 from the service: tried again later


def test_a_message_whose_consent_ends_before_sending_stays_with_los(network, tenant, client_for):
    from django.utils import timezone

    write(client_for(tenant.coordinator), tenant)
    Consent.objects.filter(family=tenant.family).update(withdrawn_at=timezone.now())
    report = outbox.deliver(via=network)
    message = HealthMessage.objects.get()
    assert (report.sent, report.failed, message.state) == (0, 1, MessageState.FAILED)
    assert "samtykket" in message.last_error
    assert not network.outbox.exists() or not list(network.outbox.iterdir())


def test_the_agreed_plan_goes_along_as_a_pdf_and_can_be_opened_again(network, tenant, client_for):
    from los.plans.services import plan as plan_services
    from tests.plans.helpers import make_plan

    plan = make_plan(tenant)
    client = client_for(tenant.coordinator)
    refused = write(client, tenant, attach_plan="on")
    assert refused.status_code == 422 and "godkjent versjon" in refused.content.decode()
    assert not HealthMessage.objects.exists()

    plan_services.revise(plan, tenant.coordinator, "Første versjon er avtalt.")
    assert write(client, tenant, attach_plan="on").status_code == 302
    message = HealthMessage.objects.get()
    assert message.attachments == [
        {"filename": "individuell-plan-versjon-1.pdf", "mime_type": "application/pdf"}
    ]
    assert kith.validate(message.xml.encode()) == []
    url = f"/meldinger/{tenant.family.pk}/{message.pk}/vedlegg/1/"
    pdf = client.get(url)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert log_rows(tenant, "message").filter(action="export", user=tenant.coordinator).count() == 1
    assert client.get(f"/meldinger/{tenant.family.pk}/{message.pk}/vedlegg/2/").status_code == 404
    assert client_for(tenant.school_provider).get(url).status_code == 404
