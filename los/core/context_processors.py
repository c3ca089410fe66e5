from django.urls import reverse
from django.utils.translation import gettext as _

from los.core.models import Municipality, Role


def navigation(request):
    """The main menu for the signed-in user's role."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [(reverse("home"), _("Start"))]
    if user.role == Role.GUARDIAN:
        items = [(reverse("portal:home"), _("Vår familie"))]
    elif user.role == Role.LEADER:
        items = [
            (reverse("reports:dashboard"), _("Oversikt")),
            (reverse("reports:statistics"), _("Tall over tid")),
        ]
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
        items += [(reverse("work:mine"), _("Mine oppgaver"))]
    if user.role == Role.COORDINATOR:
        items += [(reverse("team:follow_up"), _("Til oppfølging"))]
    items += [(reverse("notifications:list"), _("Varsler"))]
    path = request.path
    # The item for this page: the longest address the path starts with (/leder/statistikk/ is "Tall
    # over tid", not also "Oversikt" at /leder/).
    matching = [url for url, _label in items if path == url or (url != "/" and path.startswith(url))]
    current = max(matching, key=len, default=None)
    return {"nav_items": [{"url": url, "label": label, "current": url == current} for url, label in items]}


def municipality(request):
    """The municipality whose service this is, for the header: its name and coat of arms.

    Staff see their own municipality; a guardian on a page about one of their families, that family's
    municipality, elsewhere the municipality of their family (if they have families in one only); a
    signed-in user without one, the installation's municipality if it serves just one. Otherwise None,
    and the header shows Los alone. Pages for anonymous visitors (the login page, the anonymous
    self-check) never touch the database: the self-check promises that.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"los_municipality": None}
    found = None
    grants = [g for g in getattr(request, "_los_grants", {}).values() if g is not None]
    if user.municipality_id:
        found = user.municipality
    elif len(grants) == 1:
        # A page about one family (the guard has read it with its municipality): that family's service.
        found = grants[0].family.municipality
    elif user.role == Role.GUARDIAN:
        ids = set(user.guardianships.values_list("family__municipality_id", flat=True)[:2])
        if len(ids) == 1:
            found = Municipality.objects.filter(pk=ids.pop()).first()
    if found is None:
        only = list(Municipality.objects.all()[:2])
        found = only[0] if len(only) == 1 else None
    return {"los_municipality": found}
