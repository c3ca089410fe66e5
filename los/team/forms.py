"""Forms for the team's pages: the responsibility group, meetings and minutes, action items and the contact
log (the relay log's are in `relay_forms`). Domain rules live in the services; forms check the shape."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from los.core import dates
from los.core.bounds import APPOINTMENT, RECORDED, TEXT_LENGTH
from los.core.forms import BoundedMultipleChoiceField, DateField
from los.notifications.about import child_label
from los.people.languages import LANGUAGE_CHOICES
from los.people.models import Professional

from .models import ActionItemStatus, ContactChannel
from .services.follow_up import responsible_candidates
from .services.group import team_by_consent
from .services.meetings import invitee_options, not_covered_members

INVALID_LANGUAGE = _("Vi har ikke tolk på dette språket. Velg et språk fra listen.")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


def professional_choices(family):
    """(professional, service) pairs in the family's municipality, as "professional_id:service_id"."""
    rows = (
        Professional.objects.filter(
            organisation__municipality_id=family.municipality_id, user__is_active=True
        )
        .select_related("user")
        .prefetch_related("services__organisation")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    return [
        (f"{p.pk}:{s.pk}", f"{p.user.display_name} – {s.name} ({s.organisation.name})")
        for p in rows
        for s in p.services.all()
    ]


class ProfessionalMemberForm(forms.Form):
    member = forms.ChoiceField(
        label=_("Fagperson og tjeneste"),
        error_messages={
            "invalid_choice": _("Velg en fagperson fra listen. Bare fagpersoner i kommunen kan være med.")
        },
    )
    role = forms.CharField(label=_("Rolle i gruppen"), max_length=120, required=False)
    contact = forms.CharField(
        label=_("Kontakt"),
        max_length=200,
        required=False,
        help_text=_("Telefon eller e-post, hvis ikke den vanlige."),
    )

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", _("Velg"))] + professional_choices(family)

    def ids(self) -> tuple[int, int]:
        professional_id, service_id = self.cleaned_data["member"].split(":")
        return int(professional_id), int(service_id)


class FamilyMemberForm(forms.Form):
    person = forms.ChoiceField(label=_("Hvem i familien"))
    role = forms.CharField(label=_("Rolle i gruppen"), max_length=120, required=False)
    contact = forms.CharField(label=_("Kontakt"), max_length=200, required=False)

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Velg"))]
        choices += [(f"guardian:{g.pk}", f"{g.full_name} ({_('foresatt')})") for g in family.guardians.all()]
        choices += [(f"child:{c.pk}", f"{c.full_name} ({_('barn')})") for c in family.children.all()]
        self.fields["person"].choices = choices


class _AlsoValid:
    """A choice field that offers the people the consent covers, and lets the values of group members it
    does not cover through to the service, which refuses them with the reason and the offer to ask the
    family to extend the consent (rather than a bare "not a valid choice")."""

    also_valid: frozenset[str] = frozenset()

    def valid_value(self, value):
        return super().valid_value(value) or str(value) in self.also_valid


class InviteeField(_AlsoValid, BoundedMultipleChoiceField):
    pass


class ResponsibleField(_AlsoValid, forms.ChoiceField):
    pass


def _not_covered_users(family) -> dict[str, object]:
    """Users in the group whose service the consent does not cover, by their id as a string."""
    _covered, not_covered = team_by_consent(family)
    return {str(m.professional.user_id): m.professional.user for m in not_covered}


class MeetingForm(forms.Form):
    title = forms.CharField(
        label=_("Tittel"),
        max_length=160,
        initial=_("Møte i ansvarsgruppen"),
        help_text=_("Tittelen står i kalenderinvitasjonen. Ikke skriv helseopplysninger her."),
    )
    day = DateField(label=_("Dato"), kind=APPOINTMENT)
    starts = forms.TimeField(label=_("Starter kl."), widget=TimeInput)
    ends = forms.TimeField(label=_("Slutter kl."), widget=TimeInput)
    location = forms.CharField(label=_("Sted"), max_length=200, required=False)
    video_url = forms.URLField(
        label=_("Lenke til videomøte"), required=False, assume_scheme="https", max_length=200
    )
    agenda = forms.CharField(
        label=_("Saksliste"), widget=forms.Textarea, required=False, max_length=TEXT_LENGTH
    )
    interpreter_language = forms.ChoiceField(
        label=_("Tolk"),
        required=False,
        help_text=_("Velges av seg selv når en foresatt trenger tolk."),
        error_messages={"invalid_choice": INVALID_LANGUAGE},
    )
    invitees = InviteeField(
        label=_("Hvem inviteres?"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Velg hvem som skal inviteres.")},
    )

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interpreter_language"].choices = [("", _("Ingen tolk"))] + [
            (code, label) for code, label in LANGUAGE_CHOICES if code not in ("nb", "nn")
        ]
        options = invitee_options(family)
        labels = []
        for o in options:
            label = f"{o.name} ({o.role})"
            if o.interpreter_language:
                label += " – " + str(_("trenger tolk"))
            if not o.email:
                label += " – " + str(_("ingen e-post, får bare varsel i Los"))
            labels.append((o.key, label))
        self.fields["invitees"].choices = labels
        not_covered = not_covered_members(family)
        self.fields["invitees"].also_valid = frozenset(not_covered)
        if not_covered:
            self.fields["invitees"].help_text = _(
                "Ikke med på listen, fordi familiens samtykke ikke gjelder tjenesten: %(names)s."
            ) % {
                "names": ", ".join(
                    f"{m.professional.user.display_name} ({m.service.name})" for m in not_covered.values()
                )
            }
        if not self.is_bound:
            self.initial["invitees"] = [o.key for o in options]
            self.initial.setdefault("day", dates.today() + datetime.timedelta(days=7))
            self.initial.setdefault("starts", datetime.time(9, 0))
            self.initial.setdefault("ends", datetime.time(10, 0))
            language = next((o.interpreter_language for o in options if o.interpreter_language), "")
            self.initial.setdefault("interpreter_language", language)

    def clean(self):
        return clean_time_and_place(self, super().clean())


def clean_time_and_place(form, data):
    """Combine date and times in Europe/Oslo; a meeting ends after it starts and has a place or a link."""
    day, starts, ends = data.get("day"), data.get("starts"), data.get("ends")
    if day and starts and ends:
        data["starts_at"] = dates.at(day, starts)
        data["ends_at"] = dates.at(day, ends)
        if data["ends_at"] <= data["starts_at"]:
            form.add_error("ends", _("Møtet må slutte etter at det starter."))
    if not data.get("location") and not data.get("video_url") and "video_url" not in form.errors:
        form.add_error("location", _("Skriv hvor møtet er, eller legg inn en lenke til videomøtet."))
    return data


class RescheduleForm(forms.Form):
    """New time or place for a meeting; the same checks as when it was called."""

    day = DateField(label=_("Dato"), kind=APPOINTMENT)
    starts = forms.TimeField(label=_("Starter kl."), widget=TimeInput)
    ends = forms.TimeField(label=_("Slutter kl."), widget=TimeInput)
    location = forms.CharField(label=_("Sted"), max_length=200, required=False)
    video_url = forms.URLField(
        label=_("Lenke til videomøte"), required=False, assume_scheme="https", max_length=200
    )

    def clean(self):
        return clean_time_and_place(self, super().clean())


ITEM_ROWS = 3


class MinutesForm(forms.Form):
    attendees = forms.CharField(label=_("Til stede"), widget=forms.Textarea, max_length=TEXT_LENGTH)
    child_views = forms.CharField(
        label=_("Barnets mening"), widget=forms.Textarea, required=False, max_length=TEXT_LENGTH
    )
    family_views = forms.CharField(
        label=_("Familiens mening"), widget=forms.Textarea, required=False, max_length=TEXT_LENGTH
    )
    decisions = forms.CharField(
        label=_("Beslutninger"), widget=forms.Textarea, required=False, max_length=TEXT_LENGTH
    )
    notes = forms.CharField(label=_("Annet"), widget=forms.Textarea, required=False, max_length=TEXT_LENGTH)
    share = forms.BooleanField(
        label=_("Send referatet til familien og gruppen nå"), required=False, initial=True
    )

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        candidates = {str(u.pk): u for u in responsible_candidates(family)}
        people = [("", _("Velg"))] + [(pk, u.display_name) for pk, u in candidates.items()]
        not_covered = _not_covered_users(family)
        self.candidates = {**not_covered, **candidates}
        for n in range(1, ITEM_ROWS + 1):
            self.fields[f"item{n}_title"] = forms.CharField(
                label=_("Hva skal gjøres"), max_length=200, required=False
            )
            self.fields[f"item{n}_responsible"] = ResponsibleField(
                label=_("Hvem"), choices=people, required=False
            )
            self.fields[f"item{n}_responsible"].also_valid = frozenset(not_covered)
            self.fields[f"item{n}_due_on"] = DateField(label=_("Innen"), kind=APPOINTMENT, required=False)

    def item_rows(self):
        return [
            (n, self[f"item{n}_title"], self[f"item{n}_responsible"], self[f"item{n}_due_on"])
            for n in range(1, ITEM_ROWS + 1)
        ]

    def main_fields(self):
        return [self[name] for name in ("attendees", "child_views", "family_views", "decisions", "notes")]

    def clean(self):
        data = super().clean()
        items = []
        for n in range(1, ITEM_ROWS + 1):
            title = (data.get(f"item{n}_title") or "").strip()
            who, due = data.get(f"item{n}_responsible"), data.get(f"item{n}_due_on")
            if not title and not who and not due:
                continue
            if not title:
                self.add_error(f"item{n}_title", _("Skriv hva som skal gjøres."))
            if not who:
                self.add_error(f"item{n}_responsible", _("Velg hvem som har ansvaret."))
            if not due and f"item{n}_due_on" not in self.errors:
                self.add_error(f"item{n}_due_on", _("Velg en frist."))
            if title and who and due:
                items.append({"title": title, "responsible": self.candidates[who], "due_on": due})
        data["action_items"] = items
        return data


class ActionItemForm(forms.Form):
    title = forms.CharField(label=_("Hva skal gjøres"), max_length=200)
    description = forms.CharField(
        label=_("Beskrivelse"), widget=forms.Textarea, required=False, max_length=TEXT_LENGTH
    )
    child = forms.TypedChoiceField(
        label=_("Gjelder"),
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": _("Velg et av barna i familien, eller hele familien.")},
    )
    responsible = ResponsibleField(label=_("Hvem har ansvaret"))
    due_on = DateField(label=_("Frist"), kind=APPOINTMENT)

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.children = {c.pk: c for c in family.children.all()}
        self.fields["child"].choices = [("", _("Hele familien"))] + [
            (pk, child_label(c)) for pk, c in self.children.items()
        ]
        candidates = {str(u.pk): u for u in responsible_candidates(family)}
        self.fields["responsible"].choices = [("", _("Velg"))] + [
            (pk, u.display_name) for pk, u in candidates.items()
        ]
        not_covered = _not_covered_users(family)
        self.fields["responsible"].also_valid = frozenset(not_covered)
        self.candidates = {**not_covered, **candidates}


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Kommentar"), widget=forms.Textarea, max_length=4000)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionItemStatus.choices)


class ContactForm(forms.Form):
    contacted_on = DateField(
        label=_("Dato"),
        kind=RECORDED,
        initial=dates.today,
        future_message=_("Datoen kan ikke være i fremtiden."),
    )
    channel = forms.ChoiceField(label=_("Hvordan"), choices=ContactChannel.choices)
    needs_now = forms.CharField(
        label=_("Hva familien trenger nå"), widget=forms.Textarea, max_length=TEXT_LENGTH
    )
