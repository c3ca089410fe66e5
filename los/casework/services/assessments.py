"""The eligibility assessment of an application: the engine's finding on the facts, then the
caseworker's review of each criterion (pasient- og brukerrettighetsloven §§ 2-5, 2-5 b, 2-5 c).

The engine (`los.casework.eligibility`) gives the law's minimum; the caseworker confirms or overrides
each criterion with a reason, and the decision builds on the reviewed result (`final_rights`).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _
from pydantic import ValidationError

from los.core import audit, dates
from los.core.errors import DomainError

from .. import eligibility
from ..eligibility_request import EligibilityRequest, assessment_to_dict, facts_from_request
from ..models import Application, ApplicationStatus, CriterionReview, EligibilityAssessment
from ..outcomes import RIGHTS


def known_facts(application: Application, today=None) -> dict:
    """What the application already tells the engine: the child's dates, the services, the wish."""
    child = application.child
    return {
        "assessed_on": today or dates.today(),
        "child_birth_date": child.birth_date if child else None,
        "expected_due_date": child.expected_due_date if child and child.birth_date is None else None,
        "serious_condition": None,
        "long_term_needs": None,
        "complex_needs": None,
        "health_and_care_services": list(application.health_and_care_services or []),
        "other_welfare_services": list(application.other_welfare_services or []),
        "guardians_want_child_coordinator": True if application.wants_child_coordinator else None,
    }


def validate_facts(data: dict) -> EligibilityRequest:
    """Validate facts with the API's own rules; the first error becomes a DomainError naming the field."""
    payload = {k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in data.items()}
    try:
        return EligibilityRequest.model_validate(payload)
    except ValidationError as error:
        first = error.errors()[0]
        field = str(first["loc"][0]) if first.get("loc") else None
        raise DomainError(first["msg"], field=field) from None


@transaction.atomic
def assess_application(application: Application, by_user, facts: dict) -> EligibilityAssessment:
    """Run the eligibility engine on the facts and keep facts and result as they were.

    The engine gives the law's minimum, criterion by criterion with the provision; the caseworker then
    confirms or overrides each criterion (`review_assessment`)."""
    application = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
    request = validate_facts(facts)
    result = assessment_to_dict(eligibility.assess(facts_from_request(request)))
    assessment = EligibilityAssessment.objects.create(
        application=application,
        assessed_on=request.assessed_on,
        facts=request.model_dump(mode="json"),
        result=result,
        created_by=by_user,
    )
    if application.status == ApplicationStatus.RECEIVED:
        application.status = ApplicationStatus.ASSESSING
        application.save(update_fields=["status"])
    audit.changed(application.family_id, "eligibility", assessment.pk)
    return assessment


def criteria_of(assessment: EligibilityAssessment) -> list[tuple[str, dict]]:
    """(right, criterion) pairs in the engine's order."""
    return [
        (right, criterion) for right in RIGHTS for criterion in assessment.result["rights"][right]["criteria"]
    ]


@transaction.atomic
def review_assessment(assessment: EligibilityAssessment, by_user, answers: dict) -> list[CriterionReview]:
    """Record the caseworker's answer for every criterion: confirm the engine's finding or override it.

    `answers` maps (right, code) to (status, reason). An override needs a reason, so the decision can
    say why the caseworker judged differently from the rule."""
    latest = assessment.application.assessments.order_by("-created_at", "-id").first()
    if latest is None or latest.pk != assessment.pk:
        raise DomainError(_("Det finnes en nyere vurdering. Bruk den."))
    existing = {(r.right, r.code): r for r in assessment.reviews.select_for_update(of=("self",))}
    saved = []
    for right, criterion in criteria_of(assessment):
        key = (right, criterion["code"])
        if key not in answers:
            raise DomainError(
                _("Bekreft eller overstyr hvert vilkår."), field=f"{right}__{criterion['code']}"
            )
        status, reason = answers[key]
        reason = (reason or "").strip()
        if status not in eligibility.Status._value2member_map_:
            raise DomainError(_("Ugyldig svar."), field=f"{right}__{criterion['code']}")
        if status != criterion["status"] and not reason:
            raise DomainError(
                _("Skriv hvorfor du vurderer vilkåret annerledes enn regelen."),
                field=f"{right}__{criterion['code']}__reason",
            )
        review = existing.get(key) or CriterionReview(
            assessment=assessment, right=right, code=criterion["code"]
        )
        review.engine_status = criterion["status"]
        review.status = status
        review.reason = reason
        review.reviewed_by = by_user
        review.save()
        saved.append(review)
    audit.changed(assessment.application.family_id, "eligibility", assessment.pk)
    return saved


def final_rights(assessment: EligibilityAssessment, reviews=None) -> dict[str, dict]:
    """Each right's status after the caseworker's review, with the criteria as the letter shows them."""
    if reviews is None:
        reviews = list(assessment.reviews.all())
    by_key = {(r.right, r.code): r for r in reviews}
    rights = {}
    for right in RIGHTS:
        engine = assessment.result["rights"][right]
        criteria = []
        for c in engine["criteria"]:
            review = by_key.get((right, c["code"]))
            criteria.append(
                {
                    **c,
                    "engine_status": c["status"],
                    "status": review.status if review else c["status"],
                    "reason": review.reason if review else "",
                    "reviewed": review is not None,
                }
            )
        status = eligibility.combined_status(eligibility.Status(c["status"]) for c in criteria)
        rights[right] = {
            "status": status.value,
            "law": engine["law"],
            "criteria": criteria,
            "reviewed": all(c["reviewed"] for c in criteria),
        }
    return rights


def latest_assessment(application: Application) -> EligibilityAssessment | None:
    """The newest eligibility assessment of the application (the one a decision builds on)."""
    return application.assessments.order_by("-created_at", "-id").first()
