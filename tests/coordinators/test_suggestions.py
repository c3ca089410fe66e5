"""Who should coordinate: the family's named wish weighs most, then capacity, language, training and
background (pasient- og brukerrettighetsloven § 2-5 c: the family's and the child's wishes get weight)."""

import pytest

from los.coordinators.suggestions import Candidate, FamilyNeeds, rank, score

ANNE = Candidate(1, "Anne", capacity_points=8, caseload_points=2, trained=True)
BJORN = Candidate(2, "Bjørn", capacity_points=8, caseload_points=6, trained=True)
CECILIE = Candidate(3, "Cecilie", capacity_points=8, caseload_points=2, trained=False)
DINA = Candidate(
    4, "Dina", capacity_points=8, caseload_points=2, trained=True, languages=frozenset({"nb", "ar"})
)
EIRIK = Candidate(5, "Eirik", capacity_points=4, caseload_points=4, trained=True)
FRIDA = Candidate(
    6, "Frida", capacity_points=8, caseload_points=2, trained=True, service_background="other_welfare"
)
GUNN = Candidate(7, "Gunn", capacity_points=8, caseload_points=2, trained=True, service_background="both")
HANS = Candidate(8, "Hans", capacity_points=0, caseload_points=0, trained=True)


@pytest.mark.parametrize(
    "candidates, needs, expected_order, why",
    [
        ([BJORN, ANNE], FamilyNeeds(), ["Anne", "Bjørn"], "more headroom ranks higher"),
        ([ANNE, BJORN], FamilyNeeds(wished_coordinator_id=2), ["Bjørn", "Anne"], "a named wish weighs most"),
        (
            [ANNE, EIRIK],
            FamilyNeeds(wished_coordinator_id=5),
            ["Eirik", "Anne"],
            "the wish outweighs even a full caseload",
        ),
        ([ANNE, CECILIE], FamilyNeeds(), ["Anne", "Cecilie"], "trained ranks over untrained"),
        ([ANNE, DINA], FamilyNeeds(language="ar"), ["Dina", "Anne"], "speaking the family's language"),
        (
            [ANNE, DINA],
            FamilyNeeds(language="nb"),
            ["Anne", "Dina"],
            "Norwegian is no reason; ties break on name",
        ),
        (
            [ANNE, FRIDA, GUNN],
            FamilyNeeds(needs_health_and_care=True, needs_other_welfare=True),
            ["Gunn", "Anne", "Frida"],
            "both kinds of needs fit a background in both",
        ),
        (
            [ANNE, FRIDA],
            FamilyNeeds(needs_health_and_care=False, needs_other_welfare=True),
            ["Frida", "Anne"],
            "other welfare needs fit an other-welfare background",
        ),
        (
            [EIRIK, CECILIE],
            FamilyNeeds(),
            ["Cecilie", "Eirik"],
            "an overloaded coordinator ranks below untrained",
        ),
        ([HANS, CECILIE], FamilyNeeds(), ["Cecilie", "Hans"], "no time set aside ranks last"),
        (
            [ANNE, BJORN],
            FamilyNeeds(current_coordinator_id=1),
            ["Bjørn"],
            "the current coordinator is left out",
        ),
        ([ANNE, BJORN], FamilyNeeds(need_points=3), ["Anne", "Bjørn"], "a family with high needs"),
    ],
)
def test_ranking(candidates, needs, expected_order, why):
    assert [s.candidate.name for s in rank(candidates, needs)] == expected_order, why


def test_every_suggestion_says_why():
    s = score(DINA, FamilyNeeds(wished_coordinator_id=4, language="ar"))
    assert "Familien har ønsket denne personen." in s.reasons
    assert "Snakker familiens språk." in s.reasons
    assert "Har fullført koordinatoropplæring." in s.reasons
    assert any(r.startswith("Har kapasitet: 4 av 8") for r in s.reasons)
    assert "Mangler koordinatoropplæring." in score(CECILIE, FamilyNeeds()).warnings
    assert any("Har ikke kapasitet" in w for w in score(EIRIK, FamilyNeeds()).warnings)
    assert "Snakker ikke familiens språk – bestill tolk." in score(ANNE, FamilyNeeds(language="so")).warnings
