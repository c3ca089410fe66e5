"""An action item can name the child it concerns (or the whole family): chosen in the form, refused for a
child of another family, shown in the lists, and carried into the notifications about the item."""

import datetime

from los.core import dates
from los.notifications.models import Notification
from los.notifications.sweep import run_due
from los.people.models import Child
from los.team.models import ActionItem
from los.team.services import follow_up

from .helpers import make_item


def new_item_post(tenant, **fields):
    data = {
        "title": "Søke om avlastning",
        "description": "",
        "responsible": str(tenant.provider.pk),
        "due_on": (dates.today() + datetime.timedelta(days=10)).isoformat(),
        "child": "",
    }
    data.update(fields)
    return data


def second_child(tenant):
    return Child.objects.create(
        family=tenant.family, first_name="Ola", last_name="Fjordsen", birth_date=datetime.date(2019, 3, 1)
    )


def test_the_form_offers_each_child_and_the_whole_family(tenant, client_for):
    ola = second_child(tenant)
    html = client_for(tenant.coordinator).get(f"/oppfolging/familie/{tenant.family.pk}/punkter/nytt/")
    html = html.content.decode()
    assert "Hele familien" in html and "Emma (f. 2016)" in html and "Ola (f. 2019)" in html
    assert f'value="{ola.pk}"' in html


def test_an_item_for_one_child_is_saved_shown_and_told_with_the_child(tenant, client_for):
    ola = second_child(tenant)
    c = client_for(tenant.coordinator)
    response = c.post(
        f"/oppfolging/familie/{tenant.family.pk}/punkter/nytt/", new_item_post(tenant, child=str(ola.pk))
    )
    assert response.status_code == 302
    item = ActionItem.objects.get()
    assert item.child == ola and item.concerns == "Ola (f. 2019)"
    assert "Ola (f. 2019)" in c.get(f"/oppfolging/familie/{tenant.family.pk}/").content.decode()
    assert "Ola (f. 2019)" in c.get(f"/oppfolging/punkter/{item.pk}/").content.decode()
    told = Notification.objects.get(user=tenant.provider, kind="action_item_assigned")
    assert told.child == ola
    listed = client_for(tenant.provider).get("/varsler/").content.decode()
    assert "Familien Fjordsen · Ola (f. 2019)" in listed


def test_an_item_for_the_whole_family_says_so(tenant, client_for):
    c = client_for(tenant.coordinator)
    assert (
        c.post(f"/oppfolging/familie/{tenant.family.pk}/punkter/nytt/", new_item_post(tenant)).status_code
        == 302
    )
    item = ActionItem.objects.get()
    assert item.child is None and item.concerns == "Hele familien"


def test_a_child_of_another_family_is_refused(tenant, client_for):
    stranger = tenant.other_family.children.get()
    response = client_for(tenant.coordinator).post(
        f"/oppfolging/familie/{tenant.family.pk}/punkter/nytt/", new_item_post(tenant, child=str(stranger.pk))
    )
    assert response.status_code == 422
    assert "Velg et av barna i familien" in response.content.decode()
    assert not ActionItem.objects.exists()
    # The service refuses it too, whoever calls it.
    try:
        follow_up.create_action_item(
            tenant.family,
            tenant.coordinator,
            title="X",
            due_on=dates.today(),
            responsible=tenant.provider,
            child=stranger,
        )
    except Exception as refused:  # noqa: BLE001 - the DomainError's message is what matters
        assert "Velg et av barna i familien" in str(refused)
    else:
        raise AssertionError("a child of another family was accepted")


def test_the_api_takes_and_returns_the_child(tenant, client_for):
    emma = tenant.family.children.get()
    body = {
        "title": "Søke om BPA",
        "due_on": (dates.today() + datetime.timedelta(days=5)).isoformat(),
        "responsible_username": tenant.provider.username,
        "child_id": emma.pk,
    }
    c = client_for(tenant.coordinator)
    response = c.post(
        f"/api/v1/families/{tenant.family.pk}/action-items", body, content_type="application/json"
    )
    assert response.status_code == 201 and response.json()["child_id"] == emma.pk
    body["child_id"] = tenant.other_family.children.get().pk
    response = c.post(
        f"/api/v1/families/{tenant.family.pk}/action-items", body, content_type="application/json"
    )
    assert response.status_code == 422


def test_reminders_and_chases_name_the_child(tenant):
    emma = tenant.family.children.get()
    late = make_item(tenant, due_on=dates.today() - datetime.timedelta(days=2), title="Ringe skolen")
    soon = make_item(tenant, due_on=dates.today() + datetime.timedelta(days=1), title="Sende søknad")
    ActionItem.objects.filter(pk__in=[late.pk, soon.pk]).update(child=emma)
    run_due()
    assert set(
        Notification.objects.filter(kind__in=["reminder", "chase"]).values_list("child_id", flat=True)
    ) == {emma.pk}
