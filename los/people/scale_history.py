"""Three years of history for the large synthetic installation (`los.people.scale`): cases and decisions,
plans, meetings and follow-up, relay logs, appointments, and the access log as one valid hash chain.

A mixin of `ScaleSeeder`: it uses the seeder's generator, tables (`scale_writer`) and the families it made.
"""

from __future__ import annotations

import bisect
import datetime as dt
from types import SimpleNamespace
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction

from los.calendar.models import AppointmentStatus
from los.casework import eligibility
from los.casework.deadlines import complaint_deadline
from los.casework.eligibility_request import assessment_to_dict, facts_from_request
from los.casework.models import (
    ApplicationStatus,
    Channel,
    ComplaintState,
    CoordinatorKind,
    Outcome,
    Right,
)
from los.casework.outcomes import judge, legal_basis
from los.casework.services.assessments import final_rights, validate_facts
from los.core import audit, dates
from los.core.errors import DomainError
from los.core.models import NeedToKnowReason
from los.notifications.models import EmailStatus, Kind
from los.referrals.models import ReferralStatus
from los.team.demo import ITEMS, NEEDS
from los.team.models import (
    MeetingStatus,
    Reply,
)
from los.team.services.reminders import chase_period

if TYPE_CHECKING:
    from .scale import Fam, Muni

from .scale_data import (
    APPOINTMENT_KINDS,
    APPOINTMENT_MINUTES,
    BIG_ACCESS_LOG,
    BIG_APPOINTMENTS,
    BIG_FAMILIES,
    CONCERNS,
    EXPORTS,
    GOALS,
    HEALTH,
    HISTORY_DAYS,
    MEASURES,
    NEED_TO_KNOW,
    OTHER,
    OTHER_ACCESS_LOG_PER_FAMILY,
    RECORDS_CASEWORKER,
    RECORDS_COORDINATOR,
    RECORDS_GUARDIAN,
    RECORDS_NEED_TO_KNOW,
    RECORDS_PROVIDER,
    RELAY_TEXTS,
)


class HistoryMixin:
    def casework(self, muni: Muni) -> None:
        self.write_families(muni)
        rng = self.rng
        for fam in muni.fams:
            caseworker = rng.choice(muni.caseworkers)
            born = next((c for c in fam.children if c[1] is not None), fam.children[0])
            if fam.coordinator is not None:
                received = (fam.earlier[0][1] if fam.earlier else fam.coordinator_since) - dt.timedelta(
                    days=rng.randrange(35, 60)
                )
                received = max(received, fam.since)
                app_id, decision_id = self.case(fam, born, caseworker, received, granted=True, muni=muni)
                kind = CoordinatorKind.CHILD_COORDINATOR
                if fam.earlier:
                    # The earlier assignment came from the application; the current one replaced it.
                    app_for_current = None
                else:
                    app_for_current = app_id
                self.t_assignment.add(
                    fam.id,
                    fam.coordinator,
                    kind,
                    fam.coordinator_since,
                    None,
                    "",
                    app_for_current,
                    rng.choice([1, 2, 2, 3]),
                    "Har kapasitet og kjenner skolen.",
                    caseworker,
                )
                continue
            age = (self.today - fam.since).days
            if age < 30:
                self.case(fam, born, caseworker, fam.since, state="new", muni=muni)
            elif age < 75:
                self.case(fam, born, caseworker, fam.since, state="interim", muni=muni)
            elif rng.random() < 0.6:
                self.case(fam, born, caseworker, fam.since, granted=False, muni=muni)

    def case(self, fam, child, caseworker, received, granted=None, state=None, muni=None):
        rng = self.rng
        birth = child[1]
        wants_plan = fam.wants_plan
        other = rng.sample(OTHER, k=rng.randrange(1, 3)) if granted is not False else []
        health = rng.sample(HEALTH, k=2)
        portal = rng.random() < 0.4
        guardian_user = next((g[1] for g in fam.guardians if g[1]), None)
        submitted = guardian_user if portal and guardian_user else caseworker
        status = {
            "new": ApplicationStatus.RECEIVED,
            "interim": ApplicationStatus.ASSESSING,
        }.get(state, ApplicationStatus.DECIDED)
        app_id = self.t_application.add(
            fam.id,
            child[0],
            Channel.PORTAL
            if submitted != caseworker
            else rng.choice([Channel.LETTER, Channel.PHONE, Channel.EMAIL]),
            received,
            status,
            True,
            wants_plan,
            "Barnet har en alvorlig sykdom og mange avtaler med ulike tjenester. "
            "Foreldrene bruker mye tid på å samordne.",
            health,
            other,
            "En koordinator som er lett å nå, og som kjenner skolen.",
            "Barnet vil ha færre møter og én voksen å spørre.",
            "nb",
            False,
            submitted,
            dates.at(received, dt.time(11)),
        )
        fam.records.setdefault("application", []).append(app_id)
        if state == "new":
            return app_id, None
        assessed_on = min(self.today, received + dt.timedelta(days=rng.randrange(10, 30)))
        facts = {
            "assessed_on": assessed_on,
            # A child born after the assessment was expected then: the birth date was the due date.
            "child_birth_date": birth if birth and birth <= assessed_on else None,
            "expected_due_date": None
            if birth and birth <= assessed_on
            else (birth or self.today + dt.timedelta(days=60)),
            "serious_condition": True,
            "long_term_needs": True,
            "complex_needs": True,
            "health_and_care_services": health,
            "other_welfare_services": other,
            "guardians_want_child_coordinator": True,
        }
        request = validate_facts(facts)
        result = assessment_to_dict(eligibility.assess(facts_from_request(request)))
        assessment_id = self.t_assessment.add(
            app_id,
            assessed_on,
            request.model_dump(mode="json"),
            result,
            caseworker,
            dates.at(assessed_on, dt.time(12)),
        )
        reviews = []
        for right in result["rights"]:
            for c in result["rights"][right]["criteria"]:
                self.t_review.add(
                    assessment_id,
                    right,
                    c["code"],
                    c["status"],
                    c["status"],
                    "",
                    caseworker,
                    dates.at(assessed_on, dt.time(12, 30)),
                )
                reviews.append(SimpleNamespace(right=right, code=c["code"], status=c["status"], reason=""))
        fam.records.setdefault("eligibility", []).append(assessment_id)
        if state == "interim":
            self.t_interim.add(
                app_id,
                assessed_on,
                "Vi venter på en uttalelse fra Barneklinikken.",
                assessed_on + dt.timedelta(days=21),
                "Vi har mottatt søknaden din. Vi trenger mer tid fordi vi venter på en uttalelse fra "
                "Barneklinikken. Du kan vente svar innen tre uker.",
                caseworker,
            )
            fam.records.setdefault("interim_reply", []).append(app_id)
            return app_id, None
        rights = final_rights(SimpleNamespace(result=result), reviews)
        decided_on = min(self.today, assessed_on + dt.timedelta(days=rng.randrange(3, 15)))
        decision_id = self.decision(
            fam, app_id, assessment_id, rights, wants_plan, caseworker, decided_on, None
        )
        if decision_id is None:
            return app_id, None
        # A few percent complain: mostly refusals.
        if rng.random() < (0.35 if granted is False else 0.01):
            self.complaint(
                fam, app_id, assessment_id, rights, wants_plan, decision_id, caseworker, decided_on
            )
        return app_id, decision_id

    def outcomes(self, rights, wants_plan: bool, grant_all: bool = False) -> dict:
        outcomes = {}
        for right, wanted in ((Right.CHILD_COORDINATOR, True), (Right.INDIVIDUAL_PLAN, wants_plan)):
            if not wanted:
                continue
            if rights[right]["status"] == eligibility.Status.YES:
                outcomes[right] = (Outcome.GRANTED, "", "")
            elif grant_all:
                outcomes[right] = (
                    Outcome.GRANTED,
                    "",
                    "Kommunen mener familien trenger en koordinator selv om vilkårene ikke er oppfylt.",
                )
            else:
                outcomes[right] = (
                    Outcome.REFUSED,
                    "Barnet trenger i dag bare helse- og omsorgstjenester. Loven krever også behov for andre "
                    "velferdstjenester. Søk på nytt hvis behovet endrer seg.",
                    "",
                )
        return outcomes

    def decision(
        self,
        fam,
        app_id,
        assessment_id,
        rights,
        wants_plan,
        caseworker,
        decided_on,
        replaces,
        grant_all=False,
    ):
        try:
            judged = judge(rights, self.outcomes(rights, wants_plan, grant_all))
        except DomainError:
            return None
        decision_id = self.t_decision.add(
            app_id,
            replaces,
            assessment_id,
            decided_on,
            decided_on,
            decided_on,
            complaint_deadline(decided_on),
            "Søknaden fra foreldrene, samtale med familien og uttalelse fra fysioterapeuten.",
            "Foreldrene ønsker én fast person som hjelper dem å samordne tjenestene.",
            "Barnet ønsker færre møter og én voksen å spørre.",
            "Familiens og barnets ønsker er lagt stor vekt på.",
            legal_basis(judged),
            caseworker,
            caseworker,
            dates.at(decided_on, dt.time(13)),
            self.letter_pdf,
        )
        for r in judged:
            self.t_right.add(
                decision_id,
                r.right,
                r.outcome,
                r.reasons,
                r.assessed_status,
                r.more_generous_than_law,
                r.criteria,
                r.law,
            )
        fam.records.setdefault("decision", []).append(decision_id)
        return decision_id

    def complaint(self, fam, app_id, assessment_id, rights, wants_plan, decision_id, caseworker, decided_on):
        rng = self.rng
        received = decided_on + dt.timedelta(days=rng.randrange(5, 25))
        if received > self.today:
            return
        state = rng.choices(
            [
                ComplaintState.RECEIVED,
                ComplaintState.RECONSIDERING,
                ComplaintState.UPHELD,
                ComplaintState.FORWARDED,
            ],
            weights=[1, 2, 3, 4],
        )[0]
        if (self.today - received).days < 20:
            state = ComplaintState.RECEIVED
        started = received + dt.timedelta(days=3) if state != ComplaintState.RECEIVED else None
        resolved = forwarded = new_decision = None
        assessment_text = ""
        if state == ComplaintState.UPHELD:
            resolved = received + dt.timedelta(days=14)
            new_decision = self.decision(
                fam,
                app_id,
                assessment_id,
                rights,
                wants_plan,
                caseworker,
                resolved,
                decision_id,
                grant_all=True,
            )
            if new_decision is None:
                state, resolved = ComplaintState.RECONSIDERING, None
        elif state == ComplaintState.FORWARDED:
            forwarded = received + dt.timedelta(days=18)
            assessment_text = "Vilkåret om behov for andre velferdstjenester er ikke oppfylt."
        complaint_id = self.t_complaint.add(
            decision_id,
            state,
            Channel.LETTER,
            received,
            "Vi mener skolen er en velferdstjeneste barnet trenger tilrettelegging fra, og at barnet derfor "
            "har rett til barnekoordinator.",
            caseworker,
            started,
            resolved,
            new_decision,
            assessment_text,
            forwarded,
        )
        fam.records.setdefault("complaint", []).append(complaint_id)

    # --- plans, meetings, relay logs ---------------------------------------------------------------

    def plans(self, muni: Muni) -> None:
        rng = self.rng
        for fam in muni.fams:
            if fam.coordinator is None or not fam.consent_plan or fam.consent_state == "none":
                continue
            if fam is not getattr(self, "forelder_family", None) and rng.random() < 0.3:
                continue
            coordinator = fam.coordinator
            child = next((c for c in fam.children if c[1] is not None), fam.children[0])
            start = min(self.today, fam.coordinator_since + dt.timedelta(days=rng.randrange(10, 60)))
            plan_id = self.t_plan.add(fam.id, child[0], dates.at(start, dt.time(10)), coordinator)
            fam.records["individual_plan"] = [plan_id]
            versions = 1 + min(3, (self.today - start).days // 180)
            goals = rng.sample(GOALS, k=rng.randrange(2, 4))
            lineages = [(self.uuid(), [self.uuid() for _ in range(2)]) for _ in goals]
            team_services = [m[0] for m in fam.team if m[0] in fam.consent_services]
            for number in range(1, versions + 1):
                created = start + dt.timedelta(days=180 * (number - 1))
                frozen = (
                    dates.at(start + dt.timedelta(days=180 * number), dt.time(9))
                    if number < versions
                    else None
                )
                version_id = self.t_version.add(
                    plan_id,
                    number,
                    dates.at(created, dt.time(10)),
                    coordinator,
                    "" if number == 1 else "Halvårlig gjennomgang med familien",
                    frozen,
                    "Barnet er nysgjerrig, liker musikk og har gode venner i klassen.",
                    "Trening for å gå lengre, hjelp til å planlegge dagen, avlastning for foreldrene.",
                    coordinator,
                    self.users[coordinator][0],
                    "Barnet øver på øvelsene hjemme.",
                    "Foreldrene følger opp øvelsene hjemme.",
                    "Fysioterapi, skolen og helsestasjonen.",
                    start,
                    start + dt.timedelta(days=730),
                    created + dt.timedelta(days=180),
                    fam.consent_id,
                    "Skolen og fysioterapeuten møtes hver måned.",
                )
                self.t_participant.add(
                    version_id, f"{fam.guardians[0][3]} {fam.guardians[0][4]}", "foresatt", None, 0
                )
                self.t_participant.add(version_id, self.users[coordinator][0], "koordinator", None, 1)
                for position, ((text, voice), (goal_lineage, measure_lineages)) in enumerate(
                    zip(goals, lineages, strict=True)
                ):
                    goal_id = self.t_goal.add(version_id, None, goal_lineage, text, voice, position)
                    for k, measure_lineage in enumerate(measure_lineages):
                        description, scope = MEASURES[(position * 2 + k) % len(MEASURES)]
                        service = team_services[k % len(team_services)] if team_services else None
                        person = next((m[2] for m in fam.team if m[0] == service), coordinator)
                        evaluate_on = created + dt.timedelta(days=90)
                        measure_id = self.t_measure.add(
                            goal_id,
                            measure_lineage,
                            description,
                            service,
                            person,
                            scope,
                            created,
                            evaluate_on,
                            k,
                        )
                        if evaluate_on < self.today:
                            self.t_evaluation.add(
                                measure_id,
                                evaluate_on,
                                evaluate_on,
                                rng.choice(
                                    ["Går bedre enn ventet.", "Litt fremgang, fortsetter.", "Må justeres."]
                                ),
                                rng.choice(["continue", "continue", "adjust"]),
                                coordinator,
                                dates.at(evaluate_on, dt.time(14)),
                            )

    def uuid(self):
        import uuid

        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def follow_up(self, muni: Muni) -> None:
        rng = self.rng
        for fam in muni.fams:
            if rng.random() < 0.12 and fam.consent_state == "active" and fam.consent_services:
                self.relay_log(fam)
            if rng.random() < 0.4:
                service_id = rng.choice(fam.team)[0]
                sent = self.days_ago(rng.randrange(5, (self.today - fam.since).days + 6))
                status = rng.choice(list(ReferralStatus.values))
                answered = (
                    None if status == ReferralStatus.SENT else min(self.today, sent + dt.timedelta(days=6))
                )
                self.t_referral.add(
                    fam.id,
                    service_id,
                    "Vurdering av hjelpemidler hjemme",
                    sent,
                    fam.coordinator or muni.caseworkers[0],
                    status,
                    answered,
                    "",
                )
                fam.records.setdefault("referrals", []).append(fam.id)
            if fam.coordinator is None:
                continue
            coordinator = fam.coordinator
            start = fam.coordinator_since
            # Contact with the family every one to three months.
            day = start + dt.timedelta(days=rng.randrange(3, 30))
            while day < self.today:
                self.t_contact.add(
                    fam.id,
                    day,
                    rng.choice(["phone", "meeting", "video", "message", "email"]),
                    rng.choice(NEEDS),
                    coordinator,
                    dates.at(day, dt.time(15)),
                )
                day += dt.timedelta(days=rng.randrange(30, 90))
            self.meetings(fam, start)

    def meetings(self, fam: Fam, start: dt.date) -> None:
        rng = self.rng
        coordinator = fam.coordinator
        covered = [m for m in fam.team if m[0] in fam.consent_services] if self.active_consent(fam) else []
        people = [(coordinator, None, self.users[coordinator][0], "koordinator")]
        people += [(m[2], None, self.users[m[2]][0], m[3]) for m in covered[:3]]
        for gid, user_id, holds, first, last in fam.guardians:
            if holds:
                people.append((user_id, gid, f"{first} {last}", "forelder"))
        people = list({(p[0] or -p[1]): p for p in people}.values())
        interpreter = ""
        children = [c[0] for c in fam.children]
        day = start + dt.timedelta(days=rng.randrange(14, 40))
        upcoming_done = False
        while not upcoming_done:
            while day.weekday() >= 5:
                day += dt.timedelta(days=1)
            past = day < self.today
            if not past:
                upcoming_done = True
                if day > self.today + dt.timedelta(days=60):
                    break
            hour = rng.choice([9, 10, 12, 13, 14])
            status = (
                (MeetingStatus.CANCELLED if rng.random() < 0.05 else MeetingStatus.HELD)
                if past
                else MeetingStatus.PLANNED
            )
            meeting_id = self.t_meeting.add(
                fam.id,
                "Møte i ansvarsgruppen",
                dates.at(day, dt.time(hour)),
                dates.at(day, dt.time(hour + 1)),
                "Rådhuset, møterom 2",
                "1. Hvordan går det?\n2. Status på oppgavene\n3. Veien videre",
                status,
                f"seed{self.seed}-meeting-{fam.id}-{day.isoformat()}@los",
                coordinator,
                dates.at(day - dt.timedelta(days=14), dt.time(12)),
                interpreter,
            )
            fam.records.setdefault("meeting", []).append(meeting_id)
            for user_id, gid, name, role in people:
                reply = Reply.ATTENDING if past or user_id == coordinator else Reply.PENDING
                self.t_invitation.add(meeting_id, user_id, gid, name, "", role, reply)
                if not past and user_id is not None and user_id != coordinator:
                    self.t_notification.add(
                        user_id,
                        Kind.MEETING_INVITATION,
                        None,
                        fam.id,
                        None,
                        None,
                        f"Innkalling til møte i ansvarsgruppen {day:%d.%m.%Y} kl. {hour}.",
                        dates.at(day - dt.timedelta(days=14), dt.time(12)),
                        None,
                        EmailStatus.SENT,
                    )
            if status == MeetingStatus.HELD:
                written = dates.at(day, dt.time(16))
                minutes_id = self.t_minutes.add(
                    meeting_id,
                    "\n".join(p[2] for p in people),
                    "Barnet sa at det liker fysioterapien, men er sliten etter skolen.",
                    "Foreldrene trenger mer avlastning.",
                    "Koordinatoren søker om avlastning. "
                    "Fysioterapeuten lager et treningsprogram for hjemmet.",
                    coordinator,
                    written,
                    written if rng.random() < 0.9 else None,
                )
                fam.records.setdefault("minutes", []).append(minutes_id)
                for k in range(rng.randrange(1, 4)):
                    responsible = people[k % len(people)][0] or coordinator
                    due = day + dt.timedelta(days=rng.randrange(7, 45))
                    done = due < self.today - dt.timedelta(days=20) and rng.random() < 0.9
                    item_id = self.t_item.add(
                        fam.id,
                        meeting_id,
                        children[k % len(children)] if k < 2 else None,
                        rng.choice(ITEMS),
                        responsible,
                        due,
                        "done" if done else "open",
                        coordinator,
                        written,
                        dates.at(due - dt.timedelta(days=2), dt.time(10)) if done else None,
                    )
                    fam.records.setdefault("action_item", []).append(item_id)
                    if responsible != coordinator:
                        self.t_notification.add(
                            responsible,
                            Kind.ACTION_ITEM_ASSIGNED,
                            item_id,
                            fam.id,
                            None,
                            None,
                            "Ny oppgave fra møtet i ansvarsgruppen.",
                            written,
                            written if done else None,
                            EmailStatus.SENT,
                        )
                    period = None if done else chase_period(due, self.today, settings.LOS_CHASE_INTERVAL_DAYS)
                    if period is not None:
                        self.t_notification.add(
                            responsible,
                            Kind.CHASE,
                            item_id,
                            fam.id,
                            None,
                            period,
                            f"Purring: oppgaven skulle vært gjort innen {due:%d.%m.%Y}.",
                            dates.at(self.today, dt.time(6)),
                            None,
                            EmailStatus.NOT_SENT,
                        )
            day += dt.timedelta(days=rng.randrange(90, 180))

    def relay_log(self, fam: Fam) -> None:
        rng = self.rng
        member = next((m for m in fam.team if m[0] in fam.consent_services), None)
        if member is None:
            return
        opened = self.days_ago(rng.randrange(10, max(11, min(600, (self.today - fam.since).days))))
        log_id = self.t_relay.add(
            fam.id,
            fam.children[0][0],
            rng.choice(CONCERNS),
            rng.randrange(0, 4),
            member[2],
            opened,
            member[2],
        )
        fam.records["relay_log"] = [log_id]
        self.t_relay_services.add(log_id, member[0])
        day = opened
        for kind, text in rng.sample(RELAY_TEXTS, k=rng.randrange(1, 5)):
            day = min(self.today, day + dt.timedelta(days=rng.randrange(3, 30)))
            self.t_relay_entry.add(log_id, kind, day, text, member[2], dates.at(day, dt.time(15)))
        goal_id = self.t_goal.add(
            None, log_id, self.uuid(), "Jeg vil orke å være på skolen hele dagen", "child", 0
        )
        self.t_measure.add(
            goal_id,
            self.uuid(),
            "Samtale hver uke",
            member[0],
            member[2],
            "30 minutter i uka",
            opened,
            opened + dt.timedelta(days=30),
            0,
        )

    # --- appointments -------------------------------------------------------------------------------

    def appointments(self) -> None:
        rng = self.rng
        per_family = BIG_APPOINTMENTS / BIG_FAMILIES
        horizon = self.today + dt.timedelta(days=120)
        for muni in self.munis:
            total = round(len(muni.fams) * per_family)
            fams = muni.fams
            for _ in range(total):
                self.appointment(fams[int(rng.random() * len(fams))], rng, horizon)
        if self.demo and getattr(self, "forelder_family", None) is not None:
            for _ in range(6):
                self.appointment(self.forelder_family, rng, horizon, future=True)

    def appointment(self, fam: Fam, rng, horizon, future=False) -> None:
        random = rng.random
        service_id, prof_id, user_id, _profession = fam.team[int(random() * len(fam.team))]
        first = max(fam.since, self.today - dt.timedelta(days=HISTORY_DAYS))
        if future:
            first = self.today + dt.timedelta(days=1)
        day = first + dt.timedelta(days=int(random() * max(1, (horizon - first).days)))
        weekday = day.weekday()
        if weekday >= 5:
            day += dt.timedelta(days=7 - weekday)
        start = dt.datetime(
            day.year, day.month, day.day, 8 + int(random() * 7), 15 * int(random() * 4), tzinfo=dates.OSLO
        )
        minutes = APPOINTMENT_MINUTES[int(random() * len(APPOINTMENT_MINUTES))]
        if day < self.today:
            status = AppointmentStatus.CANCELLED if random() < 0.07 else AppointmentStatus.CONFIRMED
        else:
            roll = random()
            status = (
                AppointmentStatus.CONFIRMED
                if roll < 0.7
                else AppointmentStatus.PLANNED
                if roll < 0.9
                else AppointmentStatus.REQUESTED
            )
        children = [c for c in fam.children if c[1] is not None and c[1] <= day] or fam.children[:1]
        child_id = children[int(random() * len(children))][0]
        created_day = max(fam.since, day - dt.timedelta(days=7 + int(random() * 53)))
        created = dt.datetime(created_day.year, created_day.month, created_day.day, 9, tzinfo=dates.OSLO)
        creator = fam.coordinator or user_id
        appointment_id = self.t_appointment.next_id
        self.t_appointment.add(
            fam.id,
            child_id,
            service_id,
            prof_id,
            "",
            APPOINTMENT_KINDS[int(random() * len(APPOINTMENT_KINDS))],
            status,
            start,
            start + dt.timedelta(minutes=minutes),
            self.places.get(service_id),
            f"seed{self.seed}-{appointment_id}@los",
            "los",
            creator,
            created,
            created,
        )
        if status == AppointmentStatus.REQUESTED:
            self.t_booking.add(appointment_id, service_id, creator, created)
        ids = fam.records.setdefault("appointment", [])
        if len(ids) < 20:
            ids.append(appointment_id)

    # --- the access log --------------------------------------------------------------------------------

    def access_log(self) -> None:
        """Reads and changes over three years, in one valid hash chain after the current head."""
        rng = self.rng
        events = []
        for muni in self.munis:
            if muni.index == 0:
                total = self.scaled(BIG_ACCESS_LOG)
            else:
                total = round(len(muni.fams) * OTHER_ACCESS_LOG_PER_FAMILY * self.fraction)
            if not total:
                continue
            actors = [self.actors(muni, fam) for fam in muni.fams]
            n = len(actors)
            for _ in range(total):
                events.append(self.event(muni, actors[int(rng.random() * n)], rng))
        events.sort(key=lambda e: (e[0], e[1]))
        with transaction.atomic():
            audit._lock_chain()
            seq, prev = audit._head()
            entry = _Entry()
            add = self.t_log.add
            for event in events:
                seq += 1
                at, user_id, family_id, action, record_type, record_id, reason, purpose, channel, ip = event
                name, role = self.users[user_id]
                entry.fill(seq, at, user_id, name, role, *event[2:], prev)
                digest = audit._digest(entry)
                add(seq, at, user_id, name, role, *event[2:], prev, digest)
                prev = digest
            self.w.finish()

    def actors(self, muni: Muni, fam: Fam) -> tuple:
        """Who may look at the family, and from when (the relations the access policy knows)."""
        first = max(fam.since, self.today - dt.timedelta(days=HISTORY_DAYS))
        guardians = [g[1] for g in fam.guardians if g[1] and g[2]]
        active = fam.consent_state == "active"
        members = [m[2] for m in fam.team if m[0] in fam.consent_services] if active else []
        periods = [(start, end, user) for user, start, end in fam.earlier]
        if fam.coordinator is not None:
            periods.append((fam.coordinator_since, self.today, fam.coordinator))
        return (fam, first, (self.today - first).days, guardians, members, fam.consent_start, periods)

    def stated_need(self, user_id: int, family_id: int, day: dt.date, random) -> str:
        """The caseworker's stated need to know for the family that day (one statement, valid a day),
        as the log's purpose shows it."""
        key = (user_id, family_id, day)
        purpose = self.stated.get(key)
        if purpose is None:
            reason, explanation = NEED_TO_KNOW[int(random() * len(NEED_TO_KNOW))]
            starts = dates.at(day, dt.time(7))
            self.t_need.add(user_id, family_id, reason, explanation, starts, starts + dt.timedelta(days=1))
            purpose = f"{NeedToKnowReason(reason).label}: {explanation}"
            self.stated[key] = purpose
        return purpose

    def event(self, muni: Muni, actors: tuple, rng):
        fam, first, days, guardians, members, consent_start, periods = actors
        random = rng.random
        day = first + dt.timedelta(days=int(random() * days))
        if random() < 0.85:  # working hours, mostly
            seconds = 7 * 3600 + int(random() * 10 * 3600)
        else:
            seconds = int(random() * 86400)
        micro = int(random() * 1_000_000)
        roll = random()
        purpose = ""
        coordinator = next((user for start, end, user in periods if start <= day <= end), None)
        if roll < 0.35 and coordinator:
            user_id, reason, records = coordinator, "assigned_coordinator", RECORDS_COORDINATOR
        elif roll < 0.6 and members and consent_start <= day:
            user_id, reason, records = (
                members[int(random() * len(members))],
                "team_member_with_consent",
                RECORDS_PROVIDER,
            )
        elif roll < 0.78 and guardians:
            user_id = guardians[int(random() * len(guardians))]
            reason, records = "guardian_with_parental_responsibility", RECORDS_GUARDIAN
        elif roll < 0.83:
            user_id = muni.caseworkers[int(random() * len(muni.caseworkers))]
            reason, records = "caseworker_need_to_know", RECORDS_NEED_TO_KNOW
            seconds = 7 * 3600 + seconds % (10 * 3600)  # after the need was stated, that working day
            purpose = self.stated_need(user_id, fam.id, day, random)
        else:
            user_id = muni.caseworkers[int(random() * len(muni.caseworkers))]
            reason, records = "caseworker_in_municipality", RECORDS_CASEWORKER
        local = dt.datetime(day.year, day.month, day.day, tzinfo=dates.OSLO) + dt.timedelta(
            seconds=seconds, microseconds=micro
        )
        at = local.astimezone(dt.UTC)
        record_type = _pick(random, records)
        ids = fam.records.get(record_type)
        record_id = str(ids[int(random() * len(ids))]) if ids else str(fam.id)
        action_roll = random()
        if record_type in EXPORTS and action_roll < 0.04:
            action = "export"
        elif action_roll < 0.14 and record_type not in ("family_list", "caseload", "access_log", "follow_up"):
            action = "change"
        else:
            action = "read"
        channel = "web"
        if (
            record_type in ("calendar", "appointment")
            and reason != "caseworker_need_to_know"
            and random() < 0.2
        ):
            channel = "ical"
        elif random() < 0.07:
            channel = "api"
        r = int(random() * 16_777_216)
        ip = None if channel == "ical" and r & 1 else f"10.{r >> 16}.{(r >> 8) & 255}.{(r & 255) or 1}"
        return (at, user_id, fam.id, action, record_type, record_id, reason, purpose, channel, ip)


class _Entry:
    """What `audit._digest` reads from a row, without building a model instance per row."""

    __slots__ = tuple(c for c in audit.COLUMNS if c != "hash")

    def fill(self, *values) -> None:
        for name, value in zip(self.__slots__, values, strict=True):
            setattr(self, name, value)


def _cumulative(weighted: list[tuple[str, int]]) -> tuple[list[str], list[float]]:
    total = sum(w for _, w in weighted)
    running, bounds = 0, []
    for _, w in weighted:
        running += w
        bounds.append(running / total)
    return [n for n, _ in weighted], bounds


_CUMULATIVE: dict[int, tuple[list[str], list[float]]] = {}


def _pick(random, weighted: list[tuple[str, int]]) -> str:
    names, bounds = _CUMULATIVE.get(id(weighted)) or _CUMULATIVE.setdefault(
        id(weighted), _cumulative(weighted)
    )
    return names[min(bisect.bisect(bounds, random()), len(names) - 1)]
