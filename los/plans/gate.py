"""Access for plan and relay-log pages: the access policy first, then the rule of the page, then the log.

A page some users of a family may open and others not (only the relay holder, only the person responsible
for a measure) must refuse before anything is written to the access log: a refused look is not a read.
"""

import functools

from django.contrib.auth.views import redirect_to_login
from django.http import Http404

from los.core import access
from los.core.models import AccessAction


def gate(request, family_id, allowed, record_type: str, record_id: object = "", action: str | None = None):
    """The user's checked access to the family if `allowed(access)` holds, logged; else Http404."""
    found = access.access_for(request.user, family_id)
    if found is None or not allowed(found):
        raise Http404("Familien finnes ikke, eller du har ikke tilgang.")
    if action is None:
        action = AccessAction.READ if request.method in {"GET", "HEAD"} else AccessAction.CHANGE
    access.log_access(request, found, record_type=record_type, action=action, record_id=record_id)
    return found


def login_first(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper
