"""The world family's calendar (an appointment, a need, a bundling proposal, a booking request, the
guardian's feed), a referral and a patient organisation, and one of the coordinator's notifications."""

import datetime
from functools import cached_property

from los.core import dates

OSLO_MONDAY = datetime.date(2027, 1, 4)


class CalendarRecords:
    """Mixed into `World` (which provides `self.t`, the family's tenant)."""

    @cached_property
    def appointment(self):
        """A confirmed physiotherapy appointment with the team's physiotherapist."""
        from los.calendar.models import Appointment, AppointmentStatus

        t = self.t
        return Appointment.objects.create(
            family=t.family,
            child=t.family.children.first(),
            service=t.physio,
            professional=t.provider.professional,
            starts_at=dates.at(OSLO_MONDAY, datetime.time(9)),
            ends_at=dates.at(OSLO_MONDAY, datetime.time(9, 45)),
            status=AppointmentStatus.CONFIRMED,
            created_by=t.coordinator,
        )

    @cached_property
    def need(self):
        from los.calendar.models import AppointmentNeed

        t = self.t
        return AppointmentNeed.objects.create(
            family=t.family,
            service=t.physio,
            created_by=t.coordinator,
            title="Fysioterapi",
            duration_minutes=45,
            count=2,
            window_from=OSLO_MONDAY,
            window_to=OSLO_MONDAY + datetime.timedelta(days=13),
            min_days_between=5,
            max_days_between=9,
        )

    @cached_property
    def proposal(self):
        from los.calendar.models import BundlingProposal

        return BundlingProposal.objects.create(
            family=self.t.family,
            start=OSLO_MONDAY,
            days=14,
            status="infeasible",
            instance={"needs": []},
            result={"appointments": [], "infeasible_needs": []},
            created_by=self.t.coordinator,
        )

    @cached_property
    def booking_request(self):
        from los.calendar.models import Appointment, AppointmentStatus, BookingRequest

        t = self.t
        booked = Appointment.objects.create(
            family=t.family,
            child=t.family.children.first(),
            service=t.physio,
            starts_at=dates.at(OSLO_MONDAY, datetime.time(11)),
            ends_at=dates.at(OSLO_MONDAY, datetime.time(11, 45)),
            status=AppointmentStatus.REQUESTED,
            created_by=t.coordinator,
        )
        return BookingRequest.objects.create(appointment=booked, service=t.physio, requested_by=t.coordinator)

    @cached_property
    def feed_token(self):
        """The guardian's subscription to the child's calendar (a secret address, no login)."""
        from los.calendar.models import CalendarFeed, FeedKind

        token = CalendarFeed.new_token()
        CalendarFeed.objects.create(
            user=self.t.guardian_user,
            family=self.t.family,
            kind=FeedKind.FAMILY,
            token_hash=CalendarFeed.hash_token(token),
        )
        self.appointment  # noqa: B018 - something in the feed
        return token

    @cached_property
    def organisation(self):
        from los.referrals.models import PatientOrganisation

        return PatientOrganisation.objects.create(
            municipality=self.t.municipality,
            name="Funksjonshemmedes Fellesorganisasjon (FFO)",
            helps_with="Rettighetssenter",
            website="https://www.ffo.no",
        )

    @cached_property
    def referral(self):
        from los.referrals.models import Referral

        t = self.t
        return Referral.objects.create(
            family=t.family, service=t.physio, reason="Vurdering", sent_by=t.coordinator
        )

    @cached_property
    def notification(self):
        """One of the coordinator's own notifications, about the family."""
        from los.notifications.models import Notification

        return Notification.objects.create(
            user=self.t.coordinator, kind="reminder", family=self.t.family, text="Husk møtet.", url="/"
        )

    @cached_property
    def health_message(self):
        """A Dialogmelding the physiotherapy (the provider's own service, covered by the consent) sent."""
        from los.messaging import kith
        from los.messaging.models import Direction, HealthMessage, MessageState

        t = self.t
        child = t.family.children.first()
        xml = kith.build_dialogmelding(
            kith.OutgoingDialog(
                msg_id=kith.new_msg_id(),
                generated=dates.now(),
                kind=kith.KIND_NOTE,
                sender=kith.Party(
                    kith.Organisation(name="Fjordvik kommune", her_id="8900100"),
                    kith.Service(name="Fysioterapi", her_id="8900101"),
                ),
                receiver=kith.Party(
                    kith.Organisation(name="Fjordvik kommune", her_id="8900100"),
                    kith.Service(name="Koordinerende enhet", her_id="8900001"),
                    kith.Person(given_name="", family_name="", profession="SP"),
                ),
                patient=kith.Patient(child.national_id, child.first_name, child.last_name),
                subject_code="6",
                subject_text="Henvendelse om pasient",
                text="Ny ortose er bestilt.",
                attachments=(kith.Attachment("ortose.pdf", "application/pdf", b"%PDF-1.4 ortose"),),
            )
        )
        return HealthMessage.objects.create(
            family=t.family,
            service=t.physio,
            direction=Direction.IN,
            subject_code="6",
            subject_text="Henvendelse om pasient",
            text="Ny ortose er bestilt.",
            attachments=[{"filename": "ortose.pdf", "mime_type": "application/pdf"}],
            xml=xml.decode("utf-8"),
            state=MessageState.RECEIVED,
        )

    @cached_property
    def unsorted_message(self):
        """A Dialogmelding for the municipality from a service Los does not know."""
        from los.messaging.models import UnsortedMessage, UnsortedReason

        t = self.t
        return UnsortedMessage.objects.create(
            municipality=t.municipality,
            msg_id="usortert-1",
            reason=UnsortedReason.UNKNOWN_SENDER,
            sender_name="Ukjent legekontor",
            patient_id=t.family.children.first().national_id,
            subject_text="Henvendelse om pasient",
            xml="<MsgHead/>",
        )
