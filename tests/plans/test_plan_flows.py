"""The individual plan: only with consent, the nine points, versions and their comparison, evaluations,
PDF export, guardians' comments, and bad input that saves nothing."""

import datetime

import pytest
from django.utils import timezone

from los.core.errors import DomainError
from los.core.models import AccessLogEntry
from los.plans import selectors
from los.plans.models import FrozenError, IndividualPlan, Measure, PlanComment, PlanVersion
from los.plans.services import goals as goal_services
from los.plans.services import plan as plan_services

from .helpers import consent_to_plan, make_plan, plan_goal, plan_measure

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _plan_post(**overrides):
    data = {
        "period_start": TODAY.isoformat(),
        "period_end": (TODAY + datetime.timedelta(days=365)).isoformat(),
        "next_revision_on": (TODAY + datetime.timedelta(days=180)).isoformat(),
        "resources": "Emma er glad i musikk",
        "needs": "Hjelp i overgangen til ungdomsskolen",
    }
    return data | overrides


def test_plan_cannot_be_created_without_consent_to_it(tenant, client_for):
    c = client_for(tenant.coordinator)
    page = c.get(f"/plan/{tenant.family.pk}/ny/")
    assert page.status_code == 200
    assert (
        "samtykke til individuell plan" in page.content.decode().lower()
        or "samtykket" in page.content.decode()
    )
    response = c.post(f"/plan/{tenant.family.pk}/ny/", _plan_post())
    assert response.status_code == 422
    html = response.content.decode()
    assert "Planen kan ikke lages ennå" in html
    assert f"/familier/{tenant.family.pk}/samtykker/nytt/" in html  # how consent is given
    assert not IndividualPlan.objects.exists()


def test_coordinator_makes_the_plan_with_consent_and_it_holds_the_nine_points(tenant, client_for):
    consent = consent_to_plan(tenant)
    c = client_for(tenant.coordinator)
    response = c.post(
        f"/plan/{tenant.family.pk}/ny/", _plan_post(cooperation="Skolen og fysioterapeuten møtes")
    )
    assert response.status_code == 302
    version = PlanVersion.objects.get(plan__family=tenant.family)
    assert version.consent == consent
    assert version.coordinator == tenant.coordinator  # 3. the named coordinator, from the assignment
    assert version.participants.filter(role="foresatt").count() == 2  # 2. who takes part
    c.post(f"/plan/{tenant.family.pk}/mal/ny/", {"text": "Jeg vil spille i korps", "voice": "child"})
    goal = version.goals.get()
    response = c.post(
        f"/plan/{tenant.family.pk}/tiltak/ny/",
        {
            "goal": goal.pk,
            "description": "Tilpasset korpsøving",
            # the team only: the physiotherapist, whose service the consent to the plan covers
            "responsible_service": tenant.physio.pk,
            "responsible_person": tenant.provider.pk,
            "scope": "en time i uka",
            "how": "Etter skolen",
            "evaluate_on": (TODAY + datetime.timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()
    html = c.get(f"/plan/{tenant.family.pk}/").content.decode()
    for heading in [
        "Mål og tiltak",
        "Ressurser og behov",
        "Hvem bidrar med hva",
        "Hvem er med i planarbeidet",
        "Planperiode og revisjon",
        "Samtykke",
        "Samarbeid med andre tjenester og etater",
    ]:
        assert heading in html
    assert "«Jeg vil spille i korps»" in html and "en time i uka" in html and "Etter skolen" in html


@pytest.mark.parametrize(
    "overrides, message",
    [
        (
            {"period_end": (TODAY - datetime.timedelta(days=1)).isoformat()},
            "Planperioden kan ikke slutte før den starter",
        ),
        (
            {"next_revision_on": (TODAY - datetime.timedelta(days=3)).isoformat()},
            "Neste revisjon kan ikke være før",
        ),
        ({"next_revision_on": (TODAY + datetime.timedelta(days=900)).isoformat()}, "innenfor planperioden"),
        ({"period_start": "not a date"}, "gyldig dato"),
    ],
)
def test_bad_plan_input_answers_422_and_saves_nothing(tenant, client_for, overrides, message):
    consent_to_plan(tenant)
    response = client_for(tenant.coordinator).post(f"/plan/{tenant.family.pk}/ny/", _plan_post(**overrides))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not IndividualPlan.objects.exists() and not PlanVersion.objects.exists()


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"ends_on": "2020-01-01", "starts_on": "2021-01-01"}, "Tiltaket kan ikke slutte før det starter"),
        ({"responsible_service": "999999"}, "Velg en tjeneste fra listen"),
        ({"responsible_person": "999999"}, "Velg en person fra listen"),
        ({"description": ""}, "Beskriv tiltaket"),
    ],
)
def test_bad_measure_input_answers_422_and_saves_nothing(
    tenant, other_tenant, client_for, overrides, message
):
    make_plan(tenant)
    before = Measure.objects.count()
    data = {"goal": plan_goal(tenant).pk, "description": "Svømming"} | overrides
    response = client_for(tenant.coordinator).post(f"/plan/{tenant.family.pk}/tiltak/ny/", data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert Measure.objects.count() == before


def test_a_service_from_another_municipality_is_refused(tenant, other_tenant):
    make_plan(tenant)
    with pytest.raises(DomainError):
        goal_services.add_measure(plan_goal(tenant), description="x", responsible_service=other_tenant.physio)


def test_revision_freezes_the_old_version_and_the_versions_can_be_compared(tenant, client_for):
    plan = make_plan(tenant)
    c = client_for(tenant.coordinator)
    assert c.post(f"/plan/{tenant.family.pk}/revider/", {"revision_note": ""}).status_code == 422
    assert (
        c.post(f"/plan/{tenant.family.pk}/revider/", {"revision_note": "Årlig gjennomgang"}).status_code
        == 302
    )
    v1, v2 = plan.versions.order_by("number")
    assert v1.frozen_at is not None and v2.frozen_at is None
    # old versions are immutable
    with pytest.raises(FrozenError):
        v1.needs = "endret"
        v1.save()
    with pytest.raises(DomainError):
        plan_services.update_version(v1, tenant.coordinator, needs="endret")
    # change in v2: reword the goal, drop the measure, add a goal, change the revision date
    goal = v2.goals.get()
    goal_services.update_goal(goal, text="Jeg vil gå til skolen og hjem igjen selv", voice="child")
    goal_services.remove_measure(goal.measures.get())
    goal_services.add_goal(version=v2, text="Vi vil ha mer avlastning")
    plan_services.update_version(
        v2, tenant.coordinator, next_revision_on=TODAY + datetime.timedelta(days=100)
    )
    page = client_for(tenant.guardian_user).get(f"/plan/{tenant.family.pk}/sammenlign/?fra=1&til=2")
    assert page.status_code == 200
    diff = page.context["diff"]
    statuses = {g.title: g.status for g in diff.goals}
    assert statuses == {
        "Jeg vil gå til skolen og hjem igjen selv": "changed",
        "Vi vil ha mer avlastning": "added",
    }
    changed = next(g for g in diff.goals if g.status == "changed")
    assert [m.status for m in changed.measures] == ["removed"]
    assert [f.label for f in diff.fields] == ["Neste revisjon"]
    html = page.content.decode()
    assert "<ins>" in html and "Fjernet" in html and "Nytt" in html
    assert "og hjem igjen" in html
    # unknown version numbers: 422 with a message, not a 500
    assert c.get(f"/plan/{tenant.family.pk}/sammenlign/?fra=7&til=2").status_code == 422
    assert c.get(f"/plan/{tenant.family.pk}/sammenlign/?fra=x").status_code == 422
    # the frozen version is still shown as it was
    old = c.get(f"/plan/{tenant.family.pk}/versjon/1/").content.decode()
    assert "Jeg vil gå til skolen selv" in old and "Gåtrening" in old


@pytest.mark.parametrize(
    "evaluate_in_days, responsible, expect_overdue, expect_due_soon, expect_without_person",
    [
        (-5, True, 1, 0, 0),
        (0, True, 0, 1, 0),
        (10, False, 0, 1, 1),
        (60, True, 0, 0, 0),
        (None, False, 0, 0, 1),
    ],
)
def test_progress_at_a_glance(
    tenant, evaluate_in_days, responsible, expect_overdue, expect_due_soon, expect_without_person
):
    make_plan(tenant)
    evaluate_on = TODAY + datetime.timedelta(days=evaluate_in_days) if evaluate_in_days is not None else None
    Measure.objects.update(
        evaluate_on=evaluate_on, responsible_person=tenant.provider if responsible else None
    )
    version = selectors.version(IndividualPlan.objects.get())
    result = selectors.progress(version, TODAY)
    assert (len(result.overdue), len(result.due_soon), len(result.without_person)) == (
        expect_overdue,
        expect_due_soon,
        expect_without_person,
    )


def test_plan_attention_names_revisions_due_and_overdue_evaluations(tenant):
    plan = make_plan(tenant)
    assert selectors.plan_attention([tenant.family.pk, tenant.other_family.pk], TODAY) == {}
    Measure.objects.update(evaluate_on=TODAY - datetime.timedelta(days=2), responsible_person=None)
    PlanVersion.objects.filter(plan=plan).update(next_revision_on=TODAY - datetime.timedelta(days=1))
    lines = selectors.plan_attention([tenant.family.pk, tenant.other_family.pk], TODAY)
    assert list(lines) == [tenant.family.pk]
    text = " | ".join(lines[tenant.family.pk])
    assert "Revisjon av planen er forsinket" in text
    assert "1 evaluering av tiltak er forsinket" in text
    assert "1 tiltak mangler ansvarlig person" in text


def test_responsible_person_evaluates_the_measure_and_sets_the_next_date(tenant, client_for):
    make_plan(tenant)
    measure = plan_measure(tenant)
    url = f"/plan/{tenant.family.pk}/tiltak/{measure.pk}/evaluer/"
    c = client_for(tenant.provider)
    bad = c.post(
        url,
        {
            "evaluated_on": TODAY.isoformat(),
            "text": "Går bra",
            "outcome": "continue",
            "next_evaluation_on": (TODAY - datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert bad.status_code == 422 and "Neste evaluering må være etter denne" in bad.content.decode()
    assert not measure.evaluations.exists()
    nxt = TODAY + datetime.timedelta(days=60)
    ok = c.post(
        url,
        {
            "evaluated_on": TODAY.isoformat(),
            "text": "Går bra",
            "outcome": "continue",
            "next_evaluation_on": nxt.isoformat(),
        },
    )
    assert ok.status_code == 302
    measure.refresh_from_db()
    assert measure.evaluate_on == nxt and measure.evaluations.get().due_on == TODAY + datetime.timedelta(
        days=20
    )
    # the history follows the measure into the next version
    plan = IndividualPlan.objects.get()
    plan_services.revise(plan, tenant.coordinator, "Ny versjon")
    html = client_for(tenant.coordinator).get(f"/plan/{tenant.family.pk}/").content.decode()
    assert "Går bra" in html
    # the school provider is not responsible: 404, like a page that does not exist
    assert client_for(tenant.school_provider).get(url).status_code == 404


def test_pdf_export_returns_a_pdf_and_is_logged_as_export(tenant, client_for):
    make_plan(tenant)
    response = client_for(tenant.guardian_user).get(f"/plan/{tenant.family.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    entry = AccessLogEntry.objects.filter(family=tenant.family, action="export").get()
    assert entry.record_type == "individual_plan" and entry.user == tenant.guardian_user
    from los.plans.pdf import plan_html

    html = plan_html(selectors.version(IndividualPlan.objects.get()))
    assert 'lang="nb"' in html and "Gåtrening med fysioterapeut" in html and "Neste revisjon" in html


def test_guardian_reads_the_plan_and_comments_and_the_coordinator_sees_it(tenant, client_for):
    make_plan(tenant)
    guardian = client_for(tenant.guardian_user)
    page = guardian.get(f"/plan/{tenant.family.pk}/familie/")
    assert page.status_code == 200 and "Jeg vil gå til skolen selv" in page.content.decode()
    assert guardian.post(f"/plan/{tenant.family.pk}/familie/", {"text": "  "}).status_code == 422
    assert not PlanComment.objects.exists()
    assert (
        guardian.post(f"/plan/{tenant.family.pk}/familie/", {"text": "Emma vil heller svømme"}).status_code
        == 302
    )
    from los.notifications.models import Notification

    assert Notification.objects.filter(user=tenant.coordinator, kind="comment").exists()
    coordinator = client_for(tenant.coordinator)
    html = coordinator.get(f"/plan/{tenant.family.pk}/").content.decode()
    assert "1 ny kommentar fra familien" in html and "Emma vil heller svømme" in html
    assert coordinator.post(f"/plan/{tenant.family.pk}/kommentarer/lest/").status_code == 302
    assert PlanComment.objects.get().seen_by == tenant.coordinator
    # only the coordinator marks comments as read
    assert guardian.post(f"/plan/{tenant.family.pk}/kommentarer/lest/").status_code == 404
    # the family page and the guardian page link to the plan
    assert f"/plan/{tenant.family.pk}/" in coordinator.get(f"/familier/{tenant.family.pk}/").content.decode()
    assert (
        f"/plan/{tenant.family.pk}/familie/" in guardian.get(f"/familie/{tenant.family.pk}/").content.decode()
    )


def test_participants_are_added_and_removed_by_the_coordinator_only(tenant, client_for):
    plan = make_plan(tenant)
    c = client_for(tenant.coordinator)
    assert c.post(f"/plan/{tenant.family.pk}/deltakere/ny/", {"name": "", "role": ""}).status_code == 422
    assert (
        c.post(
            f"/plan/{tenant.family.pk}/deltakere/ny/", {"name": "Mormor", "role": "besteforelder"}
        ).status_code
        == 302
    )
    participant = plan_services.working_version(plan).participants.get(name="Mormor")
    url = f"/plan/{tenant.family.pk}/deltakere/{participant.pk}/fjern/"
    assert client_for(tenant.provider).post(url).status_code == 404
    assert c.get(url).status_code == 405
    assert c.post(url).status_code == 302
    assert not plan_services.working_version(plan).participants.filter(name="Mormor").exists()


def test_api_returns_the_current_version_of_the_plan(tenant, client_for):
    c = client_for(tenant.guardian_user)
    assert c.get(f"/api/v1/families/{tenant.family.pk}/plan").status_code == 404
    plan = make_plan(tenant)
    plan_services.revise(plan, tenant.coordinator, "Ny versjon")
    body = c.get(f"/api/v1/families/{tenant.family.pk}/plan").json()
    assert body["version"] == 2
    assert [v["number"] for v in body["versions"]] == [2, 1]
    assert body["goals"][0]["text"] == "Jeg vil gå til skolen selv"
    assert body["goals"][0]["measures"][0]["responsible_service"] == "Fysioterapi"
    assert body["coordinator"] == tenant.coordinator.display_name


def test_withdrawn_plan_consent_stops_changes_but_not_reading(tenant, client_for):
    plan = make_plan(tenant)
    from los.consent.models import Consent

    Consent.objects.filter(family=tenant.family, covers_individual_plan=True).update(
        withdrawn_at=timezone.now()
    )
    with pytest.raises(DomainError):
        goal_services.add_goal(version=plan_services.working_version(plan), text="Nytt mål")
    page = client_for(tenant.coordinator).get(f"/plan/{tenant.family.pk}/")
    assert page.status_code == 200 and "Det finnes ikke et gyldig samtykke" in page.content.decode()


def test_caseload_view_shows_a_plan_revision_that_is_overdue(tenant, client_for):
    plan = make_plan(tenant)
    PlanVersion.objects.filter(plan=plan).update(next_revision_on=TODAY - datetime.timedelta(days=3))
    page = client_for(tenant.coordinator).get("/oppfolging/mine-familier/")
    assert page.status_code == 200
    assert "Revisjon av planen er forsinket" in page.content.decode()
