"""A write that loses the race with another change answers 409 with who changed what, not 422 or 500."""

import datetime

from django.db.models import F

from los.calendar.models import Appointment, AppointmentStatus
from los.calendar.services import appointments
from los.core import dates


def test_cancelling_an_appointment_someone_changed_meanwhile_answers_409_and_cancels_nothing(
    tenant, client_for, monkeypatch
):
    day = dates.today() + datetime.timedelta(days=7)
    appointment = Appointment.objects.create(
        family=tenant.family,
        service=tenant.physio,
        starts_at=dates.at(day, datetime.time(9)),
        ends_at=dates.at(day, datetime.time(10)),
        status=AppointmentStatus.CONFIRMED,
        created_by=tenant.coordinator,
    )
    cancel = appointments.cancel_appointment

    def after_another_change(grant, loaded, *args, **kwargs):
        # The other save lands between this request's read and its write.
        Appointment.objects.filter(pk=loaded.pk).update(lock_version=F("lock_version") + 1)
        return cancel(grant, loaded, *args, **kwargs)

    monkeypatch.setattr(appointments, "cancel_appointment", after_another_change)
    response = client_for(tenant.coordinator).post(
        f"/api/v1/families/{tenant.family.pk}/appointments/{appointment.pk}/cancel"
    )
    assert response.status_code == 409, response.content
    assert "endret" in response.json()["message"]
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CONFIRMED


def test_the_schema_declares_409_where_a_write_can_lose_a_race(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in [
        "/api/v1/consents/{consent_id}/sign",
        "/api/v1/consents/{consent_id}/withdraw",
        "/api/v1/families/{family_id}/appointments/{appointment_id}/cancel",
    ]:
        assert "409" in paths[path]["post"]["responses"], path
