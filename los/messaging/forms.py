from django import forms
from django.utils.translation import gettext_lazy as _

from . import kith
from .services import MAX_TEXT


class MessageForm(forms.Form):
    service = forms.TypedChoiceField(
        label=_("Til"),
        coerce=int,
        help_text=_("Helsetjenester i ansvarsgruppen med HER-id, som familien har samtykket til deling med."),
        error_messages={
            "required": _("Velg hvem meldingen skal til."),
            "invalid_choice": _("Velg en tjeneste fra listen."),
        },
    )
    child = forms.TypedChoiceField(
        label=_("Gjelder barnet"),
        coerce=int,
        error_messages={"invalid_choice": _("Velg et barn fra listen.")},
    )
    contact_name = forms.CharField(
        label=_("Kontaktperson hos mottakeren"),
        required=False,
        max_length=120,
        help_text=_("Navnet på den du vil nå. En ny samtale må ha en kontaktperson eller en yrkesgruppe."),
    )
    contact_profession = forms.ChoiceField(
        label=_("Eller yrkesgruppe hos mottakeren"),
        required=False,
        error_messages={"invalid_choice": _("Velg en yrkesgruppe fra listen.")},
    )
    text = forms.CharField(
        label=_("Melding"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_TEXT,
        error_messages={"required": _("Skriv meldingen.")},
    )
    attach_plan = forms.BooleanField(
        label=_("Legg ved gjeldende individuell plan (PDF)"),
        required=False,
    )

    def __init__(self, *args, services, children, reply=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [
            (s.pk, f"{s.name} ({s.organisation.name}), HER-id {s.her_id}") for s in services
        ]
        self.fields["child"].choices = [(c.pk, c.full_name) for c in children]
        self.fields["contact_profession"].choices = [("", "")] + list(kith.codes.PROFESSIONS.items())
        if len(children) <= 1:
            self.fields["child"].required = False
            self.fields["child"].widget = forms.HiddenInput()
        self.reply = reply
        if reply:
            del self.fields["service"]
            del self.fields["contact_name"]
            del self.fields["contact_profession"]

    def clean(self):
        data = super().clean()
        if (
            not self.reply
            and not self.errors
            and not (data.get("contact_name") or data.get("contact_profession"))
        ):
            self.add_error("contact_name", _("Skriv navnet på kontaktpersonen, eller velg en yrkesgruppe."))
        return data


class SortForm(forms.Form):
    family = forms.TypedChoiceField(
        label=_("Familie"),
        coerce=int,
        error_messages={"required": _("Velg familien."), "invalid_choice": _("Velg en familie fra listen.")},
    )
    service = forms.TypedChoiceField(
        label=_("Sendt fra tjenesten"),
        coerce=int,
        error_messages={
            "required": _("Velg tjenesten."),
            "invalid_choice": _("Velg en tjeneste fra listen."),
        },
    )

    def __init__(self, *args, families, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["family"].choices = [(f.pk, f.name) for f in families]
        self.fields["service"].choices = [("", "")] + [
            (s.pk, f"{s.name} ({s.organisation.name})" + (f", HER-id {s.her_id}" if s.her_id else ""))
            for s in services.order_by("organisation__name", "name")
        ]


class AddressFileForm(forms.Form):
    file = forms.FileField(
        label=_("Fil fra adresseregisteret (CSV eller JSON)"),
        help_text=_("Kolonnene her_id, name, type, org_number, parent_her_id og service_type."),
        error_messages={"required": _("Velg en fil."), "empty": _("Filen er tom.")},
    )
