"""The world the access matrix runs in: two municipalities, every actor, and the family's consent put in
each state in turn."""

from __future__ import annotations

import contextlib
import datetime
from functools import cached_property

from django.utils import timezone

from los.consent.models import Consent, ConsentSignature
from los.core import dates
from los.core.models import NeedToKnow, Role
from los.people.models import Family
from tests.factories import make_tenant, make_user

from .calendar_records import CalendarRecords
from .case_records import CaseRecords
from .savepoints import rolled_back
from .states import ACTIVE, ACTIVE_PLAN, EXPIRED, NONE, PENDING, WITHDRAWN
from .team_records import TeamRecords


class World(CaseRecords, TeamRecords, CalendarRecords):
    """Two tenants, every actor, and (built on demand, once) one record of each kind in the family."""

    def __init__(self):
        self.t = make_tenant("Fjord", "9911", 0)
        self.o = make_tenant("Ås", "9912", 1)
        self.admin = make_user("oppsett", Role.ADMIN, is_staff=True, is_superuser=True)
        self.caseworker_ntk = make_user("Fjordbehov", Role.CASEWORKER, self.t.municipality)
        now = timezone.now()
        NeedToKnow.objects.create(
            user=self.caseworker_ntk,
            family=self.t.family,
            reason="casework",
            explanation="Behandler klagen og må se planen og møtene.",
            starts_at=now - datetime.timedelta(minutes=5),
            expires_at=now + datetime.timedelta(hours=20),
        )
        # The base state: one active consent naming physiotherapy that also covers the plan.
        Consent.objects.filter(pk=self.t.consent.pk).update(covers_individual_plan=True)
        # Where the consents go in the "none" state (the plan keeps pointing at its consent row).
        self.limbo = Family.objects.create(municipality=self.t.municipality, name="Familien Ingensteds")
        # The guardian's open survey (it shows no family data; only the guardian asked may answer it).
        from los.surveys.models import SurveyInvitation, Trigger

        self.survey = SurveyInvitation.objects.create(
            family=self.t.family,
            user=self.t.guardian_user,
            trigger=Trigger.QUARTERLY,
            closes_at=now + datetime.timedelta(days=30),
        )

    @property
    def family(self):
        return self.t.family

    def user(self, actor):
        if actor == "anonymous":
            return None
        if actor == "admin":
            return self.admin
        if actor == "caseworker_ntk":
            return self.caseworker_ntk
        source = self.o if actor.startswith("foreign_") else self.t
        name = actor.removeprefix("foreign_")
        return getattr(source, "guardian_user" if name == "guardian" else name)

    # --- consent states ------------------------------------------------------------------------------
    @contextlib.contextmanager
    def consent_state(self, state):
        """Put every consent of the family in `state` for the duration (rolled back afterwards)."""
        with rolled_back():
            consents = Consent.objects.filter(family=self.t.family)
            today = dates.today()
            if state == ACTIVE_PLAN:
                pass
            elif state == ACTIVE:
                consents.update(covers_individual_plan=False)
            elif state == PENDING:
                ids = list(consents.values_list("pk", flat=True))
                ConsentSignature.objects.filter(consent_id__in=ids, guardian=self.t.guardians[1]).delete()
                consents.update(effective_at=None)
            elif state == WITHDRAWN:
                consents.update(
                    withdrawn_at=timezone.now(),
                    withdrawn_by=self.t.guardian_user,
                    withdrawal_reason="Trukket.",
                )
            elif state == EXPIRED:
                consents.update(
                    starts_on=today - datetime.timedelta(days=60), ends_on=today - datetime.timedelta(days=1)
                )
            elif state == NONE:
                consents.update(family=self.limbo)
            else:  # pragma: no cover
                raise ValueError(state)
            yield

    @cached_property
    def pending_consent(self):
        """A consent for the school that one guardian has given and the guardian with a login has not."""
        consent = Consent.objects.create(
            family=self.t.family, starts_on=dates.today(), created_by=self.t.caseworker
        )
        consent.services.set([self.t.school])
        ConsentSignature.objects.create(
            consent=consent, guardian=self.t.guardians[1], recorded_by=self.t.caseworker
        )
        return consent
