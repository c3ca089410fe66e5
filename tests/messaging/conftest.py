import datetime

import pytest
from django.utils import timezone

from los.messaging import kith
from los.messaging.transport import FolderTransport
from los.people.models import Organisation, OrganisationKind, Sector, Service
from los.team.models import TeamMember

UNIT_HER_ID = 8_900_001
PHYSIO_HER_ID = 8_900_101
GP_HER_ID = 8_900_102


@pytest.fixture
def network(tenant, settings, tmp_path):
    """The tenant on the health network: the coordinating unit and the physiotherapy have HER-ids, a GP
    office is on the family's team without any consent covering it, and messages travel through a
    folder pair of the test's own."""
    settings.LOS_HEALTH_NETWORK_DIR = str(tmp_path / "helsenett")
    unit = tenant.municipality.coordinating_unit
    unit.her_id, unit.org_number = UNIT_HER_ID, "974760673"
    unit.save()
    tenant.physio.her_id = PHYSIO_HER_ID
    tenant.physio.save()
    gp_org = Organisation.objects.create(
        municipality=tenant.municipality,
        name="Sentrum legekontor",
        kind=OrganisationKind.GP_OFFICE,
        her_id=8_900_100,
    )
    gp = Service.objects.create(
        organisation=gp_org, name="Fastlege", sector=Sector.HEALTH_AND_CARE, service_type_code="KX01"
    )
    gp.her_id = GP_HER_ID
    gp.save()
    TeamMember.objects.create(
        family=tenant.family, professional=tenant.other_provider.professional, service=gp
    )
    tenant.gp = gp
    return FolderTransport(settings.LOS_HEALTH_NETWORK_DIR)


def child_of(tenant):
    return tenant.family.children.order_by("id").first()


def dialog_from(
    service_her_id, tenant, *, to_her_id=UNIT_HER_ID, national_id=None, kind="notat", ref=None, text="Hei."
):
    """A Dialogmelding 1.1 as a GP office or the physiotherapy would send it to the coordinating unit."""
    child = child_of(tenant)
    return kith.build_dialogmelding(
        kith.OutgoingDialog(
            msg_id=kith.new_msg_id(),
            generated=timezone.now() - datetime.timedelta(minutes=5),
            kind=kind,
            sender=kith.Party(
                organisation=kith.Organisation(name="Sentrum legekontor", her_id="8300000"),
                service=kith.Service(name="Fastlege", her_id=str(service_her_id)),
                person=kith.Person(given_name="Kari", family_name="Lege"),
            ),
            receiver=kith.Party(
                organisation=kith.Organisation(
                    name=tenant.municipality.name, her_id=None, org_number="974760673"
                ),
                service=kith.Service(name="Koordinerende enhet", her_id=str(to_her_id)),
                person=kith.Person(given_name="Kim", family_name="Koordinator"),
            ),
            patient=kith.Patient(
                national_id=national_id or child.national_id,
                given_name=child.first_name,
                family_name=child.last_name,
            ),
            subject_code="6" if ref is None else "8",
            subject_text=kith.SUBJECTS["6" if ref is None else "8"],
            text=text,
            conversation_ref=ref,
        )
    )
