"""The individual plan as a PDF in bokmål, rendered from an HTML template with WeasyPrint."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import selectors


def plan_html(version) -> str:
    with translation.override("nb"):
        return render_to_string(
            "plans/plan_pdf.html",
            {
                "version": version,
                "plan": version.plan,
                "family": version.plan.family,
                "progress": selectors.progress(version),
                "printed": timezone.localtime(),
                "pdf": True,
            },
        )


def plan_pdf(version) -> bytes:
    import weasyprint  # heavy import: only when a PDF is made

    return weasyprint.HTML(string=plan_html(version)).write_pdf()
