"""Evaluations of measures, and the guardians' comments on the plan.

A measure is evaluated on its date and given the next one, or ended (forskrift om habilitering og
rehabilitering, individuell plan og koordinator § 19: the plan says how measures are followed up and
when it is revised). Who may evaluate is the record policy's rule (`los.plans.policy.may_evaluate`).
The family takes part in the work on the plan (pasient- og brukerrettighetsloven § 2-5): guardians
comment on it, and the coordinator is told.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from los.core import access, audit, dates
from los.core.errors import DomainError
from los.core.models import User
from los.plans.models import Evaluation, EvaluationOutcome, IndividualPlan, Measure, PlanComment, PlanVersion

from . import PLAN
from .goals import check_goal_editable, claim_goal_row, log_goal_change
from .plan import current_coordinator

COMMENT_MAX_LENGTH = 4000


@transaction.atomic
def evaluate_measure(
    measure: Measure,
    by_user: User,
    *,
    evaluated_on: datetime.date,
    text: str,
    outcome: str,
    next_evaluation_on: datetime.date | None = None,
    lock_version: int | None = None,
) -> Evaluation:
    """Record how a measure went on its evaluation date and set the next one (or end the measure).

    An evaluation is not dated in the future; a measure that continues needs a next evaluation after this
    one; an ended measure ends on the evaluation day at the latest. Refused when someone changed or
    evaluated the measure after the page showed `lock_version`."""
    measure = (
        Measure.objects.select_for_update(of=("self",))
        .select_related("goal__version__plan__family", "goal__relay_log")
        .get(pk=measure.pk)
    )
    check_goal_editable(measure.goal)
    if outcome not in EvaluationOutcome.values:
        raise DomainError(_("Velg hva som skjer videre med tiltaket."), field="outcome")
    if not text.strip():
        raise DomainError(_("Skriv kort hvordan det har gått."), field="text")
    if evaluated_on > dates.today():
        raise DomainError(_("En evaluering kan ikke dateres fram i tid."), field="evaluated_on")
    if outcome == EvaluationOutcome.END:
        next_evaluation_on = None
    elif next_evaluation_on is None:
        raise DomainError(
            _("Sett dato for neste evaluering, eller avslutt tiltaket."), field="next_evaluation_on"
        )
    elif next_evaluation_on <= evaluated_on:
        raise DomainError(_("Neste evaluering må være etter denne."), field="next_evaluation_on")
    claim_goal_row(measure, lock_version, _("tiltaket"))
    evaluation = Evaluation.objects.create(
        measure=measure,
        due_on=measure.evaluate_on,
        evaluated_on=evaluated_on,
        text=text.strip(),
        outcome=outcome,
        evaluated_by=by_user,
    )
    measure.evaluate_on = next_evaluation_on
    if outcome == EvaluationOutcome.END and (measure.ends_on is None or measure.ends_on > evaluated_on):
        measure.ends_on = max(evaluated_on, measure.starts_on or evaluated_on)
    measure.save()
    log_goal_change(measure.goal, evaluation.pk)
    return evaluation


@transaction.atomic
def add_comment(version: PlanVersion, by_user: User, text: str) -> PlanComment:
    """A guardian's comment on the plan; the coordinator sees it as new until marked as read."""
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Skriv kommentaren før du sender den."), field="text")
    if len(text) > COMMENT_MAX_LENGTH:
        raise DomainError(_("Kommentaren er for lang (høyst 4000 tegn)."), field="text")
    comment = PlanComment.objects.create(version=version, author=by_user, text=text)
    audit.changed(version.plan.family_id, PLAN, comment.pk)
    _notify_coordinator(version, by_user)
    return comment


def _notify_coordinator(version: PlanVersion, by_user: User) -> None:
    """Tell the coordinator in Los (and by e-mail as they chose); the plan page shows new comments too."""
    from django.urls import reverse

    from los.notifications.services import notify

    coordinator = current_coordinator(version.plan.family)
    if coordinator is None or coordinator.pk == by_user.pk or not access.may_see(coordinator, version):
        return
    family = version.plan.family
    notify(
        [coordinator],
        "comment",
        _("%(name)s har kommentert den individuelle planen til %(family)s.")
        % {"name": by_user.display_name, "family": family.name},
        url=reverse("plans:plan", args=[family.pk]),
        family=family,
    )


def mark_comments_seen(plan: IndividualPlan, by_user: User) -> int:
    """The reader has read the family's new comments: every unread comment someone else wrote (see
    `selectors.unseen_comments`) is marked as seen by them. Returns how many."""
    marked = (
        PlanComment.objects.filter(version__plan=plan, seen_at__isnull=True)
        .exclude(author=by_user)
        .update(seen_at=dates.now(), seen_by=by_user)
    )
    if marked:
        audit.changed(plan.family_id, PLAN, plan.pk)
    return marked
