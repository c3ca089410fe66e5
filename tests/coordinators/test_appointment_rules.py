"""The rules for appointing, keeping, replacing and changing the kind of the family's coordinator.

The municipality appoints a koordinator (helse- og omsorgstjenesteloven § 7-2) or a barnekoordinator
(hol § 7-2 a) when a decision gives the right (pasient- og brukerrettighetsloven §§ 2-5 b, 2-5 c); a family
has one municipal coordinator at a time (pbrl § 2-5 c third paragraph). Every change keeps the history:
the current assignment ends with a reason and a new one starts; nothing is overwritten or deleted.
"""

import datetime

import pytest

from los.casework.services import decisions
from los.coordinators import services
from los.coordinators.models import AppointmentPath, CoordinatorAssignment, CoordinatorProfile
from los.core import dates
from los.core.errors import DomainError
from los.core.models import Role
from tests.casework.helpers import apply_for, assess_and_confirm
from tests.factories import make_user

pytestmark = pytest.mark.django_db

COORDINATOR = "coordinator"
CHILD = "child_coordinator"


@pytest.fixture
def second_coordinator(tenant):
    user = make_user("Reservekoordinator", Role.COORDINATOR, tenant.municipality, last_name="Andersen")
    CoordinatorProfile.objects.create(user=user, coordination_share=50, languages="pl,nb")
    return user


def decided(tenant, family, right=CHILD):
    """An application for `family` with a decision that grants `right` (pbrl § 2-5 b or § 2-5 c)."""
    application = apply_for(tenant, family=family, wants_coordinator=right == COORDINATOR)
    assess_and_confirm(application, tenant.caseworker)
    decisions.decide(
        application,
        tenant.caseworker,
        outcomes={
            right: ("granted", "", "Kommunen gir mer enn loven krever." if right == COORDINATOR else "")
        },
        valid_from=dates.today(),
        facts="F.",
        family_views="V.",
        weighing="W.",
        contact_person=tenant.caseworker,
    )
    return application


def history(family):
    return list(
        CoordinatorAssignment.objects.filter(family=family)
        .order_by("id")
        .values_list("coordinator__first_name", "kind", "ends_on", "end_reason", "application_id")
    )


# --- Which choices a decided application offers ---------------------------------------------------------

PATHS = [
    # (family has a coordinator, the choices; none of them dead-ends)
    (False, (AppointmentPath.APPOINT,)),
    (True, (AppointmentPath.KEEP, AppointmentPath.REPLACE)),
]


@pytest.mark.parametrize("has_current,expected", PATHS)
def test_a_decided_application_always_has_a_way_to_an_appointment(has_current, expected):
    assert services.appointment_paths(has_current) == expected


KEEP_KIND = [
    # (the kind the family has, the kinds the decision gives, the kind after keeping) — hol §§ 7-2, 7-2 a
    (COORDINATOR, [CHILD], CHILD),
    (CHILD, [CHILD], CHILD),
    (COORDINATOR, [COORDINATOR], COORDINATOR),
    (CHILD, [COORDINATOR], COORDINATOR),
    (CHILD, [CHILD, COORDINATOR], CHILD),
]


@pytest.mark.parametrize("current,granted,expected", KEEP_KIND)
def test_keeping_the_coordinator_follows_the_kind_the_decision_gives(current, granted, expected):
    assert services.kind_after_keep(current, granted) == expected


# --- Keeping the family's coordinator for the decision --------------------------------------------------

KEEP_CASES = [
    # (id, the family's assignment: kind, linked to another application?; decision's right;
    #  rows afterwards; the old row ended?)
    ("same kind, not linked: linked in place", CHILD, False, CHILD, 1, False),
    ("other kind: ends, a barnekoordinator starts (hol § 7-2 a)", COORDINATOR, False, CHILD, 2, True),
    ("other kind: ends, a koordinator starts (hol § 7-2)", CHILD, False, COORDINATOR, 2, True),
    ("linked to an earlier case: continued in a new row", CHILD, True, CHILD, 2, True),
]


@pytest.mark.parametrize(
    "kind,linked_elsewhere,right,rows,ended", [c[1:] for c in KEEP_CASES], ids=[c[0] for c in KEEP_CASES]
)
def test_keeping_the_coordinator_links_the_case_and_keeps_the_history(
    tenant, kind, linked_elsewhere, right, rows, ended
):
    family = tenant.family  # has tenant.coordinator from before
    current = CoordinatorAssignment.objects.get(family=family)
    CoordinatorAssignment.objects.filter(pk=current.pk).update(
        kind=kind, starts_on=dates.today() - datetime.timedelta(days=100)
    )
    if linked_elsewhere:
        earlier = decided(tenant, family, right=CHILD)
        CoordinatorAssignment.objects.filter(pk=current.pk).update(application=earlier)
    application = decided(tenant, family, right=right)

    kept = services.keep_for_decision(application, tenant.caseworker)

    assert kept.coordinator == tenant.coordinator and kept.kind == right and kept.application == application
    assert CoordinatorAssignment.objects.filter(family=family).count() == rows
    old = CoordinatorAssignment.objects.get(pk=current.pk)
    assert (old.ends_on is not None) == ended
    if ended:
        assert old.end_reason and old.kind == kind  # the old row is not overwritten
    assert CoordinatorAssignment.objects.filter(family=family, ends_on__isnull=True).count() == 1
    # Keeping twice changes nothing.
    assert services.keep_for_decision(application, tenant.caseworker) == kept
    assert CoordinatorAssignment.objects.filter(family=family).count() == rows


def test_keeping_needs_a_decision_that_gives_a_coordinator_and_a_coordinator_to_keep(tenant):
    refused = apply_for(tenant, family=tenant.family, other_welfare_services=[])
    with pytest.raises(DomainError, match="ikke et vedtak"):
        services.keep_for_decision(refused, tenant.caseworker)
    application = decided(tenant, tenant.other_family)  # no coordinator in that family
    with pytest.raises(DomainError, match="ingen koordinator å beholde"):
        services.keep_for_decision(application, tenant.caseworker)
    application = decided(tenant, tenant.family)
    with pytest.raises(DomainError, match="annen type"):
        services.keep_for_decision(application, tenant.caseworker, kind=COORDINATOR)


# --- Replacing the coordinator -----------------------------------------------------------------------

REPLACE_REFUSALS = [
    # (id, changes to a valid call, the field the refusal names)
    ("no reason", {"reason": "  "}, "reason"),
    ("the same person", {"coordinator": "current"}, "coordinator"),
    ("not a coordinator", {"coordinator": "provider"}, "coordinator"),
    ("kind not in the decision", {"kind": COORDINATOR}, "kind"),
    ("starts before the current one", {"starts_on": "before"}, "starts_on"),
]


@pytest.mark.parametrize(
    "changes,field", [c[1:] for c in REPLACE_REFUSALS], ids=[c[0] for c in REPLACE_REFUSALS]
)
def test_replacing_is_refused_when_a_rule_stops_it(tenant, second_coordinator, changes, field):
    application = decided(tenant, tenant.family)
    people = {"current": tenant.coordinator, "provider": tenant.provider}
    call = {
        "coordinator": second_coordinator,
        "kind": CHILD,
        "starts_on": dates.today(),
        "reason": "Koordinatoren slutter.",
        "application": application,
    }
    call.update(changes)
    if isinstance(call["coordinator"], str):
        call["coordinator"] = people[call["coordinator"]]
    if call["starts_on"] == "before":
        CoordinatorAssignment.objects.filter(family=tenant.family).update(starts_on=dates.today())
        call["starts_on"] = dates.today() - datetime.timedelta(days=1)
    before = history(tenant.family)
    with pytest.raises(DomainError) as error:
        services.replace_coordinator(tenant.family, tenant.caseworker, **call)
    assert error.value.field == field
    assert history(tenant.family) == before


def test_replacing_ends_the_old_assignment_with_the_reason_and_starts_a_new_one(tenant, second_coordinator):
    application = decided(tenant, tenant.family)
    old = CoordinatorAssignment.objects.get(family=tenant.family)
    CoordinatorAssignment.objects.filter(pk=old.pk).update(
        starts_on=dates.today() - datetime.timedelta(days=50)
    )
    new = services.replace_coordinator(
        tenant.family,
        tenant.caseworker,
        coordinator=second_coordinator,
        kind=CHILD,
        starts_on=dates.today(),
        reason="Koordinatoren har gått over i annen stilling.",
        application=application,
    )
    old.refresh_from_db()
    assert old.ends_on == dates.today() - datetime.timedelta(days=1)
    assert old.end_reason == "Koordinatoren har gått over i annen stilling."
    assert old.coordinator == tenant.coordinator  # kept as it was
    assert new.coordinator == second_coordinator and new.application == application
    assert new.appointed_by == tenant.caseworker


def test_a_second_appointment_without_a_reason_or_request_is_refused_with_the_choices(
    tenant, second_coordinator
):
    application = decided(tenant, tenant.family)
    with pytest.raises(DomainError) as error:
        services.appoint_coordinator(
            tenant.family,
            tenant.caseworker,
            coordinator=second_coordinator,
            kind=CHILD,
            starts_on=dates.today(),
            application=application,
        )
    assert "behold koordinatoren" in error.value.message and "skriv hvorfor" in error.value.message


def test_a_replacement_carries_on_the_case_the_old_assignment_belonged_to(tenant, second_coordinator):
    application = decided(tenant, tenant.family)
    services.keep_for_decision(application, tenant.caseworker)
    new = services.replace_coordinator(
        tenant.family,
        tenant.caseworker,
        coordinator=second_coordinator,
        kind=CHILD,
        starts_on=dates.today() + datetime.timedelta(days=7),
        reason="Bytte etter samtale med familien.",
    )
    assert new.application == application  # the case stays appointed, not "waiting" again


# --- Changing the kind -----------------------------------------------------------------------------

KIND_CHANGES = [
    # (from, to) — a child turning 18 goes from barnekoordinator (hol § 7-2 a) to koordinator (hol § 7-2)
    (CHILD, COORDINATOR),
    (COORDINATOR, CHILD),
]


@pytest.mark.parametrize("before,after", KIND_CHANGES)
def test_changing_the_kind_keeps_the_person_and_the_history(tenant, before, after):
    old = CoordinatorAssignment.objects.get(family=tenant.family)
    CoordinatorAssignment.objects.filter(pk=old.pk).update(
        kind=before, starts_on=dates.today() - datetime.timedelta(days=30)
    )
    new = services.change_kind(
        tenant.family, tenant.caseworker, kind=after, starts_on=dates.today(), reason="Barnet fyller 18 år."
    )
    old.refresh_from_db()
    assert (old.kind, old.end_reason, old.ends_on) == (
        before,
        "Barnet fyller 18 år.",
        dates.today() - datetime.timedelta(days=1),
    )
    assert (new.coordinator, new.kind, new.ends_on) == (tenant.coordinator, after, None)


KIND_REFUSALS = [
    ("no reason", {"reason": ""}, "reason"),
    ("the same kind", {"kind": CHILD}, "kind"),
    ("not a kind", {"kind": "leader"}, "kind"),
    ("more than a month back", {"starts_on": -40}, "starts_on"),
]


@pytest.mark.parametrize("changes,field", [c[1:] for c in KIND_REFUSALS], ids=[c[0] for c in KIND_REFUSALS])
def test_changing_the_kind_is_refused_when_a_rule_stops_it(tenant, changes, field):
    call = {"kind": COORDINATOR, "starts_on": dates.today(), "reason": "Barnet fyller 18 år."}
    call.update(changes)
    if isinstance(call["starts_on"], int):
        call["starts_on"] = dates.today() + datetime.timedelta(days=call["starts_on"])
    before = history(tenant.family)
    with pytest.raises(DomainError) as error:
        services.change_kind(tenant.family, tenant.caseworker, **call)
    assert error.value.field == field
    assert history(tenant.family) == before


def test_a_family_without_a_coordinator_has_no_kind_to_change_or_person_to_replace(
    tenant, second_coordinator
):
    with pytest.raises(DomainError, match="ingen koordinator"):
        services.change_kind(
            tenant.other_family, tenant.caseworker, kind=CHILD, starts_on=dates.today(), reason="R."
        )
    with pytest.raises(DomainError, match="ingen koordinator"):
        services.replace_coordinator(
            tenant.other_family,
            tenant.caseworker,
            coordinator=second_coordinator,
            kind=CHILD,
            starts_on=dates.today(),
            reason="R.",
        )
