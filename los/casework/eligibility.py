"""The eligibility engine: which of the three rights the law gives a family.

Pure functions on plain data; no Django import. The engine states the legal
*minimum*: a municipality may grant more, and the caseworker's decision
records why.

The three rights (all in force since 1 August 2022):

* **Individual plan** (pasient- og brukerrettighetsloven § 2-5,
  helse- og omsorgstjenesteloven § 7-1): long-term needs, and coordinated
  health and care services.
* **Coordinator** (pasient- og brukerrettighetsloven § 2-5 b,
  helse- og omsorgstjenesteloven § 7-2): complex *or* long-term needs, and
  coordinated health and care services.
* **Child coordinator** (pasient- og brukerrettighetsloven § 2-5 c,
  helse- og omsorgstjenesteloven § 7-2 a): the law's four conditions are
  (1) a child under 18 or a child expected, (2) a serious illness, injury or
  disability, (3) long-term needs for both health and care services and other
  welfare services, and (4) the guardians want a child coordinator.

Decisions built into the engine
-------------------------------

Three-valued logic.
    Every fact may be unknown (``None``). Facts combine by Kleene's
    three-valued logic: ``False and unknown`` is ``False``, ``True or
    unknown`` is ``True``, ``True and unknown`` is unknown. A right's status
    is ``no`` if any criterion is ``no``, otherwise ``unknown`` if any is
    ``unknown``, otherwise ``yes``.

Service lists.
    A list that is ``None`` means the services have not been stated yet
    (unknown); an empty list means the child needs no such service. Names are
    compared without surrounding spaces and without regard to case, so
    "Fysioterapi" and "fysioterapi " count once; blank names are ignored.
    *Coordinated* means two or more distinct health and care services: with
    a list given and fewer than two services it is ``no``; with no list it is
    ``unknown``. The same rule gives "at least one health and care service
    and at least one other welfare service": each side is ``yes`` when its
    list has a service, ``no`` when its list is empty, ``unknown`` when the
    list is absent, and the two sides combine with three-valued AND (an
    empty list on either side makes it ``no``).

The child coordinator's status and ``appoint``.
    The status reports the law's conditions 1-3: whether the family *has the
    right*. Condition 4, the guardians' wish, is not a criterion of the
    status; it is carried by ``appoint`` = three-valued AND of "status is
    yes" and the wish. So ``appoint`` is true when the family has the right
    and wants it, false when the family does not have the right or does not
    want it, and unknown otherwise. Keeping the wish out of the status means
    a caseworker can see that the family has the right even before the
    guardians have said whether they want it, and ``choose_one_coordinator``
    can tell the family about both rights.

The child's age.
    Counted by birthdays. On the 18th birthday the child is no longer under
    18. A child born on 29 February becomes a year older on 1 March in years
    that are not leap years (Norwegian practice). When there is no birth date
    but an expected due date, the family is expecting a child, which
    satisfies condition 1. When neither is given the condition is unknown.
    When both are given (possible in stored cases once a child is born) the
    birth date decides; the API rejects that combination in a request. A
    birth date after the assessment date makes the condition unknown.

Condition 3 is read as the request contract states it: long-term needs,
with at least one health and care service and at least one other welfare
service. The engine reports it as two criteria, ``long_term_needs`` and
``health_and_other_welfare_services``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from los.core import dates
from los.core.dates import birthday

from .eligibility_facts import (
    Assessment,
    ChildCoordinatorAssessment,
    Criterion,
    EligibilityFacts,
    Note,
    RightAssessment,
    Status,
    combined_status,
    status_of,
    tv_and,
    tv_or,
)

__all__ = [
    "CHILD_COORDINATOR_LAW",
    "COORDINATOR_LAW",
    "INDIVIDUAL_PLAN_LAW",
    "TURNS_18_WARNING_MONTHS",
    "Assessment",
    "ChildCoordinatorAssessment",
    "Criterion",
    "EligibilityFacts",
    "Note",
    "RightAssessment",
    "Status",
    "assess",
    "combined_status",
    "status_of",
    "tv_and",
    "tv_or",
]

# --- Law ------------------------------------------------------------------

PBRL_2_5 = "pasient- og brukerrettighetsloven § 2-5"
PBRL_2_5_B = "pasient- og brukerrettighetsloven § 2-5 b"
PBRL_2_5_C = "pasient- og brukerrettighetsloven § 2-5 c"
HOL_7_1 = "helse- og omsorgstjenesteloven § 7-1"
HOL_7_2 = "helse- og omsorgstjenesteloven § 7-2"
HOL_7_2_A = "helse- og omsorgstjenesteloven § 7-2 a"

INDIVIDUAL_PLAN_LAW: tuple[str, ...] = (PBRL_2_5, HOL_7_1)
COORDINATOR_LAW: tuple[str, ...] = (PBRL_2_5_B, HOL_7_2)
CHILD_COORDINATOR_LAW: tuple[str, ...] = (PBRL_2_5_C, HOL_7_2_A)

#: How long before the 18th birthday the engine warns that the right ends.
TURNS_18_WARNING_MONTHS = 6

#: A child is "under 18" until the 18th birthday.
ADULT_AGE = 18

#: "Coordinated" in practice: two or more health and care services.
MIN_COORDINATED_SERVICES = 2


def _long_date(d: date) -> str:
    return dates.long_date(d, "nb")


# --- Services -----------------------------------------------------------------


def _distinct_services(names: Sequence[str] | None) -> list[str] | None:
    if names is None:
        return None
    seen: set[str] = set()
    result: list[str] = []
    for name in names:
        cleaned = name.strip()
        key = cleaned.casefold()
        if cleaned and key not in seen:
            seen.add(key)
            result.append(cleaned)
    return result


def _join_nb(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]


_COORDINATED_MEANING = (
    "Koordinerte tjenester betyr minst to helse- og omsorgstjenester som må ses i sammenheng."
)
_OTHER_WELFARE_EXAMPLES = "for eksempel barnehage, skole, PPT, barnevern eller NAV"


# --- Criteria -----------------------------------------------------------------

_FINDING_WORD = {True: "ja", False: "nei", None: "ikke vurdert"}


def _long_term_needs(facts: EligibilityFacts, law: str) -> Criterion:
    value = facts.long_term_needs
    text = {
        True: "Barnet har behov for langvarige tjenester.",
        False: "Barnet har ikke behov for langvarige tjenester.",
        None: "Det er ikke vurdert om barnet har behov for langvarige tjenester.",
    }[value]
    return Criterion("long_term_needs", text, status_of(value), law)


def _complex_or_long_term_needs(facts: EligibilityFacts, law: str) -> Criterion:
    value = tv_or(facts.complex_needs, facts.long_term_needs)
    detail = (
        f"komplekse: {_FINDING_WORD[facts.complex_needs]}, langvarige: {_FINDING_WORD[facts.long_term_needs]}"
    )
    if value is True:
        text = f"Barnet har behov for komplekse eller langvarige tjenester ({detail})."
    elif value is False:
        text = "Barnet har verken behov for komplekse eller for langvarige tjenester."
    else:
        text = f"Det er ikke avklart om barnet har behov for komplekse eller langvarige tjenester ({detail})."
    return Criterion("complex_or_long_term_needs", text, status_of(value), law)


def _coordinated_health_services(facts: EligibilityFacts, law: str) -> Criterion:
    services = _distinct_services(facts.health_and_care_services)
    if services is None:
        value: bool | None = None
        text = "Det er ikke oppgitt hvilke helse- og omsorgstjenester barnet trenger. " + _COORDINATED_MEANING
    elif len(services) >= MIN_COORDINATED_SERVICES:
        value = True
        text = (
            "Barnet trenger minst to helse- og omsorgstjenester som må ses i "
            f"sammenheng ({_join_nb(services)})."
        )
    elif services:
        value = False
        text = f"Barnet trenger bare én helse- og omsorgstjeneste ({services[0]}). " + _COORDINATED_MEANING
    else:
        value = False
        text = "Barnet trenger ingen helse- og omsorgstjenester. " + _COORDINATED_MEANING
    return Criterion("coordinated_health_services", text, status_of(value), law)


def _child_under_18_or_expected(facts: EligibilityFacts, law: str) -> Criterion:
    on = facts.assessed_on
    birth = facts.child_birth_date
    due = facts.expected_due_date
    code = "child_under_18_or_expected"
    if birth is not None:
        if birth > on:
            text = (
                f"Fødselsdatoen ({_long_date(birth)}) er etter vurderingsdatoen "
                f"({_long_date(on)}). Kontroller datoene."
            )
            return Criterion(code, text, Status.UNKNOWN, law)
        turns_18 = birthday(birth, ADULT_AGE)
        if turns_18 is None or on < turns_18:
            when = f" (fyller 18 år {_long_date(turns_18)})" if turns_18 else ""
            return Criterion(code, f"Barnet er under 18 år{when}.", Status.YES, law)
        text = (
            f"Barnet er ikke under 18 år (fylte 18 år {_long_date(turns_18)}). "
            "Retten til barnekoordinator gjelder familier med barn under 18 år."
        )
        return Criterion(code, text, Status.NO, law)
    if due is not None:
        text = f"Familien venter barn (termin {_long_date(due)})."
        if due < on:
            text += " Termindatoen er passert. Registrer fødselsdatoen når barnet er født."
        return Criterion(code, text, Status.YES, law)
    text = (
        "Det er ikke oppgitt fødselsdato eller termindato, så det er ikke kjent om "
        "familien har et barn under 18 år eller venter barn."
    )
    return Criterion(code, text, Status.UNKNOWN, law)


def _serious_condition(facts: EligibilityFacts, law: str) -> Criterion:
    value = facts.serious_condition
    text = {
        True: "Barnet har alvorlig sykdom, skade eller nedsatt funksjonsevne.",
        False: "Barnet har ikke alvorlig sykdom, skade eller nedsatt funksjonsevne.",
        None: (
            "Det er ikke vurdert om barnet har alvorlig sykdom, skade eller nedsatt "
            "funksjonsevne. Dette er en faglig vurdering, og det trengs ingen diagnose."
        ),
    }[value]
    return Criterion("serious_condition", text, status_of(value), law)


def _list_presence(services: list[str] | None) -> bool | None:
    if services is None:
        return None
    return bool(services)


def _health_and_other_welfare_services(facts: EligibilityFacts, law: str) -> Criterion:
    health = _distinct_services(facts.health_and_care_services)
    other = _distinct_services(facts.other_welfare_services)
    value = tv_and(_list_presence(health), _list_presence(other))
    if value is True:
        assert health and other
        text = (
            f"Barnet trenger både helse- og omsorgstjenester ({_join_nb(health)}) "
            f"og andre velferdstjenester ({_join_nb(other)})."
        )
        return Criterion("health_and_other_welfare_services", text, Status.YES, law)

    parts = []
    if health is None:
        parts.append("Det er ikke oppgitt hvilke helse- og omsorgstjenester barnet trenger.")
    elif not health:
        parts.append("Barnet trenger ingen helse- og omsorgstjenester.")
    else:
        parts.append(f"Helse- og omsorgstjenester: {_join_nb(health)}.")
    if other is None:
        parts.append("Det er ikke oppgitt hvilke andre velferdstjenester barnet trenger.")
    elif not other:
        parts.append("Barnet trenger ingen andre velferdstjenester.")
    else:
        parts.append(f"Andre velferdstjenester: {_join_nb(other)}.")
    parts.append(
        "Barnekoordinator krever behov for både helse- og omsorgstjenester og andre "
        f"velferdstjenester ({_OTHER_WELFARE_EXAMPLES})."
    )
    return Criterion("health_and_other_welfare_services", " ".join(parts), status_of(value), law)


def _right(law: tuple[str, ...], criteria: Sequence[Criterion]) -> RightAssessment:
    return RightAssessment(
        status=combined_status(c.status for c in criteria),
        law=law,
        criteria=tuple(criteria),
    )


def _assess_individual_plan(facts: EligibilityFacts) -> RightAssessment:
    """Long-term needs and coordinated health and care services."""
    return _right(
        INDIVIDUAL_PLAN_LAW,
        [
            _long_term_needs(facts, PBRL_2_5),
            _coordinated_health_services(facts, PBRL_2_5),
        ],
    )


def _assess_coordinator(facts: EligibilityFacts) -> RightAssessment:
    """Complex or long-term needs, and coordinated health and care services."""
    return _right(
        COORDINATOR_LAW,
        [
            _complex_or_long_term_needs(facts, PBRL_2_5_B),
            _coordinated_health_services(facts, PBRL_2_5_B),
        ],
    )


def _assess_child_coordinator(facts: EligibilityFacts) -> ChildCoordinatorAssessment:
    """Conditions 1-3 decide the status; the guardians' wish only ``appoint``."""
    right = _right(
        CHILD_COORDINATOR_LAW,
        [
            _child_under_18_or_expected(facts, PBRL_2_5_C),
            _serious_condition(facts, PBRL_2_5_C),
            _long_term_needs(facts, PBRL_2_5_C),
            _health_and_other_welfare_services(facts, PBRL_2_5_C),
        ],
    )
    has_right = {Status.YES: True, Status.NO: False, Status.UNKNOWN: None}[right.status]
    return ChildCoordinatorAssessment(
        status=right.status,
        law=right.law,
        criteria=right.criteria,
        appoint=tv_and(has_right, facts.guardians_want_child_coordinator),
    )


# --- Notes ----------------------------------------------------------------------


def _notes(
    facts: EligibilityFacts,
    coordinator: RightAssessment,
    child_coordinator: ChildCoordinatorAssessment,
) -> list[Note]:
    notes: list[Note] = []
    on = facts.assessed_on
    birth = facts.child_birth_date

    if coordinator.status is Status.YES and child_coordinator.status is Status.YES:
        notes.append(
            Note(
                "choose_one_coordinator",
                "Familien har rett både til koordinator og til barnekoordinator. En familie "
                "skal ikke ha to koordinatorer fra kommunen. Koordinerende enhet avklarer "
                "med familien hvilken av dem de ønsker.",
            )
        )

    if birth is not None and birth <= on:
        turns_18 = birthday(birth, ADULT_AGE)
        if turns_18 is not None and on < turns_18 <= dates.add_months_or_max(on, TURNS_18_WARNING_MONTHS):
            notes.append(
                Note(
                    "turns_18_within_6_months",
                    f"Barnet fyller 18 år {_long_date(turns_18)}. Da faller retten til "
                    "barnekoordinator bort. Planlegg overgangen til en vanlig koordinator "
                    "i god tid.",
                )
            )

    if birth is None and facts.expected_due_date is not None:
        notes.append(
            Note(
                "expecting_child",
                f"Familien venter barn (termin {_long_date(facts.expected_due_date)}). "
                "Retten til barnekoordinator gjelder også før barnet er født. Registrer "
                "fødselsdatoen når barnet er født.",
            )
        )
    return notes


# --- Public API -----------------------------------------------------------------


def assess(facts: EligibilityFacts) -> Assessment:
    """Assess all three rights on ``facts.assessed_on``. See the module docstring."""
    individual_plan = _assess_individual_plan(facts)
    coordinator = _assess_coordinator(facts)
    child_coordinator = _assess_child_coordinator(facts)
    return Assessment(
        assessed_on=facts.assessed_on,
        individual_plan=individual_plan,
        coordinator=coordinator,
        child_coordinator=child_coordinator,
        notes=tuple(_notes(facts, coordinator, child_coordinator)),
    )
