"""The start panel counts in the database and names a page of transitions: the same answers the rules give
row by row (fvl § 11 a interim reply within a month; pbrl § 2-5 c the child-coordinator right ends at 18)."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from los.casework import deadlines, eligibility, selectors
from los.casework.models import Application, ApplicationStatus, InterimReply
from los.core import dates
from los.core.models import AccessLogEntry
from los.people.models import Child

days = st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2090, 12, 31))


@given(day=days, offset=st.integers(min_value=-10, max_value=10))
def test_the_first_birth_turning_18_after_a_day_splits_births_as_the_birthday_rule_does(day, offset):
    boundary = selectors._first_birth_turning_18_after(day)
    birth = boundary + datetime.timedelta(days=offset)
    assert (dates.birthday(birth, eligibility.ADULT_AGE) > day) == (birth >= boundary)


@given(day=days, offset=st.integers(min_value=-10, max_value=10))
def test_the_first_receipt_not_overdue_splits_applications_as_the_interim_deadline_does(day, offset):
    boundary = selectors._first_receipt_not_overdue(day)
    received = boundary + datetime.timedelta(days=offset)
    assert (day > deadlines.interim_reply_due(received)) == (received < boundary)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "today",
    [
        datetime.date(2026, 3, 1),  # after February: the 29th and month-end births
        datetime.date(2028, 2, 29),  # a leap day
        datetime.date(2026, 12, 31),
        datetime.date(2027, 8, 15),
    ],
)
def test_panel_counts_and_transitions_match_the_row_by_row_rules(tenant, today):
    family = tenant.family
    horizon = dates.add_months(today, eligibility.TURNS_18_WARNING_MONTHS)
    eighteen_years_ago = dates.add_months(today, -12 * eligibility.ADULT_AGE)
    for offset in range(-3, 190, 4):
        birth = eighteen_years_ago + datetime.timedelta(days=offset)
        Child.objects.create(family=family, first_name="Barn", last_name=f"F{offset}", birth_date=birth)
    Child.objects.create(family=family, first_name="Baby", last_name="Sen", expected_due_date=today)
    Child.objects.create(
        family=family, first_name="Baby", last_name="Forbi", expected_due_date=today - datetime.timedelta(1)
    )
    for offset in range(20, 45):
        application = Application.objects.create(
            family=family,
            child=family.children.first(),
            received_on=today - datetime.timedelta(days=offset),
            wants_child_coordinator=True,
            submitted_by=tenant.caseworker,
            status=ApplicationStatus.RECEIVED if offset % 5 else ApplicationStatus.DECIDED,
        )
        if offset % 3 == 0:
            InterimReply.objects.create(
                application=application,
                sent_on=today,
                reason="R.",
                expected_by=today + datetime.timedelta(days=10),
                letter_text="T.",
                sent_by=tenant.caseworker,
            )

    expected_transitions = sorted(
        [
            (dates.birthday(c.birth_date, 18), c.pk)
            for c in Child.objects.filter(family__municipality=tenant.municipality, birth_date__isnull=False)
            if today < dates.birthday(c.birth_date, 18) <= horizon
        ]
        + [
            (c.expected_due_date, c.pk)
            for c in Child.objects.filter(family=family, birth_date__isnull=True)
            if c.expected_due_date < today
        ]
    )
    families = selectors.access.visible_families(tenant.caseworker, today)
    found = selectors.transitions(families, today)
    assert [(t.on, t.child.pk) for t in found] == expected_transitions
    assert selectors.transition_children(families, today).count() == len(expected_transitions)
    first, total = selectors.first_transitions(families, today, 1)
    assert [(t.on, t.child.pk) for t in first] == expected_transitions[:1]
    assert total == len(expected_transitions)

    rows = [selectors.case_row(a, today) for a in selectors.case_list(families, "open")]
    counts = selectors.case_counts(families, today)
    assert counts["open"] == len(rows) > 0
    assert counts["interim_overdue"] == sum(1 for r in rows if r.interim_overdue) > 0


@pytest.mark.django_db
def test_the_panel_names_ten_transitions_links_to_all_and_logs_only_the_families_shown(tenant, client_for):
    today = dates.today()
    families = [tenant.family] + [
        type(tenant.family).objects.create(municipality=tenant.municipality, name=f"Familien Overgang{i}")
        for i in range(14)
    ]
    for i, family in enumerate(families):
        Child.objects.create(
            family=family,
            first_name=f"Ung{i}",
            last_name="Voksen",
            birth_date=dates.add_months(today, -216) + datetime.timedelta(days=10 + i),
        )
    client = client_for(tenant.caseworker)
    before = AccessLogEntry.objects.count()
    page = client.get("/familier/?q=ingen-slik-familie").content.decode()
    assert "Se alle 15 overganger" in page
    assert page.count("fyller 18 år –") == selectors.PANEL_TRANSITIONS
    assert AccessLogEntry.objects.count() - before == selectors.PANEL_TRANSITIONS
    full = client.get("/saker/overganger/")
    assert full.status_code == 200
    assert full.content.decode().count("fyller 18 år –") == 15
    assert client_for(tenant.provider).get("/saker/overganger/").status_code == 404
