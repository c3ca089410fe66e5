"""The anonymous self-check "Har vi rett til barnekoordinator?". It runs the same engine as the
caseworker and the API, and stores nothing: no rows, no session, no log."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache

from los.casework import eligibility
from los.casework.eligibility_request import assessment_to_dict, facts_from_request
from los.casework.forms import SelfCheckForm
from los.casework.services.assessments import validate_facts
from los.core import dates, pages

RIGHT_ORDER = ("child_coordinator", "coordinator", "individual_plan")


@never_cache
def self_check(request):
    form = SelfCheckForm(request.POST if request.method == "POST" else None)
    result = None
    if done := pages.run_form(
        form, lambda data: validate_facts({"assessed_on": dates.today(), **form.facts()})
    ):
        assessment = assessment_to_dict(eligibility.assess(facts_from_request(done.value)))
        result = {
            "rights": [(key, assessment["rights"][key]) for key in RIGHT_ORDER],
            "notes": assessment["notes"],
            "appoint": assessment["rights"]["child_coordinator"]["appoint"],
        }
    return render(
        request,
        "casework/self_check.html",
        {"form": form, "result": result},
        status=422 if form.is_bound and form.errors else 200,
    )
