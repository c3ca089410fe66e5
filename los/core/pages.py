"""One way to handle a form page: bind, call the service, turn a refusal into a form error, redirect.

A view binds its form and hands the service call to `run_form`. A `DomainError` from the service becomes
an error on the field it names (or on the whole form), in the user's language, and nothing was saved:
services run in one transaction. The view then redirects on success or shows `form_page` again with the
errors and status 422.

    form = MeetingForm(request.POST if request.method == "POST" else None)
    if done := pages.run_form(form, lambda data: services.plan_meeting(family, request.user, **data)):
        messages.success(request, _("Møtet er lagt inn."))
        return redirect("team:meeting", done.value.pk)
    return pages.form_page(request, form, _("Nytt møte"), family=family)

Buttons that post without a form (accept, close, withdraw) use `run_action`, which shows the refusal as
a message instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render

from .errors import DomainError

FORM_TEMPLATE = "core/form.html"


@dataclass(frozen=True)
class Done:
    """What the service returned; a `Done` is true even when that value is None."""

    value: Any = None


def add_domain_error(form, error: DomainError, fields: Mapping[str, str] | None = None) -> None:
    """Show `error` on the form field it names (through `fields` when the service's name for it differs
    from the form's), or on the whole form."""
    field = (fields or {}).get(error.field, error.field)
    form.add_error(field if field in form.fields else None, error.message)
    error.update_form(form)


def run_form(form, action: Callable[[dict], Any], *, fields: Mapping[str, str] | None = None) -> Done | None:
    """Call `action(form.cleaned_data)` when the form is bound and valid. Returns `Done(result)`, or
    None when the form was not sent, is invalid, or the service refused (the refusal is then on the
    form)."""
    if not form.is_bound or not form.is_valid():
        return None
    try:
        return Done(action(form.cleaned_data))
    except DomainError as error:
        add_domain_error(form, error, fields)
        return None


def run_action(request, action: Callable[[], Any], success: str = "") -> Done | None:
    """Call `action()` for a button without a form; a refusal becomes an error message, a success the
    `success` message. Returns `Done(result)` or None."""
    try:
        result = action()
    except DomainError as error:
        messages.error(request, error.message)
        return None
    if success:
        messages.success(request, success)
    return Done(result)


def form_page(
    request,
    form,
    title: str,
    *,
    family=None,
    back_url: str | None = None,
    intro: str = "",
    submit_label: str | None = None,
    template: str = FORM_TEMPLATE,
    status: int | None = None,
    **context,
) -> HttpResponse:
    """A page with one form: the title, an introduction, the fields with their errors, and the way back.
    Answers 422 when a sent form comes back with errors."""
    return render(
        request,
        template,
        {
            "form": form,
            "title": title,
            "family": family,
            "back_url": back_url,
            "intro": intro,
            "submit_label": submit_label,
            **context,
        },
        status=status or (422 if form.is_bound else 200),
    )
