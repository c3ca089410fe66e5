"""Record policy of the case (see los.core.policy): applications, assessments, interim replies,
decisions, complaints, the appointment of the coordinator and requests to change coordinator.

All of it is the coordinating unit's case (`Area.CASE`): the caseworker and the family reach it; the
coordinator and the professionals on the team do not (they see who the coordinator is on the family's
registration pages, not the case behind it).

What the family (the guardian) sees of its own case:

* the applications, the documents in the case, the interim replies, the decisions with their letters
  and outcomes, the complaints, the appointments and their own requests to change coordinator. A
  decision has no draft state: it exists only once it is made, its letter stored and the family
  notified, so every decision is the family's to read;
* not the eligibility assessment and the caseworker's review of each criterion: these are the unit's
  working notes (organinterne dokumenter, forvaltningsloven § 18 a). What they concluded reaches the
  family in the decision letter, criterion by criterion with the reasons (`DecisionRight.criteria`).

No record here is changed by a row rule beyond the capability the view asks for (MANAGE_CASE for the
caseworker, ACT_AS_FAMILY for the guardian); the services refuse what the case does not allow.
"""

from django.db.models import Q

from los.casework.models import (
    Application,
    ApplicationDocument,
    Complaint,
    CriterionReview,
    Decision,
    DecisionRight,
    EligibilityAssessment,
    InterimReply,
)
from los.coordinators.models import ChangeOfCoordinatorRequest, CoordinatorAssignment
from los.core.policy import Area, RecordPolicy, register, register_page

NO_ROWS = Q(pk__in=[])


def not_for_the_family(grant) -> Q:
    """The unit's working notes: staff who reach the case see them, the family does not."""
    return NO_ROWS if grant.is_guardian else Q()


register(RecordPolicy(model=Application, record_type="application", family="family_id", area=Area.CASE))
register(
    RecordPolicy(
        model=ApplicationDocument, record_type="document", family="application__family_id", area=Area.CASE
    )
)
register(
    RecordPolicy(
        model=EligibilityAssessment,
        record_type="eligibility",
        family="application__family_id",
        area=Area.CASE,
        visible=not_for_the_family,
    )
)
register(
    RecordPolicy(
        model=CriterionReview,
        record_type="eligibility",
        family="assessment__application__family_id",
        area=Area.CASE,
        visible=not_for_the_family,
    )
)
register(
    RecordPolicy(
        model=InterimReply, record_type="interim_reply", family="application__family_id", area=Area.CASE
    )
)
register(
    RecordPolicy(model=Decision, record_type="decision", family="application__family_id", area=Area.CASE)
)
register(
    RecordPolicy(
        model=DecisionRight, record_type="decision", family="decision__application__family_id", area=Area.CASE
    )
)
register(
    RecordPolicy(
        model=Complaint, record_type="complaint", family="decision__application__family_id", area=Area.CASE
    )
)
register(
    RecordPolicy(model=CoordinatorAssignment, record_type="assignment", family="family_id", area=Area.CASE)
)
register(
    RecordPolicy(
        model=ChangeOfCoordinatorRequest, record_type="change_request", family="family_id", area=Area.CASE
    )
)

# Files that leave Los from the case: logged as exports of the case.
register_page("decision_letter", Area.CASE)
register_page("complaint_bundle", Area.CASE)
