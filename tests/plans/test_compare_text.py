"""The word-level difference between two texts loses nothing: the old text is what was kept and removed,
the new text what was kept and added, whatever the family writes."""

from hypothesis import given
from hypothesis import strategies as st

from los.plans.compare import word_diff

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
