"""Letters in bokmål: the interim reply, the decision letter and the complaint bundle for Statsforvalteren.

The decision letter holds what forvaltningsloven §§ 24, 25 and 27 require: the decision and from when,
the legal basis, the facts relied on, each condition assessed, the family's and the child's views and
how they were weighed, the appointed person, where, how and by when to complain, the right to see the
case documents, and a contact person. Letters are rendered from HTML templates to PDF with WeasyPrint.
"""

from __future__ import annotations

import datetime

from django.template.loader import render_to_string
from django.utils import translation

from los.core.dates import long_date


def _render_pdf(html: str) -> bytes:
    import weasyprint  # heavy import: only when a letter is made

    return weasyprint.HTML(string=html).write_pdf()


def _addressees(family) -> list:
    return [g for g in family.guardians.all() if g.has_parental_responsibility]


def interim_reply_text(application, reason: str, expected_by: datetime.date, sent_on: datetime.date) -> str:
    """The foreløpig svar (forvaltningsloven § 11 a): received when, why it takes time, answer by when."""
    family = application.family
    with translation.override("nb"):
        return render_to_string(
            "casework/letters/interim_reply.txt",
            {
                "application": application,
                "family": family,
                "unit": getattr(family.municipality, "coordinating_unit", None),
                "addressees": _addressees(family),
                "received": long_date(application.received_on),
                "sent": long_date(sent_on),
                "expected": long_date(expected_by),
                "reason": reason,
            },
        ).strip()


def appointed_for_case(application, kinds) -> object | None:
    """The coordinator appointed for this application's case, if any: an open assignment linked to the
    application, of a kind the decision gives. A coordinator the family has from before is not "appointed"
    by this decision until the unit keeps them for it (hol §§ 7-2, 7-2 a)."""
    if application.pk is None or not kinds:
        return None
    from los.coordinators.models import CoordinatorAssignment

    return (
        CoordinatorAssignment.objects.filter(application=application, ends_on__isnull=True, kind__in=kinds)
        .select_related("coordinator")
        .order_by("-starts_on", "-id")
        .first()
    )


def decision_letter_context(decision, rights) -> dict:
    """What the decision letter says: the outcome of each right with reasons and law, the right to complain
    and the deadline (forvaltningsloven §§ 24, 25, 27). It names a coordinator only once one is appointed
    for this case; until then it says the family will hear who it is as soon as the coordinator is
    appointed (the law sets no deadline for the appointment, so the letter names none)."""
    application = decision.application
    family = application.family
    from los.casework.models import Outcome
    from los.casework.outcomes import coordinator_kinds

    kinds = coordinator_kinds({r.right for r in rights if r.granted})
    assignment = appointed_for_case(application, kinds)
    return {
        "decision": decision,
        "rights": rights,
        "decided": [r for r in rights if r.outcome != Outcome.NOT_APPLIED],
        "application": application,
        "family": family,
        "child": application.child,
        "unit": getattr(family.municipality, "coordinating_unit", None),
        "municipality": family.municipality,
        "addressees": _addressees(family),
        "coordinator_granted": bool(kinds),
        "granted_kind": kinds[0] if kinds else "",
        "assignment": assignment,
        "replaced": decision.replaces,
        "dates": {
            "decided": long_date(decision.decided_on),
            "valid_from": long_date(decision.valid_from),
            "deadline": long_date(decision.complaint_deadline),
            "received": long_date(application.received_on),
            "replaced": long_date(decision.replaces.decided_on) if decision.replaces else "",
            "appointed_from": long_date(assignment.starts_on) if assignment else "",
        },
    }


def decision_letter_body(decision, rights) -> str:
    """The letter's body as HTML, without the page around it: what the caseworker previews before the
    decision is made (the same template the PDF is printed from)."""
    with translation.override("nb"):
        return render_to_string(
            "casework/letters/_decision_body.html", decision_letter_context(decision, rights)
        )


def decision_letter_html(decision, rights) -> str:
    """The decision letter as HTML, as it is printed to PDF and shown to the family."""
    with translation.override("nb"):
        return render_to_string("casework/letters/decision.html", decision_letter_context(decision, rights))


def render_decision_letter(decision, rights) -> bytes:
    """The decision letter as PDF, from the (possibly unsaved) decision and its per-right outcomes."""
    return _render_pdf(decision_letter_html(decision, rights))


def complaint_bundle_html(complaint) -> str:
    """The bundle forwarded to Statsforvalteren: the complaint, the municipality's assessment and the case
    documents (pbrl § 7-2, forvaltningsloven § 33)."""
    decision = complaint.decision
    application = decision.application
    decisions = list(application.decisions.prefetch_related("rights").order_by("decided_on", "id"))
    with translation.override("nb"):
        return render_to_string(
            "casework/letters/complaint_bundle.html",
            {
                "complaint": complaint,
                "decision": decision,
                "application": application,
                "family": application.family,
                "unit": getattr(application.family.municipality, "coordinating_unit", None),
                "municipality": application.family.municipality,
                "decision_letters": [decision_letter_html(d, list(d.rights.all())) for d in decisions],
                "documents": list(application.documents.order_by("uploaded_at", "id")),
                "interim_replies": list(application.interim_replies.order_by("sent_on", "id")),
                "history": list(application.history.select_related("history_user").order_by("history_date")),
                "dates": {
                    "received": long_date(complaint.received_on),
                    "forwarded": long_date(complaint.forwarded_on or complaint.received_on),
                    "decided": long_date(decision.decided_on),
                    "deadline": long_date(decision.complaint_deadline),
                },
            },
        )


def render_complaint_bundle(complaint) -> bytes:
    """The forwarding letter to Statsforvalteren with the complaint and the case documents, as one PDF."""
    return _render_pdf(complaint_bundle_html(complaint))
