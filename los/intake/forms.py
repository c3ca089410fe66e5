"""Forms for the intake pages: validation at the edge, messages in plain bokmål. Rules live in services."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from los.core.forms import DateInput
from los.people.languages import LANGUAGE_CHOICES
from los.people.models import Sector, Service

from .coordinators import CoordinatorProfile, TrainingCourse
from .models import Channel, CoordinatorKind, NeedLevel, Outcome, Right

TRI_STATE = [("", _("Vet ikke / ikke vurdert")), ("yes", _("Ja")), ("no", _("Nei"))]
TRI_VALUE = {"": None, "yes": True, "no": False}


def tri_initial(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def split_names(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[\n,;]+", text or "") if part.strip()]


def service_names(municipality_id: int, sector: str) -> list[tuple[str, str]]:
    names = (
        Service.objects.filter(organisation__municipality_id=municipality_id, sector=sector)
        .order_by("name")
        .values_list("name", flat=True)
        .distinct()
    )
    return [(n, n) for n in names]


WANT_CHOICES = [
    (Right.COORDINATOR, _("Koordinator – en fast person som hjelper dere å samordne tjenestene")),
    (
        Right.CHILD_COORDINATOR,
        _(
            "Barnekoordinator – for familier med et barn som har alvorlig sykdom, skade eller "
            "nedsatt funksjonsevne"
        ),
    ),
    (Right.INDIVIDUAL_PLAN, _("Individuell plan – en plan for mål, tiltak og hvem som gjør hva")),
]


class ApplicationForm(forms.Form):
    """The guardian's short guided application; staff use it with the received date and channel."""

    wants = forms.MultipleChoiceField(
        label=_("1. Hva søker dere om?"),
        choices=WANT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Dere kan velge flere. Er dere usikre, velg det som passer best – vi hjelper dere."),
        error_messages={"required": _("Velg minst én ting dere søker om.")},
    )
    child = forms.ModelChoiceField(
        label=_("2. Hvilket barn gjelder søknaden?"),
        queryset=None,
        empty_label=None,
        error_messages={
            "required": _("Velg barnet søknaden gjelder."),
            "invalid_choice": _("Velg et barn i familien."),
        },
    )
    about_child = forms.CharField(
        label=_("Fortell kort om barnet og hva dere trenger hjelp til"),
        widget=forms.Textarea,
        max_length=4000,
        error_messages={"required": _("Skriv litt om barnet og hva dere trenger hjelp til.")},
    )
    health_services = forms.MultipleChoiceField(
        label=_("3. Hvilke helse- og omsorgstjenester får eller trenger barnet?"),
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    health_other = forms.CharField(
        label=_("Andre helse- og omsorgstjenester"),
        required=False,
        max_length=1000,
        help_text=_("For eksempel sykehuset eller avlastning. Skill med komma."),
    )
    welfare_services = forms.MultipleChoiceField(
        label=_("Hvilke andre tjenester får eller trenger barnet?"),
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Barnehage, skole, PPT, barnevern, NAV og lignende."),
    )
    welfare_other = forms.CharField(
        label=_("Andre tjenester"), required=False, max_length=1000, help_text=_("Skill med komma.")
    )
    wished_coordinator = forms.ModelChoiceField(
        label=_("4. Ønsker dere en bestemt person som koordinator?"),
        queryset=None,
        required=False,
        empty_label=_("Ingen bestemt person"),
    )
    wishes = forms.CharField(
        label=_("Hva er viktig for dere når vi velger koordinator?"),
        widget=forms.Textarea,
        required=False,
        max_length=2000,
    )
    child_views = forms.CharField(
        label=_("Hva mener barnet?"),
        widget=forms.Textarea,
        required=False,
        max_length=2000,
        help_text=_("Barnet har rett til å si sin mening. Skriv gjerne med barnets egne ord."),
    )
    preferred_language = forms.ChoiceField(
        label=_("Hvilket språk vil dere bruke?"), choices=LANGUAGE_CHOICES, initial="nb"
    )
    interpreter_needed = forms.BooleanField(label=_("Vi trenger tolk"), required=False)

    def __init__(self, *args, family, coordinators, **kwargs):
        super().__init__(*args, **kwargs)
        self.family = family
        self.fields["child"].queryset = family.children.all()
        self.fields["wished_coordinator"].queryset = coordinators
        self.fields["wished_coordinator"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["health_services"].choices = service_names(family.municipality_id, Sector.HEALTH_AND_CARE)
        self.fields["welfare_services"].choices = service_names(family.municipality_id, Sector.OTHER_WELFARE)

    def service_fields(self) -> dict:
        data = self.cleaned_data
        wants = set(data["wants"])
        return {
            "child": data["child"],
            "wants_coordinator": Right.COORDINATOR in wants,
            "wants_child_coordinator": Right.CHILD_COORDINATOR in wants,
            "wants_individual_plan": Right.INDIVIDUAL_PLAN in wants,
            "about_child": data["about_child"],
            "health_and_care_services": list(data["health_services"]) + split_names(data["health_other"]),
            "other_welfare_services": list(data["welfare_services"]) + split_names(data["welfare_other"]),
            "wished_coordinator": data.get("wished_coordinator"),
            "wishes": data.get("wishes", ""),
            "child_views": data.get("child_views", ""),
            "preferred_language": data["preferred_language"],
            "interpreter_needed": data.get("interpreter_needed", False),
        }

    @staticmethod
    def initial_from(application) -> dict:
        wants = [r for r in application.wanted_rights]
        return {
            "wants": wants,
            "child": application.child_id,
            "about_child": application.about_child,
            "health_other": ", ".join(application.health_and_care_services),
            "welfare_other": ", ".join(application.other_welfare_services),
            "wished_coordinator": application.wished_coordinator_id,
            "wishes": application.wishes,
            "child_views": application.child_views,
            "preferred_language": application.preferred_language,
            "interpreter_needed": application.interpreter_needed,
        }


class StaffApplicationForm(ApplicationForm):
    channel = forms.ChoiceField(
        label=_("Mottatt som"), choices=[c for c in Channel.choices if c[0] != Channel.PORTAL]
    )
    received_on = forms.DateField(
        label=_("Mottatt dato"),
        widget=DateInput(),
        help_text=_("Dagen søknaden kom inn. Fristen for foreløpig svar regnes fra denne datoen."),
        error_messages={
            "required": _("Oppgi datoen søknaden kom inn."),
            "invalid": _("Skriv datoen som ÅÅÅÅ-MM-DD."),
        },
    )
    field_order = ["channel", "received_on"]


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Tittel"), max_length=200, required=False)
    file = forms.FileField(label=_("Fil"), error_messages={"required": _("Velg en fil.")})


class FactsForm(forms.Form):
    """The facts the engine needs; the professional judgements are the caseworker's."""

    assessed_on = forms.DateField(label=_("Vurderingsdato"), widget=DateInput())
    child_birth_date = forms.DateField(label=_("Barnets fødselsdato"), widget=DateInput(), required=False)
    expected_due_date = forms.DateField(
        label=_("Termindato"),
        widget=DateInput(),
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
        help_text=_("Én per linje eller skilt med komma. Tomt betyr ingen."),
    )
    other_welfare_services = forms.CharField(
        label=_("Andre velferdstjenester"),
        widget=forms.Textarea,
        required=False,
        help_text=_("Én per linje eller skilt med komma."),
    )
    guardians_want_child_coordinator = forms.ChoiceField(
        label=_("Ønsker foreldrene barnekoordinator?"), choices=TRI_STATE, required=False
    )

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


class InterimReplyForm(forms.Form):
    reason = forms.CharField(
        label=_("Hvorfor tar det tid?"),
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": _("Skriv hvorfor svaret tar tid.")},
    )
    expected_by = forms.DateField(
        label=_("Når kan familien vente svar?"),
        widget=DateInput(),
        error_messages={
            "required": _("Oppgi når familien kan vente svar."),
            "invalid": _("Skriv datoen som ÅÅÅÅ-MM-DD."),
        },
    )


class DecisionForm(forms.Form):
    """One decision on all three rights. Outcomes default from the reviewed assessment."""

    valid_from = forms.DateField(label=_("Vedtaket gjelder fra"), widget=DateInput())
    notified_on = forms.DateField(
        label=_("Familien får vedtaket"),
        widget=DateInput(),
        help_text=_(
            "Klagefristen på fire uker regnes fra denne datoen (pasient- og brukerrettighetsloven § 7-5)."
        ),
    )
    facts = forms.CharField(label=_("Hva vi bygger på (faktum)"), widget=forms.Textarea, max_length=6000)
    family_views = forms.CharField(label=_("Familiens syn"), widget=forms.Textarea, max_length=4000)
    child_views = forms.CharField(
        label=_("Barnets syn"),
        widget=forms.Textarea,
        required=False,
        max_length=4000,
        help_text=_("Barnet skal få si sin mening fra 7 år, og meningen skal vektlegges mer fra 12 år."),
    )
    weighing = forms.CharField(label=_("Hvordan synene er vektlagt"), widget=forms.Textarea, max_length=4000)
    contact_person = forms.ModelChoiceField(
        label=_("Kontaktperson for familien"), queryset=None, empty_label=None
    )

    def __init__(self, *args, caseworkers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_person"].queryset = caseworkers
        self.fields["contact_person"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.right_fields = []
        for right, label in Right.choices:
            self.fields[f"{right}_outcome"] = forms.ChoiceField(
                label=_("Resultat: %(right)s") % {"right": label}, choices=Outcome.choices
            )
            self.fields[f"{right}_reasons"] = forms.CharField(
                label=_("Begrunnelse: %(right)s") % {"right": label},
                widget=forms.Textarea,
                required=False,
                max_length=4000,
            )
            self.fields[f"{right}_more_generous"] = forms.CharField(
                label=_("Hvis kommunen gir mer enn loven krever: hvorfor?"),
                required=False,
                max_length=2000,
            )
            self.right_fields.append(
                (
                    right,
                    label,
                    self[f"{right}_outcome"],
                    self[f"{right}_reasons"],
                    self[f"{right}_more_generous"],
                )
            )

    def outcomes(self) -> dict:
        data = self.cleaned_data
        return {
            right: (
                data[f"{right}_outcome"],
                data.get(f"{right}_reasons", ""),
                data.get(f"{right}_more_generous", ""),
            )
            for right in Right.values
        }


class ComplaintForm(forms.Form):
    grounds = forms.CharField(
        label=_("Hva klager dere på, og hvorfor?"),
        widget=forms.Textarea,
        max_length=6000,
        help_text=_("Skriv med egne ord. Fortell gjerne hva dere mener er feil, og hva dere ønsker."),
        error_messages={"required": _("Skriv hva dere klager på, og hvorfor.")},
    )


class StaffComplaintForm(ComplaintForm):
    channel = forms.ChoiceField(
        label=_("Mottatt som"), choices=[c for c in Channel.choices if c[0] != Channel.PORTAL]
    )
    received_on = forms.DateField(label=_("Mottatt dato"), widget=DateInput())
    field_order = ["channel", "received_on", "grounds"]


class ForwardForm(forms.Form):
    municipality_assessment = forms.CharField(
        label=_("Kommunens vurdering av klagen"),
        widget=forms.Textarea,
        max_length=6000,
        help_text=_(
            "Hvorfor kommunen ikke er enig i klagen. Teksten sendes til Statsforvalteren og familien."
        ),
        error_messages={"required": _("Skriv kommunens vurdering av klagen.")},
    )


class AppointForm(forms.Form):
    coordinator = forms.ModelChoiceField(
        label=_("Koordinator"),
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": _("Velg en koordinator i kommunen.")},
    )
    kind = forms.ChoiceField(label=_("Type"), choices=CoordinatorKind.choices)
    need_level = forms.TypedChoiceField(
        label=_("Familiens behov for oppfølging"),
        choices=NeedLevel.choices,
        coerce=int,
        initial=NeedLevel.MEDIUM,
    )
    starts_on = forms.DateField(label=_("Fra dato"), widget=DateInput())
    chosen_because = forms.CharField(
        label=_("Hvorfor denne koordinatoren"), widget=forms.Textarea, required=False, max_length=2000
    )

    def __init__(self, *args, coordinators, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = coordinators
        self.fields["coordinator"].label_from_instance = lambda u: u.get_full_name() or u.username
        if kinds:
            self.fields["kind"].choices = [c for c in CoordinatorKind.choices if c[0] in kinds]


class ChangeRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Hvorfor vil dere bytte koordinator?"),
        widget=forms.Textarea,
        max_length=4000,
        error_messages={"required": _("Skriv hvorfor dere ønsker å bytte.")},
    )
    wishes = forms.CharField(
        label=_("Har dere ønsker for ny koordinator?"), widget=forms.Textarea, required=False, max_length=2000
    )


class DeclineForm(forms.Form):
    answer = forms.CharField(
        label=_("Svar til familien"),
        widget=forms.Textarea,
        max_length=4000,
        help_text=_("Forklar hvorfor familien ikke får bytte nå, og hva dere gjør i stedet."),
        error_messages={"required": _("Skriv et svar til familien.")},
    )


class CoordinatorProfileForm(forms.ModelForm):
    class Meta:
        model = CoordinatorProfile
        fields = ["coordination_share", "languages", "service_background", "accepts_new_families"]

    def clean_languages(self):
        from los.people.languages import LANGUAGE_CODES

        codes = [c.strip().lower() for c in self.cleaned_data["languages"].split(",") if c.strip()]
        unknown = [c for c in codes if c not in LANGUAGE_CODES]
        if unknown:
            raise forms.ValidationError(_("Ukjent språkkode: %(code)s") % {"code": unknown[0]})
        return ",".join(codes)


class TrainingCourseForm(forms.ModelForm):
    class Meta:
        model = TrainingCourse
        fields = ["name", "provider", "counts_as_coordinator_training"]


class TrainingCompletionForm(forms.Form):
    coordinator = forms.ModelChoiceField(label=_("Koordinator"), queryset=None, empty_label=None)
    completed_on = forms.DateField(label=_("Fullført dato"), widget=DateInput())

    def __init__(self, *args, coordinators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = coordinators
        self.fields["coordinator"].label_from_instance = lambda u: u.get_full_name() or u.username


class SelfCheckForm(forms.Form):
    """The anonymous self-check: plain questions, nothing stored."""

    BORN = [("born", _("Ja, barnet er født")), ("expected", _("Nei, vi venter barn"))]
    born = forms.ChoiceField(label=_("Er barnet født?"), choices=BORN, initial="born")
    child_birth_date = forms.DateField(
        label=_("Barnets fødselsdato"),
        widget=DateInput(),
        required=False,
        help_text=_("Hvis barnet er født."),
    )
    expected_due_date = forms.DateField(
        label=_("Termindato"), widget=DateInput(), required=False, help_text=_("Hvis dere venter barn.")
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
    health_services = forms.MultipleChoiceField(
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
    welfare_services = forms.MultipleChoiceField(
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
