"""The table for the coordinating unit's cases: applications, assessments, decisions, complaints, and the
coordinators (appointment, change of coordinator, training)."""

from __future__ import annotations

from los.core.policy import Area

from .rows import (
    APPLICATION,
    CASEWORKERS,
    COMPLAINT,
    CW,
    DECISION,
    DOCUMENT,
    FAMILY,
    NONE,
    OUR_CASEWORKERS,
    PDF,
    POST_ONLY,
    L,
    R,
    Route,
)

ROUTES: dict[str, Route] = {
    # --- the coordinating unit's cases ---------------------------------------------------------------
    "casework:worklist": L(NONE, CASEWORKERS),
    "casework:transitions": L(NONE, CASEWORKERS | {"coordinator", "foreign_coordinator"}),
    "coordinators:coordinators": L(NONE, CASEWORKERS),
    "coordinators:coordinator_profile": L(
        lambda w: {"user_id": w.t.coordinator.pk}, OUR_CASEWORKERS, OUR_CASEWORKERS
    ),
    "coordinators:training": L(NONE, CASEWORKERS, CASEWORKERS),
    "coordinators:training_course": L(
        lambda w: {"course_id": w.case.course.pk}, OUR_CASEWORKERS, OUR_CASEWORKERS
    ),
    "casework:application_register": R(FAMILY, Area.CASE, {CW}, {CW}),
    "casework:application": R(APPLICATION, Area.CASE, {CW}),
    "casework:application_edit": R(APPLICATION, Area.CASE, {CW}, {CW}),
    "casework:document_upload": R(APPLICATION, Area.CASE, POST_ONLY, {CW}),
    "casework:document": R(DOCUMENT, Area.CASE, {CW}, **PDF),
    "casework:assessment": R(APPLICATION, Area.CASE, {CW}, {CW}),
    "casework:assessment_review": R(APPLICATION, Area.CASE, POST_ONLY, {CW}),
    "casework:interim_reply": R(APPLICATION, Area.CASE, {CW}, {CW}),
    "casework:decision_new": R(APPLICATION, Area.CASE, {CW}, {CW}),
    "casework:decision_letter": R(DECISION, Area.CASE, {CW}, **PDF),
    "casework:complaint_register": R(DECISION, Area.CASE, {CW}, {CW}),
    "casework:complaint": R(COMPLAINT, Area.CASE, {CW}),
    "casework:complaint_reconsider": R(COMPLAINT, Area.CASE, POST_ONLY, {CW}),
    "casework:complaint_forward": R(COMPLAINT, Area.CASE, {CW}, {CW}),
    "casework:complaint_bundle": R(COMPLAINT, Area.CASE, {CW}, **PDF),
    "coordinators:appoint": R(APPLICATION, Area.CASE, {CW}, {CW}),
    "coordinators:replace": R(FAMILY, Area.CASE, {CW}, {CW}),
    "coordinators:change_kind": R(FAMILY, Area.CASE, {CW}, {CW}),
    "coordinators:change_request": R(
        lambda w: {"request_id": w.case.change_request.pk}, Area.CASE, {CW}, {CW}
    ),
    "coordinators:change_request_decline": R(
        lambda w: {"request_id": w.case.change_request.pk}, Area.CASE, POST_ONLY, {CW}
    ),
}
