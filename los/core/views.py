"""Start pages: each role lands on its own; and the caseworker's form to state a need to know."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from los.core import access, pages
from los.core.access import Capability, login_first
from los.core.forms import NeedToKnowForm
from los.core.models import Role
from los.core.need_to_know import state_need


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


@login_first
def need_to_know(request, family_id):
    """A caseworker states the need to read the family's plan, minutes, calendar and relay log."""
    from los.people.models import Family

    grant, family = access.get(request, Family, family_id, Capability.MANAGE_CASE, record_type="need_to_know")
    next_url = request.POST.get("neste") or request.GET.get("neste") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    form = NeedToKnowForm(request.POST if request.method == "POST" else None)
    if pages.run_form(form, lambda data: state_need(grant, data["reason"], data["explanation"])):
        messages.success(
            request, _("Tjenstlig behov er registrert for ett døgn. Familien ser grunnen i loggen.")
        )
        return redirect(next_url or "people:family", **({} if next_url else {"family_id": family.pk}))
    return pages.form_page(
        request,
        form,
        _("Oppgi tjenstlig behov"),
        family=family,
        template="core/need_to_know.html",
        next_url=next_url,
        current=grant.need_to_know,
    )
