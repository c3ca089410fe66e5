"""The user's own notifications: the list, mark as read, and how they want them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from los.core import pages, paging

from . import disclosure, selectors, services
from .forms import PreferenceForm


@login_required
def notification_list(request):
    """The user's notifications. Each shows its family's content only while the user may still see the
    record it is about (`disclosure`); the families shown are logged, one read each."""
    page = paging.paginate(request, selectors.for_user(request.user))
    page.object_list = disclosure.show(request, page.object_list)
    return render(
        request,
        "notifications/list.html",
        {"page": page, "unread": selectors.unread_count(request.user)},
    )


@require_POST
@login_required
def mark_read(request, notification_id):
    """Mark one of the user's own notifications read; someone else's answers like one that does not exist."""
    if not selectors.for_user(request.user).filter(pk=notification_id).exists():
        raise Http404
    services.mark_read(request.user, [notification_id])
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("notifications:list")


@require_POST
@login_required
def mark_all_read(request):
    count = services.mark_read(request.user)
    messages.success(request, _("%(count)d varsler er merket som lest.") % {"count": count})
    return redirect("notifications:list")


@login_required
def preferences(request):
    form = PreferenceForm(
        request.POST if request.method == "POST" else None, instance=selectors.preference_of(request.user)
    )
    if pages.run_form(form, lambda data: services.set_delivery(request.user, data["delivery"])):
        messages.success(request, _("Valget ditt er lagret."))
        return redirect("notifications:list")
    return pages.form_page(
        request,
        form,
        _("Hvordan vil du få varsler?"),
        intro=_(
            "Varslene ligger alltid under «Varsler» i Los. Velg om du også vil ha dem på e-post "
            "med en gang, "
            "i ett sammendrag om morgenen, eller ikke på e-post."
        ),
        submit_label=_("Lagre"),
    )
