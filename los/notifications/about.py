"""Which family and child a notification, a request or a task is about, in words staff recognise:
"Ola (f. 2016)", "Familien Moen · Ola (f. 2016)".

These helpers only format what the caller already holds; whether the reader may see the family is the
caller's question (the access policy, and `disclosure` for notifications). A child is named by first name
and birth year, so two children in one family are told apart without the national id.
"""

from __future__ import annotations

from django.utils.translation import gettext as _


def child_label(child) -> str:
    """ "Ola (f. 2016)"; an unborn child by due date ("Ola (termin 2027)"); "" for no child."""
    if child is None:
        return ""
    name = child.first_name or _("barnet")
    if child.birth_date is not None:
        return _("%(name)s (f. %(year)d)") % {"name": name, "year": child.birth_date.year}
    if child.expected_due_date is not None:
        return _("%(name)s (termin %(year)d)") % {"name": name, "year": child.expected_due_date.year}
    return name


def about(family, child=None) -> str:
    """ "Familien Moen · Ola (f. 2016)", or the family alone; "" when there is no family."""
    if family is None:
        return ""
    label = child_label(child)
    return f"{family.name} · {label}" if label else family.name
