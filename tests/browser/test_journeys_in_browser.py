# ruff: noqa: E501  (scenario lines read best whole)
"""Every role's real work in a real browser, from the login page to done, in the demo world
(`los seed --families 40 --seed 1`, the data people try with `make run`):

- the caseworker takes a new application through the assessment, a decision with a letter preview and the
  appointment of a coordinator, until the case is done;
- the guardian gives consent again on a phone, then reads the plan and the child's calendar;
- the coordinator calls a meeting, writes the minutes, revises the plan, and sends a bundling proposal;
- the service provider confirms one booking request and proposes another time for the next, and the
  coordinator is told and accepts it;
- the leader opens the figures; the administrator opens the setup.

Every page visited passes `visit_checked` (journey_helpers.py): no error answer, no axe-core WCAG 2.1 A/AA
violation, and no sideways scrolling at 360 px. Staff work at 1280 px; each of their pages is also laid
out at 360 px for the width check.
"""

import datetime as dt
import re

import pytest
from django.utils import timezone

from los.calendar.models import (
    Appointment,
    AppointmentKind,
    AppointmentStatus,
    BookingRequest,
    RequestState,
    ServiceCalendar,
)
from los.calendar.services import booking
from los.casework.models import Application, ApplicationStatus, CoordinatorKind
from los.consent.models import Consent
from los.coordinators.models import CoordinatorAssignment
from los.core import dates
from los.core.models import User
from los.notifications.models import Notification
from los.people.demo import DEMO_PASSWORD, seed
from los.people.models import Family, Service
from los.plans.models import PlanVersion
from los.team.models import ActionItem, Meeting, Minutes

from .journey_helpers import PHONE, main_menu, start_journey, status_message, visit_checked

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db, settings):
    """The demo world, as `los seed --families 40 --seed 1` makes it with LOS_DEMO=1."""
    settings.LOS_BUNDLING_TIME_LIMIT = 15.0  # an upper bound: two busy cores must not turn it "unknown"
    seed(families=40, seed=1, demo=True)
    return Family.objects.get(guardians__user__username="forelder")


@pytest.fixture
def journey(browser, live_server):
    """Start a role's journey: a new browser context, the login page and the start page checked."""
    contexts = []

    def begin(username, role, viewport=None):
        kwargs = {"viewport": viewport} if viewport else {}
        page = start_journey(browser, live_server.url, role, username, DEMO_PASSWORD, **kwargs)
        contexts.append(page.context)
        return page

    yield begin
    for context in contexts:
        context.close()


def click(page, locator):
    """Follow a link or press a button that loads a new page, and check that page."""
    return visit_checked(page, locator.click)


# -- the coordinating unit -----------------------------------------------------------------------------------


def test_caseworker_takes_a_new_application_to_an_appointed_coordinator(demo, journey):
    application = (
        Application.objects.filter(
            status=ApplicationStatus.RECEIVED, decisions__isnull=True, interim_replies__isnull=True
        )
        .order_by("-received_on")
        .first()
    )
    family = application.family
    current = CoordinatorAssignment.objects.current().filter(family=family).first()

    page = journey("saksbehandler", "caseworker")
    assert page.get_by_role("heading", name=re.compile("Arbeidsliste"), level=1).is_visible()
    click(page, main_menu(page).get_by_role("link", name="Saker", exact=True))
    assert page.get_by_role("heading", name="Saker i koordinerende enhet").is_visible()
    click(
        page,
        page.get_by_role("link", name=family.name, exact=True).and_(
            page.locator(f'[href="/saker/{application.pk}/"]')
        ),
    )

    # The assessment: the facts, the engine's answer per criterion, the caseworker's confirmation.
    click(page, page.get_by_role("link", name="Vurder vilkårene"))
    for question in (
        "Har barnet alvorlig sykdom, skade eller nedsatt funksjonsevne?",
        "Har barnet behov for langvarige tjenester?",
        "Har barnet behov for komplekse tjenester?",
    ):
        page.get_by_label(question).select_option(label="Ja")
    click(page, page.get_by_role("button", name="Kjør vurderingen"))
    assert status_message(page).filter(has_text="Vilkårene er vurdert").is_visible()
    click(page, page.get_by_role("button", name="Lagre vurderingen av vilkårene"))
    assert status_message(page).filter(has_text="Vurderingen av vilkårene er lagret").is_visible()

    # The decision: read the letter as the family will get it before it becomes final.
    click(page, page.get_by_role("link", name="Fatt vedtak"))
    page.get_by_label("Hvordan synene er vektlagt").fill(
        "Vi har lagt stor vekt på familiens ønske om én fast person å forholde seg til."
    )
    click(page, page.get_by_role("button", name="Forhåndsvis vedtaksbrev"))
    letter = page.get_by_role("article", name="Vedtaksbrevet")
    assert letter.get_by_role("heading", name=re.compile("Vedtak om")).is_visible()
    # No coordinator is appointed yet, so the letter names none: it says when the family will hear.
    assert "er oppnevnt som" not in letter.inner_text()
    assert application.decisions.count() == 0  # a preview decides nothing
    click(page, page.get_by_role("button", name="Fatt vedtak og lag brevet"))
    assert status_message(page).filter(has_text="Vedtaket er fattet").is_visible()
    assert page.get_by_text("Venter på oppnevning").first.is_visible()

    # The appointment: the family already has a coordinator of the other kind (the dead end).
    click(page, page.get_by_role("link", name="Oppnevn koordinator"))
    assert page.get_by_role("heading", name="Oppnevn koordinator", level=1).is_visible()
    if current is not None:
        name = current.coordinator.get_full_name()
        keep = page.get_by_role("region", name=re.compile(f"Behold {name}"))
        keep.get_by_label("Type").first.select_option(label="Barnekoordinator")
        click(page, keep.get_by_role("button", name=f"Behold {name}"))
        appointed = current.coordinator
    else:
        other = page.get_by_role("region", name=re.compile("oppnevn", re.IGNORECASE)).last
        other.get_by_label("Koordinator", exact=True).select_option(index=0)
        appointed = User.objects.get(pk=other.get_by_label("Koordinator", exact=True).input_value())
        click(page, other.get_by_role("button", name=re.compile("^Oppnevn")))
    assert status_message(page).filter(has_text="er oppnevnt som barnekoordinator").is_visible()
    assert page.get_by_text("Oppnevnt", exact=True).first.is_visible()

    # Done: the case is decided and the coordinator appointed on it; an earlier appointment is kept.
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECIDED
    now = CoordinatorAssignment.objects.current().get(family=family)
    assert (now.coordinator, now.kind, now.application) == (
        appointed,
        CoordinatorKind.CHILD_COORDINATOR,
        application,
    )
    if current is not None and current.kind != CoordinatorKind.CHILD_COORDINATOR:
        assert CoordinatorAssignment.objects.filter(pk=current.pk, ends_on__isnull=False).exists()
    click(page, page.get_by_role("link", name="← Sakene"))
    click(page, page.get_by_role("link", name="Avgjort"))
    # The demo's history has three years of decided cases before this one: the caseworker searches.
    page.get_by_label("Søk etter familie eller barn").fill(family.name)
    click(page, page.get_by_role("button", name="Søk", exact=True))
    decided = page.get_by_role("row").filter(
        has=page.get_by_role("link", name=family.name, exact=True).and_(
            page.locator(f'[href="/saker/{application.pk}/"]')
        )
    )
    assert decided.filter(has_text="Oppnevnt").first.is_visible()
    page.los_journey.finish()


# -- the family ----------------------------------------------------------------------------------------------


def test_guardian_gives_consent_on_a_phone_and_sees_the_plan_and_the_calendar(demo, journey):
    family = demo
    previous = Consent.objects.filter(family=family).order_by("-created_at").first()
    # The other parent with parental responsibility has no login: their signature will be missing.
    other_guardian = next(
        (g for g in family.guardians.all() if g.has_parental_responsibility and g.user_id is None), None
    )
    child = family.children.order_by("id").first()

    page = journey("forelder", "guardian", viewport=PHONE)
    assert page.get_by_role("heading", name=family.name, level=1).is_visible()

    # Consent again: the form starts from what the last consent covered, the plan included.
    click(page, page.get_by_role("link", name="Gi nytt samtykke"))
    plan_box = page.get_by_label(re.compile("individuell plan"))
    assert plan_box.is_checked() == previous.covers_individual_plan
    school = page.get_by_label(re.compile(r"^Skolen \("))
    if not school.is_checked():
        school.check()
    click(page, page.get_by_role("button", name="Gi samtykke"))
    given = Consent.objects.filter(family=family).order_by("-created_at").first()
    assert given != previous and given.covers_individual_plan == previous.covers_individual_plan
    assert given.services.filter(name="Skolen").exists()
    message = status_message(page).first.inner_text()
    if other_guardian is not None:
        # The message tells the truth: whose signature is missing and how they can give it.
        assert other_guardian.first_name in message, message
        consents = page.get_by_role("region", name="Samtykker")
        assert consents.get_by_text(
            re.compile(f"Venter på samtykke fra .*{other_guardian.first_name}")
        ).first.is_visible()

    # The plan, as the family reads it.
    plan = re.compile(r"[Ii]ndividuelle? plan")  # "Den individuelle planen", "Individuell plan for Janne"
    click(page, page.get_by_role("region", name=re.compile("Planen")).get_by_role("link", name=plan).first)
    assert page.get_by_role("heading", name=plan, level=1).is_visible()

    # The calendar: the whole family's, then one child's, as a list.
    click(page, main_menu(page).get_by_role("link", name="Vår familie"))
    click(page, page.get_by_role("link", name="Se kalenderen"))
    assert page.get_by_role("heading", name=re.compile(f"Kalender for {family.name}"), level=1).is_visible()
    for_child = page.get_by_role("navigation", name="Vis kalenderen for")
    click(page, for_child.get_by_role("link", name=child.first_name, exact=True))
    click(page, page.get_by_role("link", name="Neste uke →"))
    click(
        page, page.get_by_role("navigation", name="Visning av kalenderen").get_by_role("link", name="Liste")
    )
    assert page.get_by_text(re.compile("Fysioterapi for barn")).first.is_visible()
    click(
        page, page.get_by_role("navigation", name="Visning av kalenderen").get_by_role("link", name="Måned")
    )
    page.los_journey.finish()


# -- the coordinator -----------------------------------------------------------------------------------------


def test_coordinator_holds_a_meeting_revises_the_plan_and_sends_a_proposal(demo, journey):
    family = demo
    child = family.children.order_by("id").first()
    versions_before = PlanVersion.objects.filter(plan__family=family).count()
    requests_before = BookingRequest.objects.count()

    page = journey("koordinator", "coordinator")
    click(page, page.get_by_role("main").get_by_role("link", name=family.name, exact=True).first)
    assert page.get_by_role("heading", name=family.name, level=1).is_visible()

    # The meeting: the invitation, then the minutes with who does what.
    click(page, page.get_by_role("link", name="Ansvarsgruppe, møter og oppgaver"))
    click(page, page.get_by_role("link", name="Kall inn til møte"))
    # The day after the child's physiotherapy, in the afternoon: nothing else in the calendar then.
    physio = Appointment.objects.filter(family=family, status=AppointmentStatus.CONFIRMED).order_by(
        "starts_at"
    )
    day = dates.local(physio.first().starts_at).date() + dt.timedelta(days=1)
    page.get_by_label("Dato").fill(day.isoformat())
    page.get_by_label("Starter kl.").fill("14:00")
    page.get_by_label("Slutter kl.").fill("15:00")
    page.get_by_label("Sted").fill("Rådhuset, møterom 2")
    page.get_by_label("Saksliste").fill("1. Skolestart\n2. Avlastning\n3. Revisjon av planen")
    click(page, page.get_by_role("button", name="Send innkalling"))
    meeting = Meeting.objects.filter(family=family).order_by("-pk").first()
    assert page.get_by_role("heading", name=meeting.title, level=1).is_visible()
    click(page, page.get_by_role("link", name="Skriv referat"))
    page.get_by_label("Barnets mening").fill(f"{child.first_name} vil ha færre avtaler på skoledager.")
    page.get_by_label("Beslutninger").fill("Planen revideres. Fysioterapien samles på færre dager.")
    task = page.get_by_role("group", name="Oppgave 1")
    task.get_by_label("Hva skal gjøres").fill("Lage treningsprogram for hjemmet")
    task.get_by_label("Hvem").select_option(label="Tor Tjenesteyter")
    task.get_by_label("Innen").fill((dates.today() + dt.timedelta(days=21)).isoformat())
    for_child = task.get_by_label(re.compile("^(Gjelder|Barn|Hvilket barn)"))
    if for_child.count():
        options = for_child.first.get_by_role("option").all_inner_texts()
        for_child.first.select_option(label=next(o for o in options if child.first_name in o))
    # (Without a child field the minutes' items are for the whole family, and say so.)
    click(page, page.get_by_role("button", name="Lagre referatet"))
    assert page.get_by_role("heading", name="Referat").first.is_visible()
    assert Minutes.objects.filter(meeting=meeting).exists()
    assert ActionItem.objects.filter(meeting=meeting, title="Lage treningsprogram for hjemmet").exists()

    # The plan: a new version, the old one kept.
    visit_checked(page, f"/familier/{family.pk}/")
    click(page, page.get_by_role("link", name=re.compile("^Individuell plan")).first)
    click(page, page.get_by_role("link", name="Revider planen"))
    page.get_by_label("Hva endres, og hvorfor?").fill(
        "Etter møtet i ansvarsgruppen: fysioterapien samles på færre dager."
    )
    click(page, page.get_by_role("button", name="Lag ny versjon"))
    assert PlanVersion.objects.filter(plan__family=family).count() == versions_before + 1

    # The proposal: the needs bundled on as few days as possible, then sent to the services.
    visit_checked(page, f"/familier/{family.pk}/")
    click(page, page.get_by_role("link", name="Behov og samordning av timer"))
    click(page, page.get_by_role("button", name="Lag forslag"))
    assert page.get_by_role("heading", name="Forslag til datoer", level=1).is_visible()
    assert page.get_by_text("Dager familien må møte").is_visible(), page.get_by_role("main").inner_text()
    # One proposed time moved by hand before sending: the first one, an hour and a half later that day.
    proposed = page.get_by_role("table", name="Forslaget, dag for dag").get_by_role("row").nth(1)
    change = proposed.get_by_text(re.compile("^Endre tid"))
    if change.count():
        change.click()
        proposed.get_by_label("Klokken").fill("10:00")
        click(page, proposed.get_by_role("button", name="Lagre tiden"))
        assert status_message(page).filter(has_text="Tiden er endret").is_visible()
    else:
        page.los_journey.waiting_for("adjusting a single proposed time before sending (issue 11 part 5)")
    click(page, page.get_by_role("button", name="Send bookingforespørsler"))
    assert status_message(page).filter(has_text="bookingforespørsler er sendt").is_visible()
    assert BookingRequest.objects.count() > requests_before
    page.los_journey.finish()


# -- the service provider ------------------------------------------------------------------------------------


@pytest.fixture
def two_requests(demo):
    """The coordinator asks the physiotherapy (Tor Tjenesteyter's service) for two times next week but one."""
    family = demo
    coordinator = User.objects.get(username="koordinator")
    physio = Service.objects.get(organisation__municipality=family.municipality, service_type_code="KR01")
    place = ServiceCalendar.objects.get(service=physio).place
    child = family.children.order_by("id").first()
    today = dates.today()
    monday = today + dt.timedelta(days=14 - today.weekday())
    requests = []
    for n, day in enumerate([monday, monday + dt.timedelta(days=2)]):
        appointment = Appointment.objects.create(
            family=family,
            child=child,
            service=physio,
            kind=AppointmentKind.TREATMENT,
            status=AppointmentStatus.REQUESTED,
            starts_at=dates.at(day, dt.time(10)),
            ends_at=dates.at(day, dt.time(10, 45)),
            place=place,
            uid=f"journey-{n}-{family.pk}@los",
            created_by=coordinator,
        )
        requests.append(booking.request_booking(appointment, coordinator))
    return requests


def test_provider_confirms_one_request_and_proposes_another_time_which_the_coordinator_accepts(
    demo, two_requests, journey
):
    first, second = two_requests
    page = journey("tjenesteyter", "provider")
    click(page, main_menu(page).get_by_role("link", name="Mine oppgaver"))
    waiting = page.get_by_role("region", name=re.compile("^Bookingforespørsler"))
    assert waiting.get_by_text(demo.name).first.is_visible()
    click(page, waiting.get_by_role("link", name=re.compile("Fysioterapi for barn")).first)
    assert page.get_by_role("heading", name="Bookingforespørsler", level=1).is_visible()
    # Which child: the request names the child, not only the family (one of the dead ends).
    child = first.appointment.child
    assert page.get_by_text(re.compile(f"for {child.first_name}.*{demo.name}")).first.is_visible()

    first_at = dates.local(first.appointment.starts_at)
    second_at = dates.local(second.appointment.starts_at)
    click(page, page.get_by_role("button", name=re.compile(f"^Bekreft {first_at.day}\\. ")))
    assert status_message(page).filter(has_text="bekreftet").is_visible()
    click(
        page,
        page.get_by_role("link", name=re.compile(f"^Foreslå et annet tidspunkt for {second_at.day}\\. ")),
    )
    page.get_by_label("Klokken").fill("13:00")
    page.get_by_label("Melding til koordinatoren").fill("Vi har ledig kl. 13 samme dag.")
    click(page, page.get_by_role("button", name="Send forslaget"))
    assert status_message(page).filter(has_text="sendt til koordinatoren").is_visible()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == (RequestState.CONFIRMED, RequestState.COUNTER)
    page.los_journey.finish()

    # The coordinator is told, and accepts the service's time.
    coordinator = journey("koordinator", "coordinator")
    assert Notification.objects.filter(user__username="koordinator", url__contains="foresporsler").exists()
    click(coordinator, main_menu(coordinator).get_by_role("link", name="Varsler"))
    told = coordinator.get_by_role("link", name=re.compile("foreslår")).first
    assert child.first_name in told.inner_text()
    click(coordinator, told)
    click(coordinator, coordinator.get_by_role("button", name=re.compile("^Godta tidspunktet")).first)
    second.refresh_from_db()
    second.appointment.refresh_from_db()
    assert second.appointment.status == AppointmentStatus.CONFIRMED
    assert dates.local(second.appointment.starts_at).time() == dt.time(13)
    coordinator.los_journey.finish()


# -- the leader and the administrator -------------------------------------------------------------------------


def test_leader_opens_the_figures(demo, journey):
    page = journey("leder", "leader")
    assert page.get_by_role("heading", name=re.compile("^Oversikt for"), level=1).is_visible()
    assert page.get_by_text("Familier med gyldig samtykke").is_visible()
    click(page, main_menu(page).get_by_role("link", name="Varsler"))
    click(page, main_menu(page).get_by_role("link", name="Oversikt"))
    # The figures over time: a chart and its table per figure, then per year, chosen with the keyboard.
    click(page, main_menu(page).get_by_role("link", name="Tall over tid"))
    assert page.get_by_role("heading", name=re.compile("^Tall over tid for"), level=1).is_visible()
    chart = page.get_by_role("img", name="Søknader mottatt")
    assert chart.count() == 1 and chart.is_visible()
    assert page.get_by_role("region", name=re.compile("^Søknader mottatt")).is_visible()
    page.get_by_label("Vis", exact=True).focus()
    page.keyboard.press("ArrowDown")  # «Per år»
    visit_checked(page, lambda: page.get_by_role("button", name="Vis tallene").press("Enter"))
    assert "visning=year" in page.url
    assert page.get_by_label("Vis", exact=True).input_value() == "year"
    # A reversed period is refused with a message, and nothing else changes.
    page.get_by_label("Fra måned").fill("2026-05")
    page.get_by_label("Til måned").fill("2026-01")
    visit_checked(page, lambda: page.get_by_role("button", name="Vis tallene").click(), expect_status=400)
    assert page.get_by_role("alert").get_by_text("Perioden slutter før den begynner").is_visible()
    page.los_journey.finish()


def test_regional_leader_compares_the_municipalities_side_by_side(demo, journey):
    page = journey("regionleder", "leader")
    click(page, main_menu(page).get_by_role("link", name="Tall over tid"))
    assert page.get_by_role("heading", name="Tall over tid for Fjordvik", level=1).is_visible()
    # The three municipalities of the cooperation side by side, chosen with the keyboard.
    page.get_by_label("Kommune", exact=True).select_option(label="Alle, side om side")
    visit_checked(page, lambda: page.get_by_role("button", name="Vis tallene").press("Enter"))
    assert "kommune=alle" in page.url
    assert page.get_by_role("heading", name="Tall over tid, kommunene side om side", level=1).is_visible()
    table = page.get_by_role("region", name=re.compile("^Søknader mottatt"))
    assert [h.strip() for h in table.locator("thead th").all_inner_texts()] == [
        "Periode",
        "Fjordvik",
        "Nordbygd",
        "Åsdal",
    ]
    chart = page.get_by_role("img", name="Søknader mottatt")
    assert chart.count() == 1 and chart.is_visible()
    # One of them alone, as its own leader sees it.
    page.get_by_label("Kommune", exact=True).select_option(label="Åsdal")
    visit_checked(page, lambda: page.get_by_role("button", name="Vis tallene").click())
    assert page.get_by_role("heading", name="Tall over tid for Åsdal", level=1).is_visible()
    page.los_journey.finish()


def test_guardian_answers_the_survey_on_a_phone(demo, journey):
    from los.surveys.models import SurveyAnswer, SurveyInvitation, Trigger
    from los.surveys.services import OPEN_FOR

    guardian = User.objects.get(username="forelder")
    earlier = list(SurveyAnswer.objects.values_list("pk", flat=True))  # the demo's history has answers
    now = timezone.now()
    invitation = SurveyInvitation.objects.create(
        family=demo, user=guardian, trigger=Trigger.MEETING, created_at=now, closes_at=now + OPEN_FOR
    )
    page = journey("forelder", "guardian", viewport=PHONE)
    visit_checked(page, f"/familie/sporsmal/{invitation.pk}/")
    assert page.get_by_role("heading", name="Hvordan går det?", level=1).is_visible()
    heard = page.get_by_role("group", name="Blir dere hørt?")
    heard.get_by_role("radio", name="4").check()
    page.get_by_role("group", name="Vet du hvem du skal kontakte?").get_by_role("radio", name="5").check()
    visit_checked(page, lambda: page.get_by_role("button", name="Send svar").click())
    assert status_message(page).filter(has_text="Takk for svaret").is_visible()
    answer = SurveyAnswer.objects.exclude(pk__in=earlier).get()
    assert (answer.heard, answer.knows_contact, answer.satisfied_with_coordinator) == (4, 5, None)
    page.los_journey.finish()


def test_admin_opens_the_setup(demo, journey):
    page = journey("admin", "admin")
    assert "/admin/" in page.url
    assert page.locator("html").get_attribute("lang") == "nb"
    assert page.get_by_role("heading", level=1).first.is_visible()
    page.los_journey.finish()


def test_coordinator_writes_to_a_health_service_and_the_family_reads_the_thread(demo, journey):
    from los.messaging import kith
    from los.messaging.models import Direction, HealthMessage, MessageState

    page = journey("koordinator", "coordinator")
    visit_checked(page, f"/familier/{demo.pk}/")
    click(page, page.get_by_role("link", name="Alle meldinger"))
    assert page.get_by_role("heading", name="Meldinger med helsetjenestene", level=1).is_visible()
    # The demo's conversation: the note went out and was receipted, the service has answered.
    answer = HealthMessage.objects.filter(family=demo, direction=Direction.IN).latest("id")
    click(page, page.get_by_role("link", name=answer.subject_text).first)
    click(page, page.get_by_role("link", name="Svar"))
    page.get_by_label("Melding").fill("Takk! Vi sees på møtet.")
    click(page, page.get_by_role("button", name="Send meldingen"))
    assert status_message(page).filter(has_text="lagt i kø").is_visible()
    reply = HealthMessage.objects.filter(family=demo, direction=Direction.OUT).latest("id")
    assert reply.conversation_ref == answer.msg_id and reply.state == MessageState.QUEUED
    assert kith.validate(reply.xml.encode()) == []
    # A new conversation needs a contact at the receiver: refused with the reason on the field.
    click(page, page.get_by_role("link", name="Ny melding"))
    page.get_by_label("Melding").fill("Kan dere sende epikrisen fra forrige uke?")
    visit_checked(page, lambda: page.get_by_role("button", name="Send meldingen").click(), expect_status=422)
    assert page.get_by_text("Skriv navnet på kontaktpersonen, eller velg en yrkesgruppe.").first.is_visible()
    page.get_by_label("Eller yrkesgruppe hos mottakeren").select_option(label="Lege")
    click(page, page.get_by_role("button", name="Send meldingen"))
    assert HealthMessage.objects.filter(family=demo, direction=Direction.OUT).count() == 3
    page.los_journey.finish()

    family = journey("forelder", "guardian", viewport=PHONE)
    visit_checked(family, f"/familie/{demo.pk}/")
    click(family, family.get_by_role("link", name="Alle meldinger"))
    assert family.get_by_text("Takk! Vi sees på møtet.").count() == 0  # the list shows subjects, not text
    assert family.get_by_role("link", name=answer.subject_text).first.is_visible()
    family.los_journey.finish()

    unit = journey("saksbehandler", "caseworker")
    click(unit, main_menu(unit).get_by_role("link", name="Saker"))
    click(unit, unit.get_by_role("link", name="Adresser på helsenettet"))
    assert unit.get_by_role("heading", name="Adresser på helsenettet", level=1).is_visible()
    click(unit, main_menu(unit).get_by_role("link", name="Saker"))
    click(unit, unit.get_by_role("link", name="Meldinger å sortere"))
    assert unit.get_by_text("Ingen meldinger venter.").is_visible()
    unit.los_journey.finish()
