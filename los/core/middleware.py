"""Request-wide rules: the page language, no caching of what Los builds, and idle sign-out.

BokmalFirstMiddleware: bokmål unless the user picks another language with the switch (a cookie). A
browser's Accept-Language does not override the default on pages: a Norwegian public service speaks
bokmål first. API callers may still ask for English with Accept-Language.
"""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout

from .sessions import SAVED, STARTED

# Renew a session in use at most this often, so a page view is not always a database write.
RENEW_EVERY_SECONDS = 60


class BokmalFirstMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every response Los builds: pages, the API, PDFs, documents and
    calendar feeds all may carry a family's data, and a browser, proxy or shared computer must not keep
    a copy. Static files are served before this (WhiteNoise) and keep their long caching."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.static_prefix = "/" + settings.STATIC_URL.lstrip("/")

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(self.static_prefix):
            response["Cache-Control"] = "no-store"
            if "Expires" in response:
                del response["Expires"]
        return response


class IdleSessionMiddleware:
    """Signs the user out after SESSION_COOKIE_AGE without a request (30 minutes) and after
    LOS_SESSION_MAX_HOURS in any case.

    Django's database sessions end SESSION_COOKIE_AGE after they were last saved; this saves a signed-in
    session again while it is used, at most once a minute (so the idle limit is 29-30 minutes). The
    times come from `los.core.sessions.SessionStore`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and SESSION_KEY in session:
            now = int(time.time())
            started = session.get(STARTED)
            if started is not None and now - started > settings.LOS_SESSION_MAX_HOURS * 3600:
                logout(request)
            elif started is None or now - session.get(SAVED, 0) >= RENEW_EVERY_SECONDS:
                session.modified = True  # saving restarts the idle clock
        return self.get_response(request)
