from django.urls import reverse
from django.utils.translation import gettext as _

from los.core.models import Role


def navigation(request):
    """The main menu for the signed-in user's role."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [(reverse("home"), _("Start"))]
    if user.role == Role.GUARDIAN:
        items = [(reverse("portal:home"), _("Vår familie"))]
    elif user.role == Role.LEADER:
        items = [(reverse("reports:dashboard"), _("Oversikt"))]
    elif user.role == Role.ADMIN:
        items = [(reverse("admin:index"), _("Oppsett"))]
    elif user.role == Role.CASEWORKER:
        items += [
            (reverse("casework:worklist"), _("Saker")),
            (reverse("coordinators:coordinators"), _("Koordinatorer")),
        ]
    if user.role in (Role.PROVIDER, Role.COORDINATOR):
        items += [(reverse("calendar:requests"), _("Bookingforespørsler"))]
    if user.role in (Role.COORDINATOR, Role.CASEWORKER, Role.PROVIDER):
        items += [(reverse("team:follow_up"), _("Til oppfølging"))]
    items += [(reverse("notifications:list"), _("Varsler"))]
    path = request.path
    return {
        "nav_items": [
            {"url": url, "label": label, "current": path == url or (url != "/" and path.startswith(url))}
            for url, label in items
        ]
    }
