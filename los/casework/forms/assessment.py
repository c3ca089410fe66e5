"""The facts the engine needs, the caseworker's review of each criterion, and the public self-check."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from los.core.bounds import BIRTH, DUE, TEXT_LENGTH, VALIDITY
from los.core.forms import BoundedMultipleChoiceField, DateField

from ..eligibility_request import MAX_SERVICE_NAME_LENGTH, MAX_SERVICES
from .applications import TRI_STATE, TRI_VALUE, split_names, tri_initial


def _service_list(text: str) -> str:
    """The services written one per line or separated by commas: as many, and as long, as the
    engine takes (`eligibility_request.MAX_SERVICES`)."""
    names = split_names(text)
    if len(names) > MAX_SERVICES:
        raise forms.ValidationError(
            _("Listen kan ha høyst %(n)s tjenester.") % {"n": MAX_SERVICES}, code="list"
        )
    if any(len(name) > MAX_SERVICE_NAME_LENGTH for name in names):
        raise forms.ValidationError(
            _("Et tjenestenavn kan ha høyst %(n)s tegn.") % {"n": MAX_SERVICE_NAME_LENGTH}, code="max_length"
        )
    return text


class FactsForm(forms.Form):
    """The facts the engine needs; the professional judgements are the caseworker's."""

    assessed_on = DateField(label=_("Vurderingsdato"), kind=VALIDITY)
    child_birth_date = DateField(
        label=_("Barnets fødselsdato"),
        kind=BIRTH,
        required=False,
        future_message=_("Fødselsdatoen kan ikke være fram i tid eller etter vurderingsdatoen."),
    )
    expected_due_date = DateField(
        label=_("Termindato"),
        kind=DUE,
        required=False,
        help_text=_("Bare når barnet ikke er født."),
    )
    serious_condition = forms.ChoiceField(
        label=_("Har barnet alvorlig sykdom, skade eller nedsatt funksjonsevne?"),
        choices=TRI_STATE,
        required=False,
    )
    long_term_needs = forms.ChoiceField(
        label=_("Har barnet behov for langvarige tjenester?"), choices=TRI_STATE, required=False
    )
    complex_needs = forms.ChoiceField(
        label=_("Har barnet behov for komplekse tjenester?"), choices=TRI_STATE, required=False
    )
    health_and_care_services = forms.CharField(
        label=_("Helse- og omsorgstjenester"),
        widget=forms.Textarea,
        required=False,
        max_length=TEXT_LENGTH,
        help_text=_("Én per linje eller skilt med komma. Tomt betyr ingen."),
    )
    other_welfare_services = forms.CharField(
        label=_("Andre velferdstjenester"),
        widget=forms.Textarea,
        required=False,
        max_length=TEXT_LENGTH,
        help_text=_("Én per linje eller skilt med komma."),
    )
    guardians_want_child_coordinator = forms.ChoiceField(
        label=_("Ønsker foreldrene barnekoordinator?"), choices=TRI_STATE, required=False
    )

    def clean_health_and_care_services(self):
        return _service_list(self.cleaned_data["health_and_care_services"])

    def clean_other_welfare_services(self):
        return _service_list(self.cleaned_data["other_welfare_services"])

    @staticmethod
    def initial_from(facts: dict) -> dict:
        initial = dict(facts)
        for key in (
            "serious_condition",
            "long_term_needs",
            "complex_needs",
            "guardians_want_child_coordinator",
        ):
            initial[key] = tri_initial(facts.get(key))
        for key in ("health_and_care_services", "other_welfare_services"):
            initial[key] = "\n".join(facts.get(key) or [])
        return initial

    def facts(self) -> dict:
        data = self.cleaned_data
        result = {k: data.get(k) for k in ("assessed_on", "child_birth_date", "expected_due_date")}
        for key in (
            "serious_condition",
            "long_term_needs",
            "complex_needs",
            "guardians_want_child_coordinator",
        ):
            result[key] = TRI_VALUE[data.get(key) or ""]
        for key in ("health_and_care_services", "other_welfare_services"):
            result[key] = split_names(data.get(key, ""))
        return result


REVIEW_CHOICES = [("yes", _("Oppfylt")), ("no", _("Ikke oppfylt")), ("unknown", _("Ikke avklart"))]


class ReviewForm(forms.Form):
    """Confirm or override each criterion: the answer defaults to the engine's, a change needs a reason."""

    def __init__(self, *args, criteria, reviews, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        by_key = {(r.right, r.code): r for r in reviews}
        for right, criterion in criteria:
            key = f"{right}__{criterion['code']}"
            review = by_key.get((right, criterion["code"]))
            self.fields[key] = forms.ChoiceField(
                label=criterion["text"],
                choices=REVIEW_CHOICES,
                initial=review.status if review else criterion["status"],
            )
            self.fields[f"{key}__reason"] = forms.CharField(
                label=_("Begrunnelse hvis du vurderer annerledes enn regelen"),
                required=False,
                max_length=2000,
                initial=review.reason if review else "",
            )
            self.rows.append((right, criterion, self[key], self[f"{key}__reason"], review))

    def answers(self) -> dict:
        return {
            (key.split("__")[0], key.split("__")[1]): (value, self.cleaned_data.get(f"{key}__reason", ""))
            for key, value in self.cleaned_data.items()
            if not key.endswith("__reason")
        }


class SelfCheckForm(forms.Form):
    """The anonymous self-check: plain questions, nothing stored."""

    BORN = [("born", _("Ja, barnet er født")), ("expected", _("Nei, vi venter barn"))]
    born = forms.ChoiceField(label=_("Er barnet født?"), choices=BORN, initial="born")
    child_birth_date = DateField(
        label=_("Barnets fødselsdato"),
        kind=BIRTH,
        required=False,
        help_text=_("Hvis barnet er født."),
        future_message=_("Fødselsdatoen kan ikke være i fremtiden."),
    )
    expected_due_date = DateField(
        label=_("Termindato"), kind=DUE, required=False, help_text=_("Hvis dere venter barn.")
    )
    serious_condition = forms.ChoiceField(
        label=_("Har barnet en alvorlig sykdom, skade eller nedsatt funksjonsevne?"),
        choices=TRI_STATE,
        required=False,
        help_text=_("Barnet trenger ikke ha en diagnose."),
    )
    long_term_needs = forms.ChoiceField(
        label=_("Vil barnet trenge hjelp over lang tid?"), choices=TRI_STATE, required=False
    )
    health_services = BoundedMultipleChoiceField(
        label=_("Hvilke helse- og omsorgstjenester får eller trenger barnet?"),
        choices=[
            (s, s)
            for s in (
                "Helsestasjon",
                "Fastlege",
                "Fysioterapi",
                "Ergoterapi",
                "Sykehuset",
                "Hjemmesykepleie",
                "Avlastning",
                "Psykisk helse",
            )
        ],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    welfare_services = BoundedMultipleChoiceField(
        label=_("Hvilke andre tjenester får eller trenger barnet?"),
        choices=[(s, s) for s in ("Barnehage", "Skole", "PPT", "Barnevern", "NAV", "SFO")],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    guardians_want_child_coordinator = forms.ChoiceField(
        label=_("Ønsker dere en barnekoordinator?"), choices=TRI_STATE, required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("born") == "born":
            data["expected_due_date"] = None
        else:
            data["child_birth_date"] = None
        return data

    def facts(self) -> dict:
        data = self.cleaned_data
        return {
            "child_birth_date": data.get("child_birth_date"),
            "expected_due_date": data.get("expected_due_date"),
            "serious_condition": TRI_VALUE[data.get("serious_condition") or ""],
            "long_term_needs": TRI_VALUE[data.get("long_term_needs") or ""],
            "complex_needs": None,
            # Nothing ticked on the anonymous page means "not stated", not "none".
            "health_and_care_services": list(data.get("health_services") or []) or None,
            "other_welfare_services": list(data.get("welfare_services") or []) or None,
            "guardians_want_child_coordinator": TRI_VALUE[data.get("guardians_want_child_coordinator") or ""],
        }
