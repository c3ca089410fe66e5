"""Forms for the case pages: validation at the edge, messages in plain bokmål. Rules live in services."""

from .applications import (
    TRI_STATE,
    TRI_VALUE,
    WANT_CHOICES,
    ApplicationForm,
    DocumentForm,
    StaffApplicationForm,
    service_names,
    split_names,
    tri_initial,
)
from .assessment import REVIEW_CHOICES, FactsForm, ReviewForm, SelfCheckForm
from .decisions import ComplaintForm, DecisionForm, ForwardForm, InterimReplyForm, StaffComplaintForm

__all__ = [
    "REVIEW_CHOICES",
    "TRI_STATE",
    "TRI_VALUE",
    "WANT_CHOICES",
    "ApplicationForm",
    "ComplaintForm",
    "DecisionForm",
    "DocumentForm",
    "FactsForm",
    "ForwardForm",
    "InterimReplyForm",
    "ReviewForm",
    "SelfCheckForm",
    "StaffApplicationForm",
    "StaffComplaintForm",
    "service_names",
    "split_names",
    "tri_initial",
]
