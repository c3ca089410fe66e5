"""The leader's overview: aggregated figures for the municipality, never names."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from . import figures, policy


@login_required
def dashboard(request):
    if not policy.may_see_figures(request.user):
        raise Http404
    shown, counted_at = figures.municipality_figures(request.user.municipality_id)
    return render(
        request,
        "reports/dashboard.html",
        {
            "figures": shown,
            "counted_at": counted_at,
            "municipality": request.user.municipality,
        },
    )
