"""«Mine oppgaver»: every staff user finds their own open work, named by family and child where they may
see the family, and nothing about a family they may not see."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from los.calendar.models import AppointmentStatus, BookingRequest, RequestState
from los.casework.models import Application, CoordinatorKind
from los.consent.models import Consent
from los.coordinators.models import CoordinatorAssignment
from los.core import dates
from los.core.models import AccessLogEntry
from los.people.models import Family
from los.team import work_list
from los.team.models import ActionItem
from tests.calendar.world import appointment
from tests.factories import give_full_consent, make_family

from .helpers import make_item

URL = "/mine-oppgaver/"


def page(client_for, user, url=URL):
    response = client_for(user).get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def emma(tenant):
    return tenant.family.children.get()


def request_to_physio(tenant, state=RequestState.PENDING, **fields):
    booked = appointment(
        tenant, day=dates.today() + datetime.timedelta(days=7), place=None, status=AppointmentStatus.REQUESTED
    )
    return BookingRequest.objects.create(
        appointment=booked, service=tenant.physio, requested_by=tenant.coordinator, state=state, **fields
    )


# --- The professional ---------------------------------------------------------------------------------


def test_provider_sees_own_items_first_late_and_booking_requests_named_by_family_and_child(
    tenant, client_for
):
    today = dates.today()
    soon = make_item(tenant, title="Sende epikrise", due_on=today + datetime.timedelta(days=3))
    late = make_item(tenant, title="Ringe skolen", due_on=today - datetime.timedelta(days=4))
    ActionItem.objects.filter(pk=late.pk).update(child=emma(tenant))
    make_item(tenant, responsible=tenant.coordinator, title="Koordinatorens eget punkt")
    request_to_physio(tenant)

    html = page(client_for, tenant.provider)
    assert "Oppgaver du har ansvar for (2)" in html
    assert html.index("Ringe skolen") < html.index("Sende epikrise")  # overdue first
    assert "4 dager forsinket" in html and "Emma (f. 2016)" in html
    assert "Koordinatorens eget punkt" not in html
    assert f"/oppfolging/punkter/{soon.pk}/" in html
    assert "Bookingforespørsler å svare på (1)" in html and "/kalender/foresporsler/" in html
    assert tenant.family.name in html
    # Not a coordinator's or caseworker's kinds of work.
    assert "Samtykker å følge opp" not in html and "Saker med frist" not in html
    # The page logged the family it named.
    assert AccessLogEntry.objects.filter(user=tenant.provider, family=tenant.family).exists()


def test_provider_without_consent_sees_no_family_name(tenant, client_for):
    """The school's teacher is on the team, but the consent covers only physiotherapy: an item made out
    to them (before the consent changed) and a request to the school do not name the family."""
    make_item(tenant, responsible=tenant.school_provider, title="Tilrettelegge i klasserommet")
    booked = appointment(tenant, service="school", place=None, status=AppointmentStatus.REQUESTED)
    BookingRequest.objects.create(appointment=booked, service=tenant.school, requested_by=tenant.coordinator)

    html = page(client_for, tenant.school_provider)
    assert tenant.family.name not in html
    assert "Tilrettelegge i klasserommet" not in html
    assert "Oppgaver du har ansvar for (0)" in html
    assert not AccessLogEntry.objects.filter(user=tenant.school_provider).exists()


def test_consent_withdrawn_takes_the_provider_s_work_away(tenant, client_for):
    make_item(tenant, title="Sende epikrise")
    request_to_physio(tenant)
    assert tenant.family.name in page(client_for, tenant.provider)
    Consent.objects.filter(pk=tenant.consent.pk).update(withdrawn_at=timezone.now())
    html = page(client_for, tenant.provider)
    assert tenant.family.name not in html and "Sende epikrise" not in html


def test_til_oppfolging_sends_non_coordinators_to_their_work_list(tenant, client_for):
    for user in (tenant.provider, tenant.caseworker):
        response = client_for(user).get("/oppfolging/")
        assert response.status_code == 302 and response["Location"] == URL
    assert client_for(tenant.coordinator).get("/oppfolging/").status_code == 200


def test_nav_has_mine_oppgaver_for_staff_and_til_oppfolging_only_for_coordinators(tenant, client_for):
    for user in (tenant.provider, tenant.caseworker, tenant.coordinator):
        html = page(client_for, user)
        assert f'href="{URL}"' in html
        assert ('href="/oppfolging/"' in html) == (user == tenant.coordinator)


@pytest.mark.parametrize("who", ["leader", "guardian_user"])
def test_no_work_list_for_leaders_and_families(tenant, client_for, who):
    c = client_for(getattr(tenant, who))
    assert c.get(URL).status_code == 404
    assert c.get(URL + "oppgaver/").status_code == 404


# --- The coordinator ---------------------------------------------------------------------------------


def test_coordinator_sees_counter_proposals_and_consents_to_chase(tenant, client_for):
    today = dates.today()
    counter = request_to_physio(
        tenant,
        state=RequestState.COUNTER,
        counter_starts_at=dates.at(today + datetime.timedelta(days=8), datetime.time(10)),
        counter_ends_at=dates.at(today + datetime.timedelta(days=8), datetime.time(10, 45)),
        answered_by=tenant.provider,
    )
    # A second family the coordinator has without any consent, and a third whose consent waits for a
    # signature, and a fourth whose consent ends in ten days.
    no_consent = tenant.other_family
    waiting = make_family(tenant.municipality, "Familien Venter")
    ending = make_family(tenant.municipality, "Familien Slutter")
    expired = make_family(tenant.municipality, "Familien Utlopt")
    for family in (no_consent, waiting, ending, expired):
        CoordinatorAssignment.objects.create(
            family=family, coordinator=tenant.coordinator, kind=CoordinatorKind.COORDINATOR
        )
    Consent.objects.create(family=waiting, starts_on=today, created_by=tenant.coordinator)
    give_full_consent(
        ending, [tenant.physio], tenant.coordinator, ends_on=today + datetime.timedelta(days=10)
    )
    give_full_consent(
        expired,
        [tenant.physio],
        tenant.coordinator,
        starts_on=today - datetime.timedelta(days=400),
        ends_on=today - datetime.timedelta(days=5),
    )

    html = page(client_for, tenant.coordinator)
    assert "Forslag fra tjenester som venter på ditt svar (1)" in html
    assert "Emma (f. 2016)" in html and tenant.family.name in html
    assert "Samtykker å følge opp (4)" in html
    assert "Ingen samtykke gjelder nå" in html and "Familien Utlopt" in html
    assert "Familien har ikke gitt samtykke" in html and no_consent.name in html
    assert "Samtykket venter på underskrift" in html and "Familien Venter" in html
    assert "Samtykket utløper snart" in html and "Familien Slutter" in html
    assert f"/familier/{no_consent.pk}/samtykker/nytt/" in html
    assert counter.pk in {r.pk for r in work_list.waiting_counters(tenant.coordinator)}


def test_se_alle_pages_through_a_long_group(tenant, client_for):
    for k in range(work_list.GROUP_LIMIT + 3):
        make_item(tenant, responsible=tenant.coordinator, title=f"Punkt nummer {k:02d}")
    html = page(client_for, tenant.coordinator)
    assert f"Oppgaver du har ansvar for ({work_list.GROUP_LIMIT + 3})" in html
    assert "Punkt nummer 10" not in html and 'href="/mine-oppgaver/oppgaver/"' in html
    everything = page(client_for, tenant.coordinator, URL + "oppgaver/")
    assert "Punkt nummer 10" in everything and "Punkt nummer 00" in everything
    assert client_for(tenant.coordinator).get(URL + "finnes-ikke/").status_code == 404
    # A kind of work the coordinator does not have: nothing waits there.
    assert "Ingenting venter her" in page(client_for, tenant.coordinator, URL + "saker/")


# --- The coordinating unit -------------------------------------------------------------------------


def test_caseworker_sees_applications_with_their_deadlines(tenant, client_for):
    today = dates.today()
    late = Application.objects.create(
        family=tenant.other_family,
        child=tenant.other_family.children.get(),
        received_on=today - datetime.timedelta(days=45),
        wants_coordinator=True,
        submitted_by=tenant.caseworker,
    )
    html = page(client_for, tenant.caseworker)
    assert "Saker med frist (1)" in html
    assert "Send foreløpig svar" in html and tenant.other_family.name in html and "Emma (f. 2016)" in html
    assert f"/saker/{late.pk}/forelopig-svar/" in html and "Forsinket" in html
    assert "Samtykker å følge opp" not in html


# --- The cost of the page -----------------------------------------------------------------------------


def add_families(tenant, n, start):
    """n more families for the coordinator, each with an item for the coordinator and for the physio, a
    booking request and a counter-proposal, and a consent for physiotherapy with the physio on the team."""
    from los.team.models import TeamMember

    today = dates.today()
    families = Family.objects.bulk_create(
        [Family(municipality=tenant.municipality, name=f"Familien Mengde{start + i:04d}") for i in range(n)]
    )
    for f in families:
        CoordinatorAssignment.objects.create(
            family=f, coordinator=tenant.coordinator, kind=CoordinatorKind.COORDINATOR
        )
        TeamMember.objects.create(family=f, professional=tenant.provider.professional, service=tenant.physio)
        if f.pk % 2:
            give_full_consent(f, [tenant.physio], tenant.coordinator)
        for who in (tenant.coordinator, tenant.provider):
            make_item(tenant, family=f, responsible=who, due_on=today - datetime.timedelta(days=1))
        for state in (RequestState.PENDING, RequestState.COUNTER):
            booked = appointment(tenant, family=f, child=None, place=None, status=AppointmentStatus.REQUESTED)
            BookingRequest.objects.create(
                appointment=booked,
                service=tenant.physio,
                requested_by=tenant.coordinator,
                state=state,
                counter_starts_at=booked.starts_at + datetime.timedelta(days=1),
                counter_ends_at=booked.ends_at + datetime.timedelta(days=1),
            )
        Application.objects.create(
            family=f, received_on=today - datetime.timedelta(days=10), submitted_by=tenant.caseworker
        )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["coordinator", "provider", "caseworker"])
def test_query_count_does_not_grow_with_families(tenant, client_for, who):
    c = client_for(getattr(tenant, who))
    # Two families first, so that one of them (odd id) has a consent for the provider whatever ids the
    # database hands out: the page then logs its families (one insert) in both counts.
    add_families(tenant, 2, 0)
    c.get(URL)
    with_few = count_queries(c, URL)
    add_families(tenant, 20, 2)
    with_many = count_queries(c, URL)
    assert with_few == with_many, f"{who}: {with_few} queries with 3 families, {with_many} with 23"
