"""The family's filter of its access log: a GET form that works without JavaScript."""

from django import forms
from django.utils.translation import gettext_lazy as _

from los.core.bounds import RECORDED
from los.core.forms import DateField
from los.core.models import Role

from .selectors import LogFilter

# The roles whose reads a family's log can hold (an administrator never reads family data).
ROLES = (Role.COORDINATOR, Role.PROVIDER, Role.CASEWORKER, Role.LEADER, Role.GUARDIAN)


class LogFilterForm(forms.Form):
    person = forms.TypedChoiceField(label=_("Person"), required=False, coerce=int, empty_value=None)
    rolle = forms.ChoiceField(label=_("Rolle"), required=False)
    fra = DateField(label=_("Fra dato"), kind=RECORDED, required=False)
    til = DateField(label=_("Til dato"), kind=RECORDED, required=False)
    egne = forms.BooleanField(label=_("Vis også det dere selv har sett i Los"), required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", _("Alle"))] + [
            (p.user_id, f"{p.name} ({p.role_label.lower()})") for p in people
        ]
        self.fields["rolle"].choices = [("", _("Alle"))] + [(r.value, r.label) for r in ROLES]

    def clean(self):
        data = super().clean()
        since, until = data.get("fra"), data.get("til")
        if since and until and until < since:
            self.add_error("til", _("Til-datoen kan ikke være før fra-datoen."))
        return data

    def wanted(self) -> LogFilter:
        """The filter as sent; a field that did not validate filters nothing."""
        data = getattr(self, "cleaned_data", {})
        return LogFilter(
            user_id=data.get("person"),
            role=data.get("rolle") or "",
            since=data.get("fra"),
            until=data.get("til") if "til" not in self.errors else None,
            show_own=bool(data.get("egne")),
        )

    @property
    def filtering(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(data.get(k) for k in ("person", "rolle", "fra", "til"))
