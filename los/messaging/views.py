"""The family's messages with the health services: the list, and writing a message or an answer."""

from django.contrib import messages as flash
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from los.core import access, pages, paging
from los.core.access import Capability, family_view, login_first
from los.people.models import Child, Sector, Service

from . import addresses, selectors, services
from .forms import AddressFileForm, MessageForm, SortForm
from .models import Direction, HealthMessage

COORDINATE = (Capability.STAFF_VIEW, Capability.COORDINATE)


@require_safe
@family_view(Capability.VIEW, record_type="messages")
def message_list(request, grant):
    """The family's thread with the health services, a page at a time; the coordinator writes from here."""
    can_write = grant.can(Capability.COORDINATE)
    return render(
        request,
        "messaging/list.html",
        {
            "family": grant.family,
            "page": paging.paginate(request, selectors.messages(grant)),
            "can_write": can_write,
            "receivers": services.receivers(grant) if can_write else [],
            "portal": grant.is_guardian,
        },
    )


def _children(grant):
    return list(Child.objects.filter(family_id=grant.family.pk).exclude(national_id="").order_by("id"))


def _write(request, grant, reply_to=None):
    family = grant.family
    children = _children(grant)
    form = MessageForm(
        request.POST if request.method == "POST" else None,
        services=[] if reply_to else services.receivers(grant),
        children=children,
        reply=reply_to is not None,
    )

    def send(data):
        return services.compose(
            grant,
            request.user,
            service_id=data.get("service"),
            child_id=data.get("child") or None,
            text=data["text"],
            contact_name=data.get("contact_name", ""),
            contact_profession=data.get("contact_profession", ""),
            attach_plan=data["attach_plan"],
            reply_to=reply_to,
        )

    if pages.run_form(form, send):
        flash.success(request, _("Meldingen er lagt i kø og sendes over helsenettet."))
        return redirect("messaging:list", family_id=family.pk)
    title = _("Svar til %(service)s") % {"service": reply_to.service.name} if reply_to else _("Ny melding")
    return pages.form_page(
        request,
        form,
        title,
        family=family,
        back_url=reverse("messaging:list", args=[family.pk]),
        intro=_(
            "Meldingen sendes som dialogmelding over helsenettet til tjenestens HER-id, og kontrolleres mot "
            "standarden før den sendes. Skriv bare det mottakeren trenger for å hjelpe barnet."
        ),
        submit_label=_("Send meldingen"),
    )


@family_view(COORDINATE, record_type="messages")
def message_create(request, grant):
    return _write(request, grant)


@login_first
def message_reply(request, family_id, message_id):
    # Only a message of the family in the address, one that came in: another family's answers 404.
    grant, message = access.get(
        request,
        HealthMessage,
        message_id,
        COORDINATE,
        queryset=HealthMessage.objects.filter(family_id=family_id, direction=Direction.IN),
    )
    return _write(request, grant, reply_to=message)


@require_safe
@login_first
def message_detail(request, family_id, message_id):
    """One message in full, with its attachments' names and its receipt."""
    grant, message = access.get(
        request,
        HealthMessage,
        message_id,
        Capability.VIEW,
        queryset=HealthMessage.objects.filter(family_id=family_id),
    )
    return render(
        request,
        "messaging/detail.html",
        {
            "family": grant.family,
            "message": message,
            "can_reply": grant.can(Capability.COORDINATE) and message.direction == Direction.IN,
        },
    )


# --- Messages to sort (the coordinating unit) ------------------------------------------------------


@require_safe
@login_first
def unsorted_list(request):
    """The messages Los could not put in a family's thread by itself, for the coordinating unit."""
    if not services.may_sort(request.user):
        raise Http404
    return render(
        request,
        "messaging/unsorted_list.html",
        {"page": paging.paginate(request, services.unsorted(request.user).order_by("received_at", "id"))},
    )


@login_first
def unsorted_sort(request, item_id):
    """One waiting message: read it, and put it in the right family's thread."""
    item = get_object_or_404(services.unsorted(request.user), pk=item_id)
    families = services.families_for(item)
    # Reading the message is a read of the child's data in each family it may belong to.
    grants = [g for g in (access.grant_for_request(request, f.pk) for f in families) if g is not None]
    if access.is_reading(request):
        access.log_read(request, grants, "message", item.msg_id)
    candidates = Service.objects.filter(organisation__municipality_id=item.municipality_id).select_related(
        "organisation"
    )
    form = SortForm(
        request.POST if request.method == "POST" else None, families=families, services=candidates
    )
    done = pages.run_form(
        form,
        lambda data: services.sort(item, request.user, family_id=data["family"], service_id=data["service"]),
    )
    if done:
        flash.success(request, _("Meldingen er lagt i familiens meldinger."))
        return redirect("messaging:detail", family_id=done.value.family_id, message_id=done.value.pk)
    return pages.form_page(
        request,
        form,
        _("Sorter melding: %(subject)s") % {"subject": item.subject_text},
        back_url=reverse("messaging:unsorted"),
        template="messaging/unsorted_sort.html",
        item=item,
        text=services.text_of(item),
        submit_label=_("Legg i familiens meldinger"),
    )


# --- The municipality's addresses on the health network (the coordinating unit) ------------------


@login_first
def address_register(request):
    """The municipality's health services and their HER-ids, and the import of the address register."""
    if not services.may_sort(request.user):
        raise Http404
    municipality_id = request.user.municipality_id
    form = AddressFileForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            parties = addresses.read(upload.read(addresses.MAX_FILE_BYTES + 1), upload.name)
            report = addresses.import_parties(municipality_id, parties)
        except addresses.AddressFileError as error:
            form.add_error("file", error.message)
            problems = error.problems
        else:
            flash.success(
                request,
                _(
                    "Importert: %(orgs)s organisasjoner, %(updated)s tjenester oppdatert, %(added)s nye "
                    "tjenester."
                )
                % {
                    "orgs": report.organisations,
                    "updated": report.services_updated,
                    "added": report.services_added,
                },
            )
            for skipped in report.skipped[:20]:
                flash.info(request, skipped)
            return redirect("messaging:addresses")
    listed = (
        Service.objects.filter(organisation__municipality_id=municipality_id, sector=Sector.HEALTH_AND_CARE)
        .select_related("organisation")
        .order_by("organisation__name", "name", "id")
    )
    return render(
        request,
        "messaging/addresses.html",
        {
            "form": form,
            "problems": problems,
            "unit": getattr(request.user.municipality, "coordinating_unit", None),
            "page": paging.paginate(request, listed),
        },
        status=422 if form.errors else 200,
    )


@require_safe
@login_first
def message_attachment(request, family_id, message_id, number):
    """An attachment of a message as a file: it leaves Los, so it is logged as an export."""
    grant, message = access.get(
        request,
        HealthMessage,
        message_id,
        Capability.VIEW,
        queryset=HealthMessage.objects.filter(family_id=family_id),
        log=False,
    )
    attachment = services.attachment(message, number)
    if attachment is None:
        raise Http404
    access.log_export(request, grant, "message", message.pk)
    response = HttpResponse(attachment.content, content_type=attachment.mime_type)
    response["Content-Disposition"] = f'attachment; filename="{services.safe_filename(attachment, number)}"'
    return response
