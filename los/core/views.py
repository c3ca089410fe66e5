"""Start pages: each role lands on its own."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from los.core.models import Role


@login_required
def home(request):
    role = request.user.role
    if role == Role.GUARDIAN:
        return redirect("portal:home")
    if role == Role.LEADER:
        return redirect("reports:dashboard")
    if role == Role.ADMIN:
        return redirect("admin:index")
    from los.people.views import worklist

    return worklist(request)
