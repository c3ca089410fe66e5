"""Writing a Dialogmelding to a health service on the family's team, and closing it with its receipt.

The rules, in the order they are checked:

* only the family's coordinator writes (the coordination is theirs, hol § 7-2 a);
* the receiver is a health service on the family's team with a HER-id (tjenestebasert adressering);
* an active consent names the service: nothing about the child leaves for a service the family has not
  agreed to share with (helsepersonelloven §§ 21-22);
* the child has a fødselsnummer or D-nummer (a message on the health network is about a patient);
* the municipality's coordinating unit has a HER-id (the sender);
* the message validates against MsgHead 1.2 and Dialogmelding 1.1 before it is stored.

Any refusal raises `DomainError` with the reason in bokmål, and nothing is stored. An accepted message is
stored `queued` in the same transaction as its access-log row; the worker sends it (`outbox.deliver`).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from los.core import access, audit
from los.core.access import Capability
from los.core.bounds import TEXT_LENGTH
from los.core.errors import DomainError
from los.people.models import Child, Sector, Service
from los.team.models import TeamMember

from . import kith
from .models import Direction, HealthMessage, MessageKind, MessageState

MAX_TEXT = TEXT_LENGTH  # characters in the message body


def receivers(grant) -> list[Service]:
    """The health services on the family's team that a message can go to: with a HER-id, and named by
    an active consent. Sorted by name."""
    team_services = TeamMember.objects.filter(family_id=grant.family.pk, left_on__isnull=True).values(
        "service_id"
    )
    return [
        service
        for service in Service.objects.filter(pk__in=team_services, her_id__isnull=False)
        .select_related("organisation")
        .order_by("name", "id")
        if service.pk in grant.covered_services
    ]


def _receiver(grant, service_id: int | None) -> Service:
    service = (
        Service.objects.select_related("organisation")
        .filter(
            pk=service_id or 0,
            team_memberships__family_id=grant.family.pk,
            team_memberships__left_on__isnull=True,
        )
        .first()
    )
    if service is None:
        raise DomainError(_("Velg en tjeneste i familiens ansvarsgruppe."), field="service")
    if service.sector != Sector.HEALTH_AND_CARE or service.her_id is None:
        raise DomainError(
            _("Tjenesten har ingen HER-id i adresseregisteret og kan ikke få meldinger over helsenettet."),
            field="service",
        )
    if not access.consent_covers(grant.family, service.pk):
        raise DomainError(
            _("Familien har ikke samtykket til at opplysninger deles med denne tjenesten."), field="service"
        )
    return service


def _patient(grant, child_id: int | None) -> Child:
    children = Child.objects.filter(family_id=grant.family.pk).exclude(national_id="").order_by("id")
    child = children.filter(pk=child_id).first() if child_id else children.first()
    if child is None:
        raise DomainError(
            _("Barnet må ha fødselsnummer eller D-nummer før det kan sendes meldinger om det."), field="child"
        )
    return child


def _sender(grant, user) -> kith.Party:
    municipality = grant.family.municipality
    unit = getattr(municipality, "coordinating_unit", None)
    if unit is None or unit.her_id is None:
        raise DomainError(
            _(
                "Koordinerende enhet har ingen HER-id. Administrator legger den inn før meldinger kan sendes "
                "over helsenettet."
            )
        )
    return kith.Party(
        organisation=kith.Organisation(
            name=municipality.name, her_id=None, org_number=unit.org_number or None
        ),
        service=kith.Service(name=unit.name, her_id=str(unit.her_id)),
        person=kith.Person(given_name=user.first_name or user.username, family_name=user.last_name or ""),
    )


def _party(service: Service, contact: str = "", profession: str = "") -> kith.Party:
    """The receiver: the service in its organisation, and the contact (a name, a profession or both)."""
    organisation = service.organisation
    given, _sep, family = contact.strip().rpartition(" ")
    person = None
    if contact.strip() or profession:
        person = kith.Person(
            given_name=given if given else "",
            family_name=family,
            profession=profession or None,
        )
    return kith.Party(
        organisation=kith.Organisation(
            name=organisation.name,
            her_id=str(organisation.her_id) if organisation.her_id else None,
            org_number=organisation.org_number or None,
        ),
        service=kith.Service(
            name=service.name, her_id=str(service.her_id), service_type=service.service_type_code or None
        ),
        person=person,
    )


def _role_text(grant, user) -> str:
    """«barnekoordinator» or «koordinator», as the writer is appointed for this family (stated in the
    message, so the receiver knows who writes: the national addressing guidance)."""
    from los.casework.models import CoordinatorKind
    from los.coordinators.models import CoordinatorAssignment

    kinds = set(
        CoordinatorAssignment.objects.current()
        .filter(family_id=grant.family.pk, coordinator=user)
        .values_list("kind", flat=True)
    )
    # Written into the message, which is in Norwegian whatever language the writer's pages are in.
    return "barnekoordinator" if CoordinatorKind.CHILD_COORDINATOR in kinds else "koordinator"


def _plan_attachment(grant) -> kith.Attachment:
    from los.plans import pdf, selectors

    plan = selectors.plan_of(grant)
    version = (
        plan.versions.filter(frozen_at__isnull=False).order_by("-number").first()
        if plan is not None
        else None
    )
    if version is None:
        raise DomainError(_("Familien har ingen godkjent versjon av den individuelle planen å legge ved."))
    return kith.Attachment(
        filename=f"individuell-plan-versjon-{version.number}.pdf",
        mime_type="application/pdf",
        content=pdf.plan_pdf(version),
        description=f"Individuell plan, versjon {version.number}",  # in the message: always Norwegian
    )


def compose(
    grant,
    user,
    *,
    service_id: int | None,
    text: str,
    child_id: int | None = None,
    contact_name: str = "",
    contact_profession: str = "",
    attach_plan: bool = False,
    reply_to: HealthMessage | None = None,
    now: datetime.datetime | None = None,
) -> HealthMessage:
    """Write a Dialogmelding (a note, or an answer to `reply_to`) to a health service on the team, and
    queue it. Raises DomainError, storing nothing, when a rule says no (see the module)."""
    if not grant.can(Capability.COORDINATE):
        raise DomainError(_("Bare familiens koordinator sender meldinger til helsetjenestene."))
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Skriv meldingen."), field="text")
    if len(text) > MAX_TEXT:
        raise DomainError(_("Meldingen er for lang (høyst %(max)s tegn).") % {"max": MAX_TEXT}, field="text")
    # A coordinator's message is an enquiry about the patient (7322 code 6); an answer keeps the subject
    # of the message it answers.
    subject_code = reply_to.subject_code if reply_to and reply_to.subject_code in kith.SUBJECTS else "6"
    subject = kith.SUBJECTS[subject_code]
    if reply_to is None and not (contact_name.strip() or contact_profession):
        raise DomainError(
            _("Skriv navnet på kontaktpersonen hos mottakeren, eller velg en yrkesgruppe."),
            field="contact_name",
        )
    if contact_profession and contact_profession not in kith.codes.PROFESSIONS:
        raise DomainError(_("Velg en yrkesgruppe fra listen."), field="contact_profession")
    service = _receiver(grant, reply_to.service_id if reply_to else service_id)
    child = _patient(grant, child_id)
    sender = _sender(grant, user)
    attachments = (_plan_attachment(grant),) if attach_plan else ()
    role = _role_text(grant, user)
    dialog = kith.OutgoingDialog(
        msg_id=kith.new_msg_id(),
        generated=now or timezone.now(),
        # An answer to a question (forespørsel) is a svar; within a dialogue it is another note.
        kind=MessageKind.ANSWER if reply_to and reply_to.kind == MessageKind.QUESTION else MessageKind.NOTE,
        sender=sender,
        receiver=_party(service, contact_name, contact_profession),
        patient=kith.Patient(
            national_id=child.national_id, given_name=child.first_name, family_name=child.last_name
        ),
        subject_code=subject_code,
        subject_text=str(subject),
        text=text,
        sender_role_text=str(role),
        coordinator_role=True,
        conversation_ref=reply_to.msg_id if reply_to else None,
        attachments=attachments,
    )
    try:
        xml = kith.build_dialogmelding(dialog)
    except kith.KithError as error:
        raise DomainError(error.text) from None
    problems = kith.validate(xml)
    if problems:
        raise DomainError(
            _("Meldingen ble ikke sendt: den følger ikke standarden (%(problem)s).")
            % {"problem": problems[0]}
        )
    with transaction.atomic():
        message = HealthMessage.objects.create(
            family=grant.family,
            service=service,
            direction=Direction.OUT,
            kind=dialog.kind,
            msg_id=dialog.msg_id,
            conversation_ref=dialog.conversation_ref or "",
            subject_code=subject_code,
            subject_text=str(subject),
            text=text,
            attachments=[{"filename": a.filename, "mime_type": a.mime_type} for a in attachments],
            xml=xml.decode("utf-8"),
            state=MessageState.QUEUED,
            written_by=user,
        )
        audit.changed(grant.family.pk, "message", message.pk, user=user)
    return message


# --- Messages to sort (the coordinating unit) ------------------------------------------------------


def may_sort(user) -> bool:
    """The coordinating unit sorts the messages Los could not put in a family's thread by itself."""
    from los.core.models import Role

    return user.is_authenticated and user.role == Role.CASEWORKER and bool(user.municipality_id)


def unsorted(user):
    """The messages waiting for the user's coordinating unit, oldest first."""
    from .models import UnsortedMessage

    if not may_sort(user):
        return UnsortedMessage.objects.none()
    return UnsortedMessage.objects.filter(municipality_id=user.municipality_id, message__isnull=True).defer(
        "xml"
    )


def families_for(item) -> list:
    """The families in the receiving municipality with a child of the message's patient id."""
    from los.people.models import Family

    return list(
        Family.objects.filter(municipality_id=item.municipality_id, children__national_id=item.patient_id)
        .distinct()
        .order_by("name", "id")
    )


@transaction.atomic
def sort(item, user, *, family_id: int, service_id: int) -> HealthMessage:
    """Put a waiting message in a family's thread, from the service the unit says sent it: the family must
    have a child with the message's patient id, the service must be the municipality's."""
    from los.people.models import Family

    from . import inbound, notify
    from . import kith as kith_module
    from .models import UnsortedMessage

    item = UnsortedMessage.objects.select_for_update().get(pk=item.pk)
    if item.message_id is not None:
        raise DomainError(_("Meldingen er allerede sortert."))
    family = Family.objects.filter(
        pk=family_id, municipality_id=item.municipality_id, children__national_id=item.patient_id
    ).first()
    if family is None:
        raise DomainError(_("Velg en familie med barnet meldingen gjelder."), field="family")
    service = Service.objects.filter(
        pk=service_id, organisation__municipality_id=item.municipality_id
    ).first()
    if service is None:
        raise DomainError(_("Velg tjenesten som sendte meldingen."), field="service")
    dialog = kith_module.parse_dialogmelding(item.xml.encode("utf-8"))
    message = inbound.store(dialog, item.xml, family_id=family.pk, service=service, at=item.received_at)
    item.message, item.sorted_by = message, user
    item.save(update_fields=["message", "sorted_by"])
    audit.changed(family.pk, "message", message.pk, user=user)
    notify.received(message)
    return message


def text_of(item) -> str:
    """The text of a waiting message, read from the message as it arrived."""
    from . import kith as kith_module

    try:
        return kith_module.parse_dialogmelding(item.xml.encode("utf-8")).text
    except kith_module.KithError as error:
        return error.text


def attachment(message: HealthMessage, number: int):
    """The message's attachment `number` (from 1) as it was sent or received, or None."""
    from . import kith as kith_module

    if not 1 <= number <= len(message.attachments):
        return None
    try:
        found = kith_module.parse_dialogmelding(message.xml.encode("utf-8")).attachments
    except kith_module.KithError:
        return None
    if number > len(found) or found[number - 1].mime_type not in kith_module.ATTACHMENT_MIME_TYPES:
        return None
    return found[number - 1]


def safe_filename(attachment, number: int) -> str:
    """A file name a browser can save: letters, digits, dot, dash and underscore from the sender's name."""
    name = "".join(c for c in attachment.filename if c.isascii() and (c.isalnum() or c in "._-"))
    return name.lstrip(".")[:100] or f"vedlegg-{number}"
