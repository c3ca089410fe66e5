"""The anonymous self-check "Har vi rett til barnekoordinator?". It runs the same engine as the
caseworker and the API, and stores nothing: no rows, no session, no log."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache

from los.core.errors import DomainError

from . import rules
from .deadlines import today_oslo
from .forms import SelfCheckForm
from .services import validate_facts

RIGHT_ORDER = ("child_coordinator", "coordinator", "individual_plan")


@never_cache
def self_check(request):
    form = SelfCheckForm(request.POST if request.method == "POST" else None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            facts = validate_facts({"assessed_on": today_oslo(), **form.facts()})
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            assessment = rules.assessment_to_dict(rules.assess(rules.facts_from_request(facts)))
            result = {
                "rights": [(key, assessment["rights"][key]) for key in RIGHT_ORDER],
                "notes": assessment["notes"],
                "appoint": assessment["rights"]["child_coordinator"]["appoint"],
            }
    return render(
        request,
        "intake/self_check.html",
        {"form": form, "result": result},
        status=422 if form.is_bound and form.errors else 200,
    )
