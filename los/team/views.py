"""Pages for the coordinator's follow-up work, shared by staff and the family where it makes sense.

Every page fetches its record through the access policy (`access.get`, `family_view`), which authorises
it by the record policy (`los.team.policy`) and logs the read; lists start from `access.visible`. The
services log the changes. Changes need Capability.COORDINATE (the family's coordinator) unless noted.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from los.consent.services import guardian_for
from los.core import access
from los.core.access import Capability, family_view
from los.core.errors import DomainError
from los.core.models import Role
from los.intake.deadlines import OSLO, today_oslo
from los.people.models import Child, Guardian, Professional, Service

from . import meetings as meeting_services
from . import policy, selectors, services
from .forms import (
    ActionItemForm,
    CommentForm,
    ConsentRequestForm,
    ContactForm,
    FamilyMemberForm,
    MeetingForm,
    MinutesForm,
    ProfessionalMemberForm,
    RescheduleForm,
    StatusForm,
)
from .models import (
    ActionItem,
    ActionItemComment,
    ConsentExtensionRequest,
    Meeting,
    MeetingInvitation,
    Minutes,
    Reply,
)


def _back_url(grant) -> str:
    if grant.is_guardian:
        return reverse("portal:family", args=[grant.family.pk])
    return reverse("people:family", args=[grant.family.pk])


def _one(rows, pk):
    row = rows.filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


def _overview_url(family_id) -> str:
    return reverse("team:overview", args=[family_id])


def _form_page(request, access_, form, title, intro="", submit_label=None, status=None, back_url=None):
    return render(
        request,
        "people/form.html",
        {
            "form": form,
            "family": access_.family,
            "title": title,
            "intro": intro,
            "submit_label": submit_label,
            "back_url": back_url or _overview_url(access_.family.pk),
        },
        status=status or (422 if form.is_bound else 200),
    )


def _consent_needed(request, family, refusal: services.ConsentNeeded, role: str = ""):
    """Refuse someone the consent does not cover, and offer to ask the guardians to extend it."""
    form = ConsentRequestForm(
        initial={"member": f"{refusal.professional.pk}:{refusal.service.pk}", "role": role}
    )
    return render(
        request,
        "team/consent_needed.html",
        {
            "family": family,
            "message": refusal.message,
            "service": refusal.service,
            "professional": refusal.professional,
            "form": form,
            "back_url": _overview_url(family.pk),
        },
        status=409,
    )


# --- The family's follow-up page ----------------------------------------------------------------------


@family_view(Capability.VIEW, record_type="responsibility_group")
def overview(request, grant):
    today = today_oslo()
    data = selectors.follow_up(grant, today)
    return render(
        request,
        "team/overview.html",
        {
            "family": grant.family,
            "access": grant,
            "today": today,
            "coordinates": grant.can(Capability.COORDINATE),
            "is_family": grant.is_guardian,
            "back_url": _back_url(grant),
            **data,
        },
    )


# --- The responsibility group -------------------------------------------------------------------------


@family_view((Capability.STAFF_VIEW, Capability.COORDINATE), record_type="responsibility_group")
def add_professional(request, access_):
    family = access_.family
    form = ProfessionalMemberForm(request.POST if request.method == "POST" else None, family=family)
    if request.method == "POST" and form.is_valid():
        professional_id, service_id = form.ids()
        professional = get_object_or_404(
            Professional.objects.select_related("organisation", "user"), pk=professional_id
        )
        service = get_object_or_404(Service.objects.select_related("organisation"), pk=service_id)
        try:
            services.add_professional(
                family, professional, service, form.cleaned_data["role"], form.cleaned_data["contact"]
            )
        except services.ConsentNeeded as refusal:
            return _consent_needed(request, family, refusal, role=form.cleaned_data["role"])
        except DomainError as error:
            form.add_error("member" if error.field in ("professional", "service") else None, error.message)
        else:
            messages.success(request, _("%(name)s er med i ansvarsgruppen.") % {"name": professional})
            return redirect("team:overview", family_id=family.pk)
    return _form_page(
        request,
        access_,
        form,
        _("Legg til fagperson i ansvarsgruppen"),
        intro=_("Fagpersonen kan bare bli med når familiens samtykke gjelder tjenesten."),
        submit_label=_("Legg til"),
    )


@require_POST
@family_view((Capability.STAFF_VIEW, Capability.COORDINATE), record_type="consent_request")
def request_consent(request, access_):
    family = access_.family
    form = ConsentRequestForm(request.POST)
    if form.is_valid():
        try:
            professional_id, service_id = (int(x) for x in form.cleaned_data["member"].split(":"))
            professional = Professional.objects.select_related("organisation", "user").get(pk=professional_id)
            service = Service.objects.select_related("organisation").get(pk=service_id)
            services.request_consent_extension(
                family,
                professional,
                service,
                request.user,
                form.cleaned_data["role"],
                form.cleaned_data["reason"],
            )
        except (ValueError, Professional.DoesNotExist, Service.DoesNotExist):
            messages.error(request, _("Velg en fagperson fra listen."))
            return redirect("team:add_professional", family_id=family.pk)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Familien har fått spørsmålet. Du får beskjed når de har svart."))
    return redirect("team:overview", family_id=family.pk)


@access.login_first
def answer_consent_request(request, request_id):
    granted, ask = access.get(request, ConsentExtensionRequest, request_id, Capability.MANAGE_CONSENT)
    if request.method == "POST":
        guardian = guardian_for(request.user, granted.family)
        answer = request.POST.get("answer")
        try:
            if guardian is None:
                raise DomainError(_("Bare foresatte med foreldreansvar kan svare for barnet."))
            if answer not in ("yes", "no"):
                raise DomainError(_("Svar ja eller nei."))
            services.answer_consent_extension(ask, guardian, request.user, accept=answer == "yes")
        except DomainError as error:
            messages.error(request, error.message)
            return render(
                request, "team/consent_request.html", {"ask": ask, "family": granted.family}, status=422
            )
        messages.success(
            request,
            _("Takk. Samtykket er utvidet.")
            if answer == "yes"
            else _("Takk. Vi har sagt fra til koordinatoren."),
        )
        return redirect("portal:family", family_id=granted.family.pk)
    return render(request, "team/consent_request.html", {"ask": ask, "family": granted.family})


@family_view((Capability.STAFF_VIEW, Capability.COORDINATE), record_type="responsibility_group")
def add_family_member(request, access_):
    family = access_.family
    form = FamilyMemberForm(request.POST if request.method == "POST" else None, family=family)
    if request.method == "POST" and form.is_valid():
        kind, pk = form.cleaned_data["person"].split(":")
        guardian = _one(access.visible(access_, Guardian), pk) if kind == "guardian" else None
        child = _one(access.visible(access_, Child), pk) if kind == "child" else None
        try:
            services.add_family_member(
                family,
                guardian=guardian,
                child=child,
                role=form.cleaned_data["role"],
                contact=form.cleaned_data["contact"],
            )
        except DomainError as error:
            form.add_error("person", error.message)
        else:
            messages.success(request, _("Lagt til i ansvarsgruppen."))
            return redirect("team:overview", family_id=family.pk)
    return _form_page(
        request,
        access_,
        form,
        _("Legg til noen fra familien i ansvarsgruppen"),
        intro=_("Barnet kan være med fra 7 år, når barnet selv vil og klarer det."),
        submit_label=_("Legg til"),
    )


# --- Meetings ------------------------------------------------------------------------------------------


@family_view((Capability.STAFF_VIEW, Capability.COORDINATE), record_type="meeting")
def meeting_new(request, access_):
    family = access_.family
    form = MeetingForm(request.POST if request.method == "POST" else None, family=family)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = meeting_services.call_meeting(
                family,
                request.user,
                title=data["title"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                location=data["location"],
                video_url=data["video_url"],
                agenda=data["agenda"],
                interpreter_language=data["interpreter_language"],
                invitee_keys=data["invitees"],
            )
        except services.ConsentNeeded as refusal:
            return _consent_needed(request, family, refusal)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Møtet er lagret, og invitasjonene er sendt."))
            return redirect("team:meeting", meeting_id=meeting.pk)
    return _form_page(
        request,
        access_,
        form,
        _("Kall inn til møte"),
        intro=_(
            "De inviterte får innkallingen i Los og på e-post med en kalenderinvitasjon. Tidene er norsk tid."
        ),
        submit_label=_("Send innkalling"),
    )


@access.login_first
def meeting_detail(request, meeting_id):
    grant, meeting = access.get(request, Meeting, meeting_id, Capability.VIEW)
    # The family gets the minutes when the coordinator shares them (the record policy says so).
    minutes = access.visible(grant, Minutes).filter(meeting=meeting).first()
    if minutes is not None:
        access.log_read(request, grant, "minutes", minutes.pk)
    invitations = list(
        access.visible(grant, MeetingInvitation).filter(meeting=meeting).select_related("user")
    )
    mine = MeetingInvitation.objects.filter(meeting=meeting, user=request.user).first()
    items = (
        list(access.visible(grant, ActionItem).filter(meeting=meeting).order_by("due_on", "id"))
        if minutes
        else []
    )
    return render(
        request,
        "team/meeting.html",
        {
            "meeting": meeting,
            "family": grant.family,
            "minutes": minutes,
            "invitations": invitations,
            "my_invitation": mine,
            "items": items,
            "coordinates": grant.can(Capability.COORDINATE),
            "is_family": grant.is_guardian,
            "language": meeting_services.language_name(meeting.interpreter_language)
            if meeting.interpreter_language
            else "",
            "back_url": _overview_url(meeting.family_id),
        },
    )


@require_POST
@family_view((Capability.STAFF_VIEW, Capability.COORDINATE), record_type="responsibility_group")
def end_membership(request, access_, kind, member_id):
    """The coordinator takes someone out of the responsibility group (kept as history)."""
    try:
        services.end_membership(
            access_.family,
            professional_member_id=member_id if kind == "fagperson" else None,
            family_member_id=member_id if kind == "familie" else None,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Medlemmet er tatt ut av ansvarsgruppen."))
    return redirect("team:overview", family_id=access_.family.pk)


@access.login_first
def meeting_reschedule(request, meeting_id):
    """The coordinator moves the meeting or changes its place; invitees get the update."""
    granted, meeting = access.get(
        request, Meeting, meeting_id, (Capability.STAFF_VIEW, Capability.COORDINATE)
    )
    local_start, local_end = meeting.starts_at.astimezone(OSLO), meeting.ends_at.astimezone(OSLO)
    initial = {
        "day": local_start.date(),
        "starts": local_start.time(),
        "ends": local_end.time(),
        "location": meeting.location,
        "video_url": meeting.video_url,
    }
    form = RescheduleForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting_services.reschedule_meeting(
                meeting,
                request.user,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                location=data["location"],
                video_url=data["video_url"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Møtet er endret. De inviterte har fått beskjed."))
            return redirect("team:meeting", meeting_id=meeting.pk)
    return render(
        request,
        "people/form.html",
        {
            "form": form,
            "family": granted.family,
            "title": _("Endre tid eller sted for «%(title)s»") % {"title": meeting.title},
            "back_url": reverse("team:meeting", args=[meeting.pk]),
            "submit_label": _("Lagre og gi beskjed"),
        },
        status=422 if form.is_bound else 200,
    )


@require_POST
@access.login_first
def meeting_cancel(request, meeting_id):
    _grant, meeting = access.get(request, Meeting, meeting_id, (Capability.STAFF_VIEW, Capability.COORDINATE))
    try:
        meeting_services.cancel_meeting(meeting, request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Møtet er avlyst. De inviterte har fått beskjed."))
    return redirect("team:meeting", meeting_id=meeting.pk)


@require_POST
@access.login_first
def meeting_reply(request, meeting_id):
    _grant, meeting = access.get(request, Meeting, meeting_id, Capability.VIEW)
    invitation = MeetingInvitation.objects.filter(meeting=meeting, user=request.user).first()
    if invitation is None:
        raise Http404
    try:
        meeting_services.reply(invitation, request.POST.get("reply", ""), request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Takk, du har svart at du kommer.")
            if request.POST.get("reply") == Reply.ATTENDING
            else _("Takk, du har svart at du ikke kommer."),
        )
    return redirect("team:meeting", meeting_id=meeting_id)


@access.login_first
def minutes_edit(request, meeting_id):
    granted, meeting = access.get(
        request, Meeting, meeting_id, (Capability.STAFF_VIEW, Capability.COORDINATE), record_type="minutes"
    )
    existing = access.visible(granted, Minutes).filter(meeting=meeting).first()
    initial = {}
    if existing:
        initial = {
            f: getattr(existing, f)
            for f in ("attendees", "child_views", "family_views", "decisions", "notes")
        }
        initial["share"] = existing.shared_at is None
    else:
        attending = [i.name for i in meeting.invitations.all() if i.reply != Reply.DECLINED]
        initial["attendees"] = "\n".join(attending)
    form = MinutesForm(
        request.POST if request.method == "POST" else None, family=granted.family, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting_services.write_minutes(
                meeting,
                request.user,
                attendees=data["attendees"],
                child_views=data["child_views"],
                family_views=data["family_views"],
                decisions=data["decisions"],
                notes=data["notes"],
                action_items=data["action_items"],
                share=data["share"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Referatet er lagret og sendt til familien og gruppen.")
                if data["share"]
                else _("Referatet er lagret."),
            )
            return redirect("team:meeting", meeting_id=meeting.pk)
    return render(
        request,
        "team/minutes_form.html",
        {"form": form, "meeting": meeting, "family": granted.family},
        status=422 if form.is_bound else 200,
    )


# --- Action items -------------------------------------------------------------------------------------


@family_view((Capability.STAFF_VIEW, Capability.COORDINATE), record_type="action_item")
def action_item_new(request, access_):
    family = access_.family
    form = ActionItemForm(request.POST if request.method == "POST" else None, family=family)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.create_action_item(
                family,
                request.user,
                title=data["title"],
                description=data["description"],
                due_on=data["due_on"],
                responsible=form.candidates[data["responsible"]],
            )
        except services.ConsentNeeded as refusal:
            return _consent_needed(request, family, refusal)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            if item.due_in_past_when_created:
                messages.warning(
                    request,
                    _("Punktet er lagret, men fristen er allerede passert. Det er merket som forsinket."),
                )
            else:
                messages.success(request, _("Punktet er lagret."))
            return redirect("team:overview", family_id=family.pk)
    return _form_page(request, access_, form, _("Nytt oppfølgingspunkt"), submit_label=_("Lagre punktet"))


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
            "today": today_oslo(),
            "back_url": _overview_url(item.family_id),
        },
    )


@require_POST
@access.login_first
def action_item_comment(request, item_id):
    # Anyone who sees the item may comment on it; the item itself is not changed.
    _grant, item = access.get(request, ActionItem, item_id, Capability.VIEW, change=False)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.comment_on_action_item(item, request.user, form.cleaned_data["text"])
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
        services.set_action_item_status(item, form.cleaned_data["status"], request.user)
        messages.success(request, _("Status er endret."))
    else:
        messages.error(request, _("Ukjent status."))
    return redirect("team:action_item", item_id=item_id)


# --- Contact with the family ------------------------------------------------------------------------


@family_view((Capability.STAFF_VIEW, Capability.COORDINATE), record_type="contact_log")
def contact_new(request, access_):
    form = ContactForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.log_contact(access_.family, request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Kontakten er registrert."))
            return redirect("team:overview", family_id=access_.family.pk)
    return _form_page(request, access_, form, _("Registrer kontakt med familien"), submit_label=_("Lagre"))


# --- The coordinator's lists --------------------------------------------------------------------------


def _staff_only(request):
    if request.user.role not in access.STAFF_ROLES:
        raise Http404


@access.login_first
def follow_up(request):
    """ "Til oppfølging": all late items in the families the user coordinates."""
    _staff_only(request)
    today = today_oslo()
    visible = access.visible_families(request.user)
    items = selectors.late_items(visible, today)
    page = Paginator(items, 100).get_page(request.GET.get("side"))
    for item in page.object_list:
        item.days_late = (today - item.due_on).days
    # The families named on this page, with the relation that lets the user see them: one read each.
    shown = selectors.families_shown(visible, {i.family_id for i in page.object_list})
    access.log_family_list(request, shown, record_type="follow_up")
    return render(request, "team/follow_up.html", {"page": page, "today": today})


@access.login_first
def caseload(request):
    """Each coordinator's families, with what needs attention first."""
    _staff_only(request)
    today = today_oslo()
    families = selectors.caseload(access.visible_families(request.user), today)
    access.log_family_list(request, families, record_type="caseload")
    return render(
        request,
        "team/caseload.html",
        {"families": families, "today": today, "is_coordinator": request.user.role == Role.COORDINATOR},
    )
