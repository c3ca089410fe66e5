"""The leader's overview: aggregated figures for the municipality, never names."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from los.core.models import Role

from . import figures


@login_required
def dashboard(request):
    if request.user.role != Role.LEADER or not request.user.municipality_id:
        raise Http404
    return render(
        request,
        "reports/dashboard.html",
        {
            "figures": figures.municipality_figures(request.user.municipality_id),
            "municipality": request.user.municipality,
        },
    )
