"""Every record that hangs on a family has a record policy (los.core.policy), or a stated reason not to.

A record type with no entry cannot be fetched through `access.get`, but a view could still read it with
a plain query; this test makes a new model with a path to people.Family fail until its app declares who
sees it (Normen: every record of the family behind the one access policy).
"""

import pytest
from django.core.exceptions import FieldError

from los.core import policy
from los.core.models import RECORD_LABELS
from los.core.policy import PAGE_AREAS, Area

from .matrix_world import EXEMPT, family_models, is_historical, path_to_family


def _needing_a_policy():
    return [m for m in family_models() if not is_historical(m) and m._meta.label not in EXEMPT]


def test_every_record_that_hangs_on_a_family_has_a_record_policy():
    registered = policy.registered()
    missing = [
        f"{m._meta.label} (via {' -> '.join(path_to_family(m)) or 'itself'})"
        for m in _needing_a_policy()
        if m not in registered
    ]
    assert not missing, (
        "these models hang on a family but have no RecordPolicy; declare one in the app's policy.py "
        f"(or add them to EXEMPT in tests/core/matrix_world/families.py with the reason): {sorted(missing)}"
    )


def test_the_exemptions_are_still_models_with_a_family():
    known = {m._meta.label for m in family_models()}
    stale = sorted(set(EXEMPT) - known)
    assert not stale, f"remove from EXEMPT, no longer models with a path to a family: {stale}"


def test_the_path_finder_follows_chains_and_skips_users():
    from los.notifications.models import NotificationPreference
    from los.team.models import Minutes

    assert path_to_family(Minutes)[-1] == "family" and len(path_to_family(Minutes)) == 2
    assert path_to_family(NotificationPreference) is None


@pytest.mark.parametrize(
    "model", sorted(policy.registered(), key=lambda m: m._meta.label), ids=lambda m: m._meta.label
)
def test_each_record_policy_is_well_formed(model):
    """The family lookup resolves, the area is known, and the family reads a label for the record type."""
    rule = policy.registered()[model]
    try:
        str(model._default_manager.filter(**{rule.family: 1}).query)
    except FieldError as error:
        pytest.fail(f"{model._meta.label}: family lookup {rule.family!r} does not resolve: {error}")
    assert isinstance(rule.area, Area)
    assert rule.record_type in RECORD_LABELS, (
        f"{model._meta.label}: record type {rule.record_type!r} has no label in RECORD_LABELS "
        "(the family's access log)"
    )


def test_page_record_types_have_labels():
    unlabelled = sorted(t for t in PAGE_AREAS if t not in RECORD_LABELS)
    assert not unlabelled, f"page record types without a label for the family's log: {unlabelled}"
