"""Every form input is bounded at the edge (issue 10): an id the database cannot hold, a negative id or a
word in a checkbox, select or hidden field is a form error on that field (422 page), never a 500; a date
lies in a sane range for its kind, so 9999-12-31 is refused with a message on the field; every text has
a length limit and every list a size limit.

The table below names every form class in `los`; a new form fails `test_every_form_is_in_the_table`
until it is added, so its fields get the same checks."""

from __future__ import annotations

import datetime
import importlib
from pathlib import Path

import pytest
from django import forms

import los
from los.core import bounds, dates
from los.core.bounds import MAX_IDS, TEXT_LENGTH
from los.core.forms import DateField
from los.core.models import Role, User
from los.people.models import Service
from los.plans.models import Goal

pytestmark = pytest.mark.django_db

TOO_BIG = str(2**63)  # 9223372036854775808: one more than the database's largest id
BAD_IDS = [TOO_BIG, "99999999999999999999", "-1", "0", "abc", "1e3", ""]
BAD_CHOICES = [TOO_BIG, "-1", "abc"]
FAR_DATES = ["9999-12-31", "0001-01-01", "1900-01-01", "2999-01-01"]

# --- every form, and how a page makes it ---------------------------------------------------------------


def _form_modules() -> list[str]:
    root = Path(los.__file__).parent
    names = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root.parent).with_suffix("")
        parts = relative.parts
        if "migrations" in parts:
            continue
        if parts[-1] == "forms" or parts[-1].endswith("_forms") or (len(parts) > 2 and parts[-2] == "forms"):
            names.append(".".join(p for p in parts if p != "__init__"))
    return names


def _form_classes() -> set[type]:
    found = set()
    for name in _form_modules():
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
            ):
                found.add(value)
    return found


def _services(t):
    return Service.objects.filter(organisation__municipality=t.municipality)


def _users(role):
    return lambda t: User.objects.filter(role=role, municipality=t.municipality)


CRITERIA = [("child_coordinator", {"code": "age", "text": "Barnet er under 18 år", "status": "yes"})]


def _table():
    from los.calendar import forms as calendar
    from los.calendar import place_forms
    from los.calendar.models import Place
    from los.casework import forms as casework
    from los.consent import forms as consent
    from los.coordinators import forms as coordinators
    from los.core import forms as core
    from los.messaging import forms as messaging
    from los.notifications import forms as notifications
    from los.people import forms as people
    from los.plans import forms as plans
    from los.portal import forms as portal
    from los.referrals import forms as referrals
    from los.team import forms as team
    from los.team import relay_forms as relay

    family = lambda t: {"family": t.family}  # noqa: E731
    none = lambda t: {}  # noqa: E731
    coordinators_ = lambda t: {"coordinators": _users(Role.COORDINATOR)(t)}  # noqa: E731
    return {
        calendar.AppointmentForm: lambda t: {
            "services": _services(t),
            "places": Place.objects.filter(municipality=t.municipality),
            "guardians": t.family.guardians.all(),
        },
        calendar.NeedForm: lambda t: {"services": _services(t), "children": t.family.children.all()},
        calendar.LimitsForm: none,
        calendar.ProposalForm: none,
        calendar.AdjustForm: none,
        place_forms.PlaceForm: none,
        place_forms.TravelTimeForm: lambda t: {"places": Place.objects.filter(municipality=t.municipality)},
        place_forms.ServiceCalendarForm: lambda t: {
            "places": Place.objects.filter(municipality=t.municipality)
        },
        place_forms.OpeningHoursForm: none,
        place_forms.ClosedDateForm: none,
        calendar.CounterForm: none,
        calendar.ImportForm: lambda t: {"services": _services(t)},
        casework.ApplicationForm: lambda t: {"family": t.family, "coordinators": _users(Role.COORDINATOR)(t)},
        casework.StaffApplicationForm: lambda t: {
            "family": t.family,
            "coordinators": _users(Role.COORDINATOR)(t),
        },
        casework.DocumentForm: none,
        casework.FactsForm: none,
        casework.ReviewForm: lambda t: {"criteria": CRITERIA, "reviews": []},
        casework.SelfCheckForm: none,
        casework.InterimReplyForm: none,
        casework.DecisionForm: lambda t: {"caseworkers": _users(Role.CASEWORKER)(t)},
        casework.ComplaintForm: none,
        casework.StaffComplaintForm: none,
        casework.ForwardForm: none,
        consent.ConsentForm: family,
        consent.PaperConsentForm: family,
        consent.WithdrawForm: none,
        consent.SignForm: none,
        consent.PaperSignatureForm: lambda t: {"family": t.family, "missing": list(t.family.guardians.all())},
        consent.ConsentRequestForm: none,
        coordinators.AppointForm: coordinators_,
        coordinators.ChangeRequestForm: none,
        coordinators.ReplaceForm: coordinators_,
        coordinators.KeepForm: none,
        coordinators.CoordinatorFilterForm: none,
        coordinators.ChangeKindForm: none,
        coordinators.DeclineForm: none,
        coordinators.CoordinatorProfileForm: none,
        coordinators.TrainingCourseForm: none,
        coordinators.TrainingCompletionForm: coordinators_,
        core.NeedToKnowForm: none,
        notifications.PreferenceForm: none,
        people.FamilyForm: none,
        people.ChildForm: none,
        people.GuardianForm: none,
        plans.PlanForm: none,
        plans.NewPlanForm: lambda t: {"children": t.family.children.all()},
        plans.GoalForm: none,
        plans.MeasureForm: lambda t: {"family": t.family, "goals": Goal.objects.all()},
        plans.ParticipantForm: family,
        plans.EvaluationForm: none,
        plans.ReviseForm: none,
        plans.CommentForm: none,
        referrals.ReferralForm: family,
        messaging.MessageForm: lambda t: {
            "services": list(_services(t)),
            "children": list(t.family.children.all()),
        },
        messaging.SortForm: lambda t: {"families": [t.family], "services": _services(t)},
        messaging.AddressFileForm: none,
        portal.LogFilterForm: lambda t: {"people": []},
        referrals.AnswerForm: none,
        referrals.OrganisationForm: none,
        team.ProfessionalMemberForm: family,
        team.FamilyMemberForm: family,
        team.MeetingForm: family,
        team.RescheduleForm: none,
        team.MinutesForm: family,
        team.ActionItemForm: family,
        team.CommentForm: none,
        team.StatusForm: none,
        team.ContactForm: none,
        relay.RelayLogForm: family,
        relay.RelayEntryForm: none,
        relay.HandoverForm: lambda t: {"family": t.family, "exclude_user": t.coordinator},
        relay.CloseForm: none,
        relay.CarryIntoPlanForm: lambda t: {"new_plan": True},
    }


#: Fields that carry ids in a text of their own making ("professional_id:service_id").
HAND_MADE_IDS = {("ConsentRequestForm", "member"): "{}:1"}


def _bind(form_class, tenant, data):
    form = form_class(data, **_table()[form_class](tenant))
    form.is_valid()  # must not raise
    return form


def _codes(form, name) -> set[str]:
    return {error.code for error in form.errors.as_data().get(name, [])}


def _fields(tenant):
    for form_class, kwargs in _table().items():
        for name, field in form_class(**kwargs(tenant)).fields.items():
            yield form_class, name, field


# --- the table is complete and every field is bounded --------------------------------------------------


def test_every_form_is_in_the_table():
    assert _form_classes() == set(_table()), "add the new form to the table in this test"


def test_every_field_of_every_form_has_a_bound(tenant):
    """Ids bounded, dates with a kind, texts with a length, lists with a size, numbers with a maximum."""
    problems = []
    for form_class, name, field in _fields(tenant):
        where = f"{form_class.__name__}.{name}"
        if isinstance(field, forms.ModelMultipleChoiceField):
            if not isinstance(field, bounds.BoundedModelMultipleChoiceField):
                problems.append(f"{where}: not a BoundedModelMultipleChoiceField")
        elif isinstance(field, forms.ModelChoiceField):
            if not isinstance(field, bounds.BoundedModelChoiceField):
                problems.append(f"{where}: not a BoundedModelChoiceField")
        elif isinstance(field, forms.MultipleChoiceField):
            if not getattr(field, "max_items", None):
                problems.append(f"{where}: a list without a maximum size")
        elif isinstance(field, forms.DateField):
            if not isinstance(field, DateField):
                problems.append(f"{where}: a date without a range (use los.core.forms.DateField)")
        elif isinstance(field, forms.CharField):
            if field.max_length is None or field.max_length > TEXT_LENGTH:
                problems.append(f"{where}: a text without a length limit")
        elif isinstance(field, forms.IntegerField):
            if field.max_value is None:
                problems.append(f"{where}: a number without a maximum")
    assert problems == []


# --- bad ids and choices --------------------------------------------------------------------------------


def test_ids_the_database_cannot_hold_are_a_form_error_on_the_field(tenant):
    checked = 0
    for form_class, name, field in _fields(tenant):
        hand_made = HAND_MADE_IDS.get((form_class.__name__, name))
        if hand_made:
            values = [hand_made.format(bad) for bad in BAD_IDS if bad] + [f"1:{TOO_BIG}"]
        elif isinstance(field, forms.ChoiceField | bounds.BoundedIdField):
            values = BAD_IDS if isinstance(field, forms.ModelChoiceField) else BAD_CHOICES
        else:
            continue
        many = isinstance(field, forms.MultipleChoiceField)
        for bad in values:
            if bad == "" and not many:
                continue  # an empty select is "nothing chosen", fine when the field is optional
            form = _bind(form_class, tenant, {name: [bad] if many else bad})
            where = f"{form_class.__name__}.{name}={bad!r}"
            assert not form.is_valid(), where
            assert name in form.errors, where
            assert "required" not in _codes(form, name), where
            checked += 1
    assert checked > 150


def test_a_list_longer_than_the_limit_is_refused_on_the_field(tenant):
    for form_class, name, field in _fields(tenant):
        if not isinstance(field, forms.MultipleChoiceField):
            continue
        form = _bind(form_class, tenant, {name: ["1"] * (MAX_IDS + 1)})
        assert name in form.errors, f"{form_class.__name__}.{name}"


# --- dates ----------------------------------------------------------------------------------------------


def test_far_dates_are_refused_with_a_message_on_the_field(tenant):
    checked = set()
    for form_class, name, field in _fields(tenant):
        if not isinstance(field, forms.DateField):
            continue
        for far in FAR_DATES:
            form = _bind(form_class, tenant, {name: far})
            where = f"{form_class.__name__}.{name}={far}"
            assert name in form.errors, where
            assert _codes(form, name) & {"date_range", "future"}, where
            assert any(word in " ".join(form.errors[name]) for word in ("Datoen", "dato", "kan ikke")), where
        # Today is always a sane date, whatever the kind.
        assert field.clean(dates.today().isoformat()) == dates.today()
        checked.add(form_class.__name__)
    # The issue counted 14 forms that took 9999-12-31; every form with a date refuses it now.
    assert len(checked) >= 14


@pytest.mark.parametrize(
    "kind, inside, outside",
    [
        (bounds.BIRTH, -365 * 100, 1),
        (bounds.DUE, 300, 320),
        (bounds.DUE, -30, -40),
        (bounds.APPOINTMENT, 365 * 4, 365 * 6),
        (bounds.APPOINTMENT, -365 * 4, -365 * 6),
        (bounds.RECORDED, -365 * 9, 1),
        (bounds.VALIDITY, 365 * 9, 365 * 11),
    ],
)
def test_each_kind_of_date_has_its_own_range(kind, inside, outside):
    field = DateField(kind=kind)
    today = dates.today()
    assert field.clean((today + datetime.timedelta(days=inside)).isoformat())
    with pytest.raises(forms.ValidationError):
        field.clean((today + datetime.timedelta(days=outside)).isoformat())


def test_a_birth_date_tomorrow_keeps_the_forms_own_words(tenant):
    tomorrow = (dates.today() + datetime.timedelta(days=1)).isoformat()
    from los.people.forms import ChildForm
    from los.plans.forms import EvaluationForm

    child = ChildForm({"first_name": "A", "last_name": "B", "birth_date": tomorrow})
    assert child.errors["birth_date"] == ["Fødselsdatoen kan ikke være i fremtiden."]
    evaluation = EvaluationForm({"evaluated_on": tomorrow, "text": "Bra", "outcome": "continue"})
    assert evaluation.errors["evaluated_on"] == ["En evaluering kan ikke dateres fram i tid."]


def test_the_date_picker_offers_only_the_range():
    from los.people.forms import ChildForm

    html = str(ChildForm()["birth_date"])
    assert f'max="{dates.today().isoformat()}"' in html and 'min="' in html


def test_unavailable_dates_are_bounded_in_range_and_number():
    from los.calendar.forms import LimitsForm

    base = {"max_appointments_per_day": 2, "earliest": "08:00", "latest": "15:00"}
    far = LimitsForm({**base, "unavailable_dates": "31.12.9999"})
    assert "unavailable_dates" in far.errors and "for langt fram" in far.errors["unavailable_dates"][0]
    days = [dates.today() + datetime.timedelta(days=n) for n in range(400)]
    many = LimitsForm({**base, "unavailable_dates": "\n".join(d.isoformat() for d in days)})
    assert "unavailable_dates" in many.errors
    few = LimitsForm({**base, "unavailable_dates": "\n".join(d.isoformat() for d in days[:10])})
    assert few.is_valid(), few.errors


def test_texts_longer_than_their_limit_are_refused_on_the_field(tenant):
    for form_class, name, field in _fields(tenant):
        if isinstance(field, forms.CharField) and not isinstance(field, forms.URLField | forms.EmailField):
            form = _bind(form_class, tenant, {name: "x" * (field.max_length + 1)})
            assert name in form.errors, f"{form_class.__name__}.{name}"
