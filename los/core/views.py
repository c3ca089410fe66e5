"""Start pages: each role lands on its own."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from los.core.models import Role


@login_required
def home(request):
    role = request.user.role
    if role == Role.GUARDIAN:
        return redirect("portal:home")
    if role == Role.LEADER:
        return redirect("reports:dashboard")
    if role == Role.ADMIN:
        return redirect("admin:index")
    from los.people.views import worklist

    return worklist(request)


def need_to_know(request, family_id):
    """A caseworker states the need to read the family's plan, minutes, calendar and relay log."""
    from django.contrib import messages
    from django.shortcuts import render
    from django.utils.http import url_has_allowed_host_and_scheme
    from django.utils.translation import gettext as _

    from los.core import access
    from los.core.access import Capability
    from los.core.errors import DomainError
    from los.core.forms import NeedToKnowForm
    from los.core.need_to_know import state_need
    from los.people.models import Family

    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    grant, family = access.get(request, Family, family_id, Capability.MANAGE_CASE, record_type="need_to_know")
    next_url = request.POST.get("neste") or request.GET.get("neste") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    form = NeedToKnowForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            state_need(grant, form.cleaned_data["reason"], form.cleaned_data["explanation"])
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request, _("Tjenstlig behov er registrert for ett døgn. Familien ser grunnen i loggen.")
            )
            return redirect(next_url or "people:family", **({} if next_url else {"family_id": family.pk}))
    return render(
        request,
        "core/need_to_know.html",
        {"form": form, "family": family, "next_url": next_url, "current": grant.need_to_know},
        status=422 if form.is_bound else 200,
    )
