"""The decision letter says what is true of the case (forvaltningsloven §§ 24, 25, 27): it names a
coordinator only once one is appointed for the case, else says the family will hear who it is; and the
caseworker reads the exact letter before the decision becomes final, without anything being saved."""

import pytest

from los.casework.letters import decision_letter_html
from los.casework.models import Application, Decision
from los.casework.services import decisions
from los.coordinators import services as coordinator_services
from los.coordinators.models import CoordinatorAssignment
from los.core import dates
from los.core.models import AccessAction, AccessLogEntry

from .helpers import apply_for, assess_and_confirm
from .test_casework import decision_post

pytestmark = pytest.mark.django_db

NOT_YET = "så snart koordinatoren er oppnevnt"


def coordinator_part(letter: str) -> str:
    return letter.split("Hvem som blir koordinator")[1].split("Hva vi bygger på")[0]


def decide(tenant, application):
    return decisions.decide(
        application,
        tenant.caseworker,
        outcomes={"child_coordinator": ("granted", "", "")},
        valid_from=dates.today(),
        facts="F.",
        family_views="V.",
        weighing="W.",
        contact_person=tenant.caseworker,
    )


LETTER_CASES = [
    # (id, does the family have a coordinator from before, is one appointed for this case, named?)
    ("no coordinator, none appointed", False, False, False),
    ("a coordinator from before, not yet kept for this case", True, False, False),
    ("a coordinator from before, kept for this case", True, True, True),
    ("appointed for this case", False, True, True),
]


@pytest.mark.parametrize(
    "has_from_before,appointed,named", [c[1:] for c in LETTER_CASES], ids=[c[0] for c in LETTER_CASES]
)
def test_the_letter_names_a_coordinator_only_once_one_is_appointed_for_the_case(
    tenant, has_from_before, appointed, named
):
    family = tenant.family if has_from_before else tenant.other_family
    application = apply_for(tenant, family=family)
    assess_and_confirm(application, tenant.caseworker)
    decision = decide(tenant, application)
    if appointed and has_from_before:
        coordinator_services.keep_for_decision(application, tenant.caseworker)
    elif appointed:
        coordinator_services.appoint_coordinator(
            family,
            tenant.caseworker,
            coordinator=tenant.coordinator,
            kind="child_coordinator",
            starts_on=dates.today(),
            application=application,
        )
    part = coordinator_part(decision_letter_html(decision, list(decision.rights.all())))
    name = tenant.coordinator.get_full_name()
    assert (name in part) == named
    assert ("er oppnevnt som barnekoordinator" in part) == named
    assert (NOT_YET in part) == (not named)


def test_the_stored_letter_made_before_the_appointment_promises_news_not_a_name(tenant):
    application = apply_for(tenant, family=tenant.family)  # the family has a coordinator from before
    assess_and_confirm(application, tenant.caseworker)
    decision = decide(tenant, application)
    assert bytes(decision.letter_pdf).startswith(b"%PDF")
    html = decision_letter_html(decision, list(decision.rights.all()))
    assert "Vi oppnevner en barnekoordinator for familien" in html and NOT_YET in html


def test_caseworker_previews_the_letter_then_makes_the_decision(tenant, client_for):
    application = apply_for(tenant, family=tenant.family)
    assess_and_confirm(application, tenant.caseworker)
    c = client_for(tenant.caseworker)
    page = c.get(f"/saker/{application.pk}/vedtak/").content.decode()
    assert "Forhåndsvis vedtaksbrev" in page and "Fatt vedtak og lag brevet" in page
    logged = AccessLogEntry.objects.count()
    status = Application.objects.get(pk=application.pk).status

    post = decision_post(contact_person=tenant.caseworker.pk, facts="Uttalelse fra fysioterapeuten.")
    response = c.post(f"/saker/{application.pk}/vedtak/", {**post, "action": "preview"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Forhåndsvisning av vedtaksbrevet" in page and "ingenting er lagret" in page
    assert "Uttalelse fra fysioterapeuten." in page and "Vedtak om" in page and NOT_YET in page
    assert tenant.coordinator.get_full_name() not in coordinator_part(page)
    # Nothing is saved, and nothing is logged as changed.
    assert not Decision.objects.exists()
    assert Application.objects.get(pk=application.pk).status == status
    assert not AccessLogEntry.objects.filter(action=AccessAction.CHANGE).exists()
    assert AccessLogEntry.objects.count() == logged
    # The form keeps what was written, so the caseworker can correct it or decide.
    assert (
        "Uttalelse fra fysioterapeuten."
        in page.split("Forhåndsvisning av vedtaksbrevet")[1].split("<form")[1]
    )

    # A preview with a missing field answers with the error, and still saves nothing.
    response = c.post(f"/saker/{application.pk}/vedtak/", {**post, "facts": "", "action": "preview"})
    assert response.status_code == 422 and not Decision.objects.exists()

    response = c.post(f"/saker/{application.pk}/vedtak/", {**post, "action": "decide"})
    assert response.status_code == 302, response.content.decode()[:3000]
    decision = Decision.objects.get(application=application)
    assert decision.facts == "Uttalelse fra fysioterapeuten."
    assert CoordinatorAssignment.objects.filter(application=application).count() == 0
