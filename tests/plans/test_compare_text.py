"""The word-level difference between two texts loses nothing: the old text is what was kept and removed,
the new text what was kept and added, whatever the family writes."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from los.plans.compare import choose_versions, word_diff

words = st.lists(
    st.text(alphabet=st.characters(blacklist_categories=("Zs", "Cc")), min_size=1, max_size=8), max_size=30
)


@given(words, words)
def test_word_diff_rebuilds_both_texts(old, new):
    segments = word_diff(" ".join(old), " ".join(new))
    kept_and_removed = " ".join(text for op, text in segments if op in ("equal", "delete")).split()
    kept_and_added = " ".join(text for op, text in segments if op in ("equal", "insert")).split()
    assert kept_and_removed == " ".join(old).split()
    assert kept_and_added == " ".join(new).split()


def test_reworded_goal_shows_what_changed():
    assert word_diff("Jeg vil gå til skolen", "Jeg vil sykle til skolen") == [
        ("equal", "Jeg vil"),
        ("delete", "gå"),
        ("insert", "sykle"),
        ("equal", "til skolen"),
    ]


# Which two versions the comparison page shows: (numbers newest first, ?fra, ?til) -> (old, new, error)
CHOICES = [
    ("by default the previous against the newest", [3, 2, 1], None, None, (2, 3, False)),
    ("a plan with one version compares it with itself", [1], None, None, (1, 1, False)),
    ("the versions asked for", [3, 2, 1], "1", "2", (1, 2, False)),
    ("only the old one asked for", [3, 2, 1], "1", "", (1, 3, False)),
    ("a version that does not exist", [3, 2, 1], "9", "3", (1, 3, True)),
    ("not a number", [3, 2, 1], "to", "3", (1, 3, True)),
]


@pytest.mark.parametrize(
    ("case", "numbers", "old", "new", "expected"), CHOICES, ids=[row[0] for row in CHOICES]
)
def test_which_versions_are_compared(case, numbers, old, new, expected):
    old_number, new_number, error = choose_versions(numbers, old, new)
    assert (old_number, new_number, bool(error)) == expected
