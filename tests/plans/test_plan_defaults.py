"""Defaults the plan's pages start from, decided in the services and selectors (not in the views), as
tables without a request or a database."""

import datetime
from types import SimpleNamespace

import pytest

from los.plans.selectors import unseen_comments
from los.plans.services.plan import first_revision_on, new_plan_defaults

D = datetime.date


@pytest.mark.parametrize(
    ("start", "revision"),
    [
        (D(2033, 4, 2), D(2034, 4, 2)),
        (D(2032, 2, 29), D(2033, 2, 28)),  # no 29 February next year: the last day of the month
        (D(2033, 12, 31), D(2034, 12, 31)),
    ],
)
def test_a_new_plan_is_first_revised_a_year_after_it_starts(start, revision):
    assert first_revision_on(start) == revision
    assert new_plan_defaults(start) == {"period_start": start, "next_revision_on": revision}


READER, GUARDIAN = 1, 2
NOW = datetime.datetime(2033, 4, 2, 9, 0, tzinfo=datetime.UTC)
COMMENTS = [
    ("a guardian's unread comment is new", GUARDIAN, None, True),
    ("a comment already read is not", GUARDIAN, NOW, False),
    ("the reader's own comment is not", READER, None, False),
]


@pytest.mark.parametrize(("case", "author", "seen_at", "new"), COMMENTS, ids=[row[0] for row in COMMENTS])
def test_which_comments_are_new_to_the_reader(case, author, seen_at, new):
    comment = SimpleNamespace(author_id=author, seen_at=seen_at)
    assert (unseen_comments([comment], SimpleNamespace(pk=READER)) == [comment]) is new
