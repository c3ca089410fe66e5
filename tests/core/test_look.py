"""Los looks like the municipality's own service: its name and coat of arms in the header, error pages in
bokmål in the same look, and an admin in bokmål with names instead of codes."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import include, path, reverse

from los.calendar.models import OpeningHours
from los.core.models import Municipality, validate_coat_of_arms_svg
from los.people.models import Professional

SHIELD = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 48">'
    '<path d="M0 0h40v28c0 10-10 16-20 20C10 44 0 38 0 28z" fill="#0062ba"/></svg>'
)


def refuse(request):
    raise PermissionDenied


def crash(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("test/nekt/", refuse),
    path("test/krasj/", crash),
    path("", include("los.urls")),
]
handler404 = "los.core.errors_views.not_found"
handler403 = "los.core.errors_views.forbidden"
handler400 = "los.core.errors_views.bad_request"


# --- Error pages ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_missing_page_is_a_404_in_bokmal_in_the_los_look(client, settings):
    settings.DEBUG = False
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="nb"' in page
    assert "Fant ikke siden" in page and "Gå til startsiden" in page
    assert 'class="los-header"' in page


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_refused_page_is_a_403_in_bokmal(tenant, client_for, settings):
    settings.DEBUG = False
    response = client_for(tenant.coordinator).get("/test/nekt/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Ingen tilgang" in page and '<html lang="nb"' in page
    # The signed-in user keeps their header: name, menu and logout.
    assert "Logg ut" in page and "Fjordvik kommune" in page


@pytest.mark.django_db
def test_a_form_sent_without_its_token_is_a_403_in_bokmal(tenant):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Skjemaet er utløpt" in page and '<html lang="nb"' in page


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_crash_is_a_500_in_bokmal_without_details(settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    response = client.get("/test/krasj/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Noe gikk galt hos oss" in page and '<html lang="nb"' in page
    assert "RuntimeError" not in page and "a bug" not in page


# --- The municipality in the header ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_header_shows_the_municipality_and_its_coat_of_arms(tenant, client_for):
    tenant.municipality.coat_of_arms_svg = SHIELD
    tenant.municipality.save()
    page = client_for(tenant.guardian_user).get(reverse("portal:home"), follow=True).content.decode()
    assert "Fjordvik kommune" in page
    assert 'class="los-brand__arms" src="data:image/svg+xml;base64,' in page
    assert "Logg ut" in page and 'aria-controls="los-menu"' in page


@pytest.mark.django_db
def test_without_a_municipality_the_header_says_los(tenant, other_tenant):
    page = Client().get(reverse("login")).content.decode()
    assert '<span class="los-brand__name los-brand__name--los">Los</span>' in page
    assert "los-brand__arms" not in page


@pytest.mark.parametrize(
    "svg",
    [
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        '<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://sporing.example/p.png"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
        "<html><body>not svg</body></html>",
        "<svg",
    ],
)
def test_a_coat_of_arms_is_a_plain_svg_picture(svg):
    with pytest.raises(ValidationError):
        validate_coat_of_arms_svg(svg)


def test_a_real_coat_of_arms_is_accepted():
    validate_coat_of_arms_svg(SHIELD)
    validate_coat_of_arms_svg(
        '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" '
        'xmlns:xlink="http://www.w3.org/1999/xlink"><defs><path id="p" d="M0 0h1v1z"/></defs>'
        '<use xlink:href="#p"/></svg>'
    )


@pytest.mark.django_db
def test_the_administrator_uploads_the_coat_of_arms_as_an_svg_file(tenant, admin_user, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    municipality = tenant.municipality
    url = reverse("admin:core_municipality_change", args=[municipality.pk])
    data = {
        "name": municipality.name,
        "number": municipality.number,
        "coat_of_arms_svg": "",
        "consent_requires_all_guardians": "on",
        "coordinating_unit-TOTAL_FORMS": "0",
        "coordinating_unit-INITIAL_FORMS": "0",
        "coordinating_unit-MIN_NUM_FORMS": "0",
        "coordinating_unit-MAX_NUM_FORMS": "1",
    }
    upload = SimpleUploadedFile("vapen.svg", SHIELD.encode(), content_type="image/svg+xml")
    response = client_for(admin_user).post(url, {**data, "coat_of_arms_file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    municipality.refresh_from_db()
    assert municipality.coat_of_arms_svg == SHIELD

    bad = SimpleUploadedFile("vapen.svg", b"<svg><script>x</script></svg>", content_type="image/svg+xml")
    response = client_for(admin_user).post(url, {**data, "coat_of_arms_file": bad})
    assert response.status_code == 200
    assert "uten skript eller lenker" in response.content.decode()
    assert Municipality.objects.get(pk=municipality.pk).coat_of_arms_svg == SHIELD


# --- The admin in bokmål --------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_admin_is_in_bokmal_and_names_its_sections(admin_user, client_for):
    page = client_for(admin_user).get(reverse("admin:index")).content.decode()
    assert '<html lang="nb"' in page
    assert "Los – administrasjon" in page
    for name in ("Kommune og brukere", "Tjenester og fagfolk", "Kalender og steder", "Innlogging"):
        assert name in page
    for code in (">Core<", ">People<", ">Calendar<", ">Axes<", "Django administration"):
        assert code not in page


@pytest.mark.django_db
def test_opening_hours_show_weekday_names(tenant, admin_user, client_for):
    import datetime

    OpeningHours.objects.create(
        service=tenant.physio, weekday=0, opens=datetime.time(8), closes=datetime.time(15)
    )
    page = client_for(admin_user).get(reverse("admin:calendar_openinghours_changelist")).content.decode()
    assert "mandag" in page


@pytest.mark.django_db
def test_a_professionals_languages_are_ticked_and_listed_by_name(tenant, admin_user, client_for):
    professional = Professional.objects.filter(user=tenant.provider).first() or Professional.objects.create(
        user=tenant.provider, organisation=tenant.physio.organisation
    )
    professional.languages = "pl,nb"
    professional.save()
    c = client_for(admin_user)
    listing = c.get(reverse("admin:people_professional_changelist")).content.decode()
    assert "polsk, norsk bokmål" in listing
    form = c.get(reverse("admin:people_professional_change", args=[professional.pk])).content.decode()
    assert 'type="checkbox" name="languages" value="pl"' in form and "polsk" in form
    assert "Choose" not in form
