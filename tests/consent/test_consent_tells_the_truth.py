"""Consent that tells the truth (issue 11): a new consent starts from what the family consents to now, the
page says whose signature is missing and how they can give it, staff can register a signature given on
paper, and the message after giving a consent matches where the consent stands."""

import datetime
from html.parser import HTMLParser

from django.utils import timezone

from los.consent.models import Consent, ConsentSignature, ConsentStatus
from los.core.models import AccessLogEntry, Role
from los.plans.services.plan import plan_consent
from tests.factories import make_tenant, make_user


class _Form(HTMLParser):
    """The fields a browser sends for the page's form with `method="post"`, untouched."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self.in_post = False
        self.select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.in_post = (a.get("method") or "").lower() == "post" and not a.get("action")
        if not self.in_post:
            return
        if tag == "input" and a.get("name") and a.get("name") != "csrfmiddlewaretoken":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.data.setdefault(a["name"], []).append(a.get("value", "on"))
            elif a.get("value"):
                self.data.setdefault(a["name"], []).append(a["value"])
        elif tag == "select":
            self.select = a.get("name")
        elif tag == "option" and self.select and "selected" in a:
            self.data.setdefault(self.select, []).append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        if tag == "form":
            self.in_post = False


def as_sent(html: str) -> dict[str, list[str]]:
    parser = _Form()
    parser.feed(html)
    return parser.data


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_giving_consent_again_without_touching_the_boxes_keeps_the_plan_covered(tenant, client_for):
    Consent.objects.filter(pk=tenant.consent.pk).update(covers_individual_plan=True)
    guardian = client_for(tenant.guardian_user)
    url = f"/familie/{tenant.family.pk}/samtykke/nytt/"
    form = guardian.get(url)
    sent = as_sent(form.content.decode())
    assert sent["services"] == [str(tenant.physio.pk)]  # what the consent in force covers, not the team
    assert sent["covers_individual_plan"] == ["on"]
    assert "Skjemaet er fylt ut med det dere har samtykket til før" in form.content.decode()

    assert guardian.post(url, sent).status_code == 302

    again = Consent.objects.latest("id")
    assert again.pk != tenant.consent.pk
    assert again.covers_individual_plan
    assert set(again.services.values_list("pk", flat=True)) == {tenant.physio.pk}
    # The other guardian signs on paper, the old consent is withdrawn: the plan is still covered.
    coordinator = client_for(tenant.coordinator)
    paper = f"/familier/{tenant.family.pk}/samtykker/nytt/?samtykke={again.pk}"
    assert coordinator.post(paper, as_sent(coordinator.get(paper).content.decode())).status_code == 302
    guardian.post(f"/familie/samtykke/{tenant.consent.pk}/trekk-tilbake/", {})
    assert plan_consent(tenant.family) == again


def test_renewing_an_expired_consent_starts_from_what_it_covered(tenant, client_for):
    today = timezone.localdate()
    Consent.objects.filter(pk=tenant.consent.pk).update(
        starts_on=today - datetime.timedelta(days=400),
        ends_on=today - datetime.timedelta(days=1),
        covers_individual_plan=True,
    )
    sent = as_sent(
        client_for(tenant.guardian_user).get(f"/familie/{tenant.family.pk}/samtykke/nytt/").content.decode()
    )
    assert sent["services"] == [str(tenant.physio.pk)]
    assert sent["covers_individual_plan"] == ["on"]


def test_a_withdrawn_consent_is_not_ticked_again(tenant, client_for):
    guardian = client_for(tenant.guardian_user)
    guardian.post(f"/familie/samtykke/{tenant.consent.pk}/trekk-tilbake/", {})
    sent = as_sent(guardian.get(f"/familie/{tenant.family.pk}/samtykke/nytt/").content.decode())
    assert "covers_individual_plan" not in sent
    # The first consent starts from the team's services, as before.
    assert set(sent["services"]) == {str(tenant.physio.pk), str(tenant.school.pk)}


def test_guardian_is_told_whose_consent_is_missing_and_how_they_can_give_it(tenant, client_for):
    guardian = client_for(tenant.guardian_user)
    response = guardian.post(
        f"/familie/{tenant.family.pk}/samtykke/nytt/",
        {"services": [tenant.school.pk], "starts_on": timezone.localdate().isoformat()},
        follow=True,
    )
    (message,) = messages_of(response)
    assert message.startswith("Takk. Ditt samtykke er registrert. Samtykket gjelder når også Ola Nordmann")
    assert "Samtykket gjelder nå." not in message
    assert "Ola Nordmann har ikke innlogging i Los og kan skrive under på et papirskjema" in message
    page = response.content.decode()
    assert "Venter på samtykke fra Ola Nordmann" in page
    assert "Koordinatoren registrerer det i Los" in page


def test_a_missing_guardian_with_a_login_is_told_to_log_in(tenant, client_for):
    other = tenant.guardians[1]
    other.user = make_user("ola", Role.GUARDIAN)
    other.save()
    response = client_for(tenant.guardian_user).post(
        f"/familie/{tenant.family.pk}/samtykke/nytt/",
        {"services": [tenant.school.pk], "starts_on": timezone.localdate().isoformat()},
        follow=True,
    )
    assert "Ola Nordmann kan logge inn i Los og gi samtykket der" in messages_of(response)[0]
    # When Ola gives it too, he is told it is in force now.
    consent = Consent.objects.latest("id")
    page = client_for(other.user).get(f"/familie/{tenant.family.pk}/")
    assert f'action="/familie/samtykke/{consent.pk}/gi/"' in page.content.decode()
    signed = client_for(other.user).post(
        f"/familie/samtykke/{consent.pk}/gi/",
        {"version": page.context["family"].all_consents[0].version},
        follow=True,
    )
    assert messages_of(signed) == ["Takk. Ditt samtykke er registrert. Samtykket gjelder nå."]


def test_the_message_says_in_force_only_when_it_is(tenant, client_for):
    tenant.municipality.consent_requires_all_guardians = False
    tenant.municipality.save()
    guardian = client_for(tenant.guardian_user)
    url = f"/familie/{tenant.family.pk}/samtykke/nytt/"
    now = guardian.post(
        url, {"services": [tenant.school.pk], "starts_on": timezone.localdate().isoformat()}, follow=True
    )
    assert messages_of(now) == ["Takk. Ditt samtykke er registrert. Samtykket gjelder nå."]
    later_day = timezone.localdate() + datetime.timedelta(days=30)
    later = guardian.post(
        url, {"services": [tenant.school.pk], "starts_on": later_day.isoformat()}, follow=True
    )
    (message,) = messages_of(later)
    assert message.startswith("Takk. Ditt samtykke er registrert. Samtykket gjelder fra ")
    assert "gjelder nå" not in message
    assert Consent.objects.latest("id").status == ConsentStatus.FUTURE


def test_coordinator_registers_a_paper_signature_and_the_history_shows_it(tenant, client_for):
    guardian = client_for(tenant.guardian_user)
    guardian.post(
        f"/familie/{tenant.family.pk}/samtykke/nytt/",
        {"services": [tenant.school.pk], "starts_on": timezone.localdate().isoformat()},
    )
    consent = Consent.objects.latest("id")
    coordinator = client_for(tenant.coordinator)
    family_page = coordinator.get(f"/familier/{tenant.family.pk}/").content.decode()
    assert "Samtykke som venter på underskrift" in family_page
    url = f"/familier/{tenant.family.pk}/samtykker/nytt/?samtykke={consent.pk}"
    assert url.replace("&", "&amp;").split("/familier")[1] in family_page
    form = coordinator.get(url)
    assert form.status_code == 200 and "Det venter på samtykke fra Ola Nordmann" in form.content.decode()
    sent = as_sent(form.content.decode())
    signed_on = timezone.localdate()
    assert sent["signed_on"] == [signed_on.isoformat()]  # today unless the form says otherwise
    done = coordinator.post(url, sent, follow=True)
    assert messages_of(done) == ["Underskriften på papir er registrert. Samtykket gjelder nå."]

    consent.refresh_from_db()
    assert consent.status == ConsentStatus.ACTIVE
    paper = ConsentSignature.objects.get(consent=consent, guardian=tenant.guardians[1])
    assert paper.on_paper and paper.signed_on == signed_on and paper.recorded_by == tenant.coordinator
    assert not ConsentSignature.objects.get(consent=consent, guardian=tenant.guardians[0]).on_paper
    assert AccessLogEntry.objects.filter(
        family=tenant.family, user=tenant.coordinator, action="change", record_type="consent"
    ).exists()
    history = guardian.get(f"/familie/{tenant.family.pk}/").content.decode()
    assert f"Ola Nordmann (på papir, datert {signed_on.day}." in history


def test_only_the_familys_coordinator_or_caseworker_may_register_a_paper_signature(tenant, client_for):
    client_for(tenant.guardian_user).post(
        f"/familie/{tenant.family.pk}/samtykke/nytt/",
        {"services": [tenant.school.pk], "starts_on": timezone.localdate().isoformat()},
    )
    consent = Consent.objects.latest("id")
    url = f"/familier/{tenant.family.pk}/samtykker/nytt/?samtykke={consent.pk}"
    body = {"guardian": tenant.guardians[1].pk, "signed_on": timezone.localdate().isoformat()}
    elsewhere = make_tenant("Ås", "9912", 1)
    for outsider in [tenant.provider, tenant.guardian_user, elsewhere.caseworker, elsewhere.coordinator]:
        assert client_for(outsider).get(url).status_code in (403, 404), outsider
        assert client_for(outsider).post(url, body).status_code in (403, 404), outsider
    assert not ConsentSignature.objects.filter(consent=consent, guardian=tenant.guardians[1]).exists()
    # Another family's consent is not reached through this family's address.
    foreign = Consent.objects.create(
        family=tenant.other_family, starts_on=timezone.localdate(), created_by=tenant.caseworker
    )
    wrong = f"/familier/{tenant.family.pk}/samtykker/nytt/?samtykke={foreign.pk}"
    assert client_for(tenant.caseworker).get(wrong).status_code == 404
    assert client_for(tenant.caseworker).get(f"{url[: -len(str(consent.pk))]}x").status_code == 404
    # The family's caseworker may.
    response = client_for(tenant.caseworker).post(url, body)
    assert response.status_code == 302
    assert ConsentSignature.objects.get(consent=consent, guardian=tenant.guardians[1]).on_paper


def test_a_paper_signature_refuses_bad_input_and_saves_nothing(tenant, client_for):
    client_for(tenant.guardian_user).post(
        f"/familie/{tenant.family.pk}/samtykke/nytt/",
        {"services": [tenant.school.pk], "starts_on": timezone.localdate().isoformat()},
    )
    consent = Consent.objects.latest("id")
    coordinator = client_for(tenant.coordinator)
    url = f"/familier/{tenant.family.pk}/samtykker/nytt/?samtykke={consent.pk}"
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    today = timezone.localdate().isoformat()
    cases = [
        ({"guardian": tenant.guardians[1].pk, "signed_on": tomorrow}, "kan ikke være fram i tid"),
        ({"guardian": tenant.guardians[0].pk, "signed_on": today}, "Velg en av de foresatte som mangler"),
        ({"guardian": "x", "signed_on": today}, "Velg en av de foresatte som mangler"),
        ({"signed_on": today}, "Velg hvem som har skrevet under"),
        ({"guardian": tenant.guardians[1].pk, "signed_on": "2019-01-01"}, "før samtykket ble laget"),
        ({"guardian": tenant.guardians[1].pk, "signed_on": today, "version": "0" * 16}, "endret siden"),
    ]
    for body, expected in cases:
        response = coordinator.post(url, body)
        assert response.status_code == 422, body
        assert expected in response.content.decode(), body
    assert consent.signatures.count() == 1
    # Once it is withdrawn, there is nothing to sign.
    client_for(tenant.guardian_user).post(f"/familie/samtykke/{consent.pk}/trekk-tilbake/", {})
    gone = coordinator.get(url, follow=True)
    assert "venter ikke på flere underskrifter" in gone.content.decode()


def test_saying_yes_to_a_new_service_keeps_the_plan_and_tells_whose_consent_is_missing(tenant, client_for):
    from los.consent.models import ConsentExtensionRequest

    Consent.objects.filter(pk=tenant.consent.pk).update(covers_individual_plan=True)
    ask = ConsentExtensionRequest.objects.create(
        family=tenant.family,
        service=tenant.school,
        professional=tenant.school_provider.professional,
        requested_by=tenant.coordinator,
    )
    response = client_for(tenant.guardian_user).post(
        f"/oppfolging/samtykke/{ask.pk}/", {"answer": "yes"}, follow=True
    )
    (message,) = messages_of(response)
    assert message.startswith("Takk. Ditt samtykke til at Skolen blir med er registrert.")
    assert "Samtykket gjelder når også Ola Nordmann har samtykket." in message
    extended = Consent.objects.latest("id")
    assert extended.covers_individual_plan
    assert set(extended.services.values_list("pk", flat=True)) == {tenant.physio.pk, tenant.school.pk}
