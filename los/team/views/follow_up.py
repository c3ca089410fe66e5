"""Pages for the coordinator's follow-up: action items with comments and status, the contact log, and the
coordinator's lists ("Til oppfølging" and the caseload). Records come through the access policy, which logs
the read; the services log the changes."""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from los.core import access, dates, pages, paging
from los.core.access import Capability, family_view
from los.core.models import Role
from los.team import policy, selectors
from los.team.forms import ActionItemForm, CommentForm, ContactForm, StatusForm
from los.team.models import ActionItem, ActionItemComment
from los.team.services import follow_up as follow_up_services

from .group import asks_consent, consent_needed, overview_url, run_form_or_ask_consent

# --- Action items -------------------------------------------------------------------------------------


@family_view((Capability.STAFF_VIEW, Capability.COORDINATE), record_type="action_item")
def action_item_new(request, grant):
    family = grant.family
    form = ActionItemForm(request.POST if request.method == "POST" else None, family=family)
    done = run_form_or_ask_consent(
        form,
        lambda data: follow_up_services.create_action_item(
            family,
            request.user,
            title=data["title"],
            description=data["description"],
            due_on=data["due_on"],
            responsible=form.candidates[data["responsible"]],
            child=form.children.get(data["child"]) if data.get("child") else None,
        ),
    )
    if asks_consent(done):
        return consent_needed(request, family, done.value)
    if done:
        if done.value.due_in_past_when_created:
            messages.warning(
                request,
                _("Punktet er lagret, men fristen er allerede passert. Det er merket som forsinket."),
            )
        else:
            messages.success(request, _("Punktet er lagret."))
        return redirect("team:overview", family_id=family.pk)
    return pages.form_page(
        request,
        form,
        _("Nytt oppfølgingspunkt"),
        family=family,
        back_url=overview_url(family.pk),
        submit_label=_("Lagre punktet"),
    )


@access.login_first
def action_item_detail(request, item_id):
    grant, item = access.get(request, ActionItem, item_id, Capability.VIEW)
    comments = list(access.visible(grant, ActionItemComment).filter(item=item))
    may_change = policy.may_change_action_item(grant, item)
    return render(
        request,
        "team/action_item.html",
        {
            "item": item,
            "family": grant.family,
            "comments": comments,
            "comment_form": CommentForm(),
            "status_form": StatusForm(initial={"status": item.status}) if may_change else None,
            "today": dates.today(),
            "back_url": overview_url(item.family_id),
        },
    )


@require_POST
@access.login_first
def action_item_comment(request, item_id):
    # Anyone who sees the item may comment on it; the item itself is not changed.
    _grant, item = access.get(request, ActionItem, item_id, Capability.VIEW, change=False)
    form = CommentForm(request.POST)
    if form.is_valid():
        follow_up_services.comment_on_action_item(item, request.user, form.cleaned_data["text"])
        messages.success(request, _("Kommentaren er lagret."))
    else:
        messages.error(request, _("Skriv en kommentar."))
    return redirect("team:action_item", item_id=item_id)


@require_POST
@access.login_first
def action_item_status(request, item_id):
    # The record policy's may_change: the coordinator, or the person responsible.
    _grant, item = access.get(request, ActionItem, item_id, Capability.VIEW)
    form = StatusForm(request.POST)
    if form.is_valid():
        follow_up_services.set_action_item_status(item, form.cleaned_data["status"], request.user)
        messages.success(request, _("Status er endret."))
    else:
        messages.error(request, _("Ukjent status."))
    return redirect("team:action_item", item_id=item_id)


# --- Contact with the family ------------------------------------------------------------------------


@family_view((Capability.STAFF_VIEW, Capability.COORDINATE), record_type="contact_log")
def contact_new(request, grant):
    form = ContactForm(request.POST if request.method == "POST" else None)
    if pages.run_form(form, lambda data: follow_up_services.log_contact(grant.family, request.user, **data)):
        messages.success(request, _("Kontakten er registrert."))
        return redirect("team:overview", family_id=grant.family.pk)
    return pages.form_page(
        request,
        form,
        _("Registrer kontakt med familien"),
        family=grant.family,
        back_url=overview_url(grant.family.pk),
        submit_label=_("Lagre"),
    )


# --- The coordinator's lists --------------------------------------------------------------------------


def _staff_only(request):
    if request.user.role not in access.STAFF_ROLES:
        raise Http404


@access.login_first
def follow_up(request):
    """ "Til oppfølging": all late items in the families the user coordinates. Someone who coordinates
    no family is sent to their own work list («Mine oppgaver»), which is what they came for."""
    _staff_only(request)
    if request.user.role != Role.COORDINATOR:
        return redirect("work:mine")
    today = dates.today()
    visible = access.visible_families(request.user)
    items = selectors.late_items(visible, today)
    query = request.GET.get("q", "").strip()[:100]
    if query:
        items = items.filter(Q(title__icontains=query) | Q(family__name__icontains=query))
    page = paging.paginate(request, items)
    for item in page.object_list:
        item.days_late = (today - item.due_on).days
    # The families named on this page, with the relation that lets the user see them: one read each.
    shown = selectors.families_shown(visible, {i.family_id for i in page.object_list})
    access.log_family_list(request, shown, record_type="follow_up")
    return render(request, "team/follow_up.html", {"page": page, "today": today, "query": query})


@access.login_first
def caseload(request):
    """Each coordinator's families, with what needs attention first."""
    _staff_only(request)
    today = dates.today()
    families = selectors.caseload(access.visible_families(request.user), today)
    access.log_family_list(request, families, record_type="caseload")
    return render(
        request,
        "team/caseload.html",
        {"families": families, "today": today, "is_coordinator": request.user.role == Role.COORDINATOR},
    )
