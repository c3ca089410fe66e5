"""Compare two versions of a plan: what was added, removed and changed, goal by goal and measure by measure.

Goals and measures are matched by their lineage (kept when a revision copies them), so a reworded goal shows
as changed, not as one removed and one added.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from los.core import dates

from .models import PlanVersion

VERSION_LABELS = {
    "resources": gettext_lazy("Ressurser"),
    "needs": gettext_lazy("Behov"),
    "coordinator_name": gettext_lazy("Koordinator"),
    "child_contribution": gettext_lazy("Det barnet selv bidrar med"),
    "relatives_contribution": gettext_lazy("Det familien og pårørende bidrar med"),
    "services_contribution": gettext_lazy("Det tjenestene bidrar med"),
    "others_contribution": gettext_lazy("Det andre bidrar med"),
    "period_start": gettext_lazy("Planen gjelder fra"),
    "period_end": gettext_lazy("Planen gjelder til"),
    "next_revision_on": gettext_lazy("Neste revisjon"),
    "cooperation": gettext_lazy("Samarbeid med andre tjenester og etater"),
}
MEASURE_LABELS = {
    "description": gettext_lazy("Tiltak"),
    "responsible_service": gettext_lazy("Ansvarlig tjeneste"),
    "responsible_person": gettext_lazy("Ansvarlig person"),
    "scope": gettext_lazy("Omfang"),
    "how": gettext_lazy("Slik gjennomføres tiltaket"),
    "starts_on": gettext_lazy("Starter"),
    "ends_on": gettext_lazy("Slutter"),
    "evaluate_on": gettext_lazy("Neste evaluering"),
}


@dataclass
class Change:
    """One field that differs: its label and the old and new value as text."""

    label: str
    old: str
    new: str

    @property
    def segments(self) -> list[tuple[str, str]]:
        """Word-level differences as (op, text), op in equal / delete / insert, for <del> and <ins>."""
        return word_diff(self.old, self.new)


@dataclass
class ItemDiff:
    """A goal (with its measures) or a measure, and how it differs between the two versions."""

    status: str  # added, removed, changed, same
    title: str
    changes: list[Change] = field(default_factory=list)
    measures: list[ItemDiff] = field(default_factory=list)

    @property
    def touched(self) -> bool:
        """Whether the goal, or one of its measures, differs at all."""
        return self.status != "same" or any(m.status != "same" for m in self.measures)


@dataclass
class VersionDiff:
    """Everything that differs between two versions of a plan."""

    old: PlanVersion
    new: PlanVersion
    fields: list[Change]
    participants_added: list[str]
    participants_removed: list[str]
    goals: list[ItemDiff]

    @property
    def is_empty(self) -> bool:
        """Whether the two versions hold the same."""
        return not (
            self.fields
            or self.participants_added
            or self.participants_removed
            or any(g.touched for g in self.goals)
        )


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The word-level difference from `old` to `new` as (op, text) pairs, op in equal / delete / insert."""
    a, b = old.split(), new.split()
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("equal", " ".join(a[i1:i2])))
        else:
            if i2 > i1:
                out.append(("delete", " ".join(a[i1:i2])))
            if j2 > j1:
                out.append(("insert", " ".join(b[j1:j2])))
    return out


def _show(value) -> str:
    if value is None or value == "":
        return "–"
    if hasattr(value, "isoformat"):
        return dates.long_date(value)
    if hasattr(value, "display_name"):
        return value.display_name
    return str(value)


def _measure_values(m) -> dict[str, str]:
    return {name: _show(getattr(m, name)) for name in MEASURE_LABELS}


def _field_changes(labels: dict[str, str], old: dict[str, str], new: dict[str, str]) -> list[Change]:
    return [Change(str(labels[k]), old[k], new[k]) for k in labels if old[k] != new[k]]


def _goals(version: PlanVersion) -> list:
    return list(version.goals.all())


def choose_versions(numbers: list[int], old: str | None, new: str | None) -> tuple[int, int, str]:
    """Which two versions of the plan to compare, as (old, new, error): the numbers asked for, by default
    the version before the newest against the newest. When the request names no such versions, the oldest
    against the newest with an error saying so. `numbers` are the plan's version numbers, newest first."""
    try:
        old_number = int(old or (numbers[1] if len(numbers) > 1 else numbers[0]))
        new_number = int(new or numbers[0])
    except ValueError:
        return numbers[-1], numbers[0], _("Velg to versjoner fra listene.")
    if old_number not in numbers or new_number not in numbers:
        return numbers[-1], numbers[0], _("Planen har ingen slik versjon. Velg fra listene.")
    return old_number, new_number, ""


def compare_versions(old: PlanVersion, new: PlanVersion) -> VersionDiff:
    """The differences from `old` to `new` (both prefetched with participants and goals with measures):
    goals and measures matched by lineage, so a reworded goal shows as changed, not removed and added."""
    fields = _field_changes(
        VERSION_LABELS,
        {k: _show(getattr(old, k)) for k in VERSION_LABELS},
        {k: _show(getattr(new, k)) for k in VERSION_LABELS},
    )
    old_people = [f"{p.name} ({p.role})" for p in old.participants.all()]
    new_people = [f"{p.name} ({p.role})" for p in new.participants.all()]
    goals: list[ItemDiff] = []
    old_goals = {g.lineage: g for g in _goals(old)}
    new_goals = _goals(new)
    seen = set()
    for g in new_goals:
        seen.add(g.lineage)
        before = old_goals.get(g.lineage)
        if before is None:
            goals.append(
                ItemDiff(
                    "added", g.text, measures=[ItemDiff("added", m.description) for m in g.measures.all()]
                )
            )
            continue
        changes = [Change(_("Mål"), before.text, g.text)] if before.text != g.text else []
        if before.voice != g.voice:
            changes.append(Change(_("Hvem sine ord"), before.get_voice_display(), g.get_voice_display()))
        goals.append(ItemDiff("changed" if changes else "same", g.text, changes, _measures(before, g)))
    for lineage, g in old_goals.items():
        if lineage not in seen:
            goals.append(
                ItemDiff(
                    "removed", g.text, measures=[ItemDiff("removed", m.description) for m in g.measures.all()]
                )
            )
    return VersionDiff(
        old=old,
        new=new,
        fields=fields,
        participants_added=[p for p in new_people if p not in old_people],
        participants_removed=[p for p in old_people if p not in new_people],
        goals=goals,
    )


def _measures(old_goal, new_goal) -> list[ItemDiff]:
    before = {m.lineage: m for m in old_goal.measures.all()}
    out, seen = [], set()
    for m in new_goal.measures.all():
        seen.add(m.lineage)
        old = before.get(m.lineage)
        if old is None:
            out.append(ItemDiff("added", m.description))
            continue
        changes = _field_changes(MEASURE_LABELS, _measure_values(old), _measure_values(m))
        out.append(ItemDiff("changed" if changes else "same", m.description, changes))
    out += [ItemDiff("removed", m.description) for lineage, m in before.items() if lineage not in seen]
    return out
