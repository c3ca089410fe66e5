"""The individual plan as a PDF in bokmål, rendered from an HTML template with WeasyPrint."""

from django.template.loader import render_to_string
from django.utils import translation

from los.core import dates

from . import selectors


def plan_html(version) -> str:
    """The version as a printable HTML page in bokmål, whatever the reader's language: the plan with what
    forskrift om habilitering og rehabilitering, individuell plan og koordinator § 19 asks it to hold,
    its progress and when it was printed."""
    with translation.override("nb"):
        return render_to_string(
            "plans/plan_pdf.html",
            {
                "version": version,
                "plan": version.plan,
                "family": version.plan.family,
                "progress": selectors.progress(version),
                "printed": dates.now(),
                "pdf": True,
            },
        )


def plan_pdf(version) -> bytes:
    """The version as a PDF file (`plan_html` rendered by WeasyPrint)."""
    import weasyprint  # heavy import: only when a PDF is made

    return weasyprint.HTML(string=plan_html(version)).write_pdf()
