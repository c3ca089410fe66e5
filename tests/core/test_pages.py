"""One way to handle a form: a refusal from a service becomes a form error, and nothing else happens."""

from django import forms
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from los.core import pages
from los.core.errors import DomainError


class NameForm(forms.Form):
    name = forms.CharField(max_length=20)


def refuse(field):
    def action(data):
        raise DomainError("Nei.", field=field)

    return action


def test_an_unbound_form_does_not_call_the_service():
    called = []
    assert pages.run_form(NameForm(), called.append) is None
    assert called == []


def test_an_invalid_form_does_not_call_the_service():
    called = []
    form = NameForm({"name": ""})
    assert pages.run_form(form, called.append) is None
    assert called == [] and "name" in form.errors


def test_a_valid_form_calls_the_service_and_hands_back_its_result():
    done = pages.run_form(NameForm({"name": "Kari"}), lambda data: data["name"].upper())
    assert done and done.value == "KARI"


def test_a_service_that_returns_nothing_still_counts_as_done():
    assert pages.run_form(NameForm({"name": "Kari"}), lambda data: None)


def test_a_refusal_lands_on_the_field_it_names():
    form = NameForm({"name": "Kari"})
    assert pages.run_form(form, refuse("name")) is None
    assert form.errors["name"] == ["Nei."]


def test_a_refusal_for_a_field_the_form_does_not_have_lands_on_the_form():
    form = NameForm({"name": "Kari"})
    assert pages.run_form(form, refuse("services")) is None
    assert form.non_field_errors() == ["Nei."]


def test_a_refusal_can_be_mapped_to_the_forms_name_for_the_field():
    form = NameForm({"name": "Kari"})
    pages.run_form(form, refuse("full_name"), fields={"full_name": "name"})
    assert form.errors["name"] == ["Nei."]


def _request():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_a_button_without_a_form_shows_the_refusal_as_a_message():
    request = _request()

    def action():
        raise DomainError("Allerede besvart.")

    assert pages.run_action(request, action, success="Lagret.") is None
    assert [str(m) for m in request._messages] == ["Allerede besvart."]


def test_a_button_without_a_form_shows_the_success_message():
    request = _request()
    assert pages.run_action(request, lambda: 7, success="Lagret.").value == 7
    assert [str(m) for m in request._messages] == ["Lagret."]
