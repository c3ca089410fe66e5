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
    path = request.path
    return {
        "nav_items": [
            {"url": url, "label": label, "current": path == url or (url != "/" and path.startswith(url))}
            for url, label in items
        ]
    }
