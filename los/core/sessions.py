"""Django's database sessions that remember when they began and when they were last saved.

Django ends a database session SESSION_COOKIE_AGE after its last save; `IdleSessionMiddleware` reads
these two times to renew a session in use (at most once a minute) and to end it after
LOS_SESSION_MAX_HOURS. Kept in the session itself, so reading them costs no query.
"""

import time

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

STARTED = "los_session_started"
SAVED = "los_session_saved"


class SessionStore(DatabaseSessionStore):
    def save(self, must_create=False):
        data = self._get_session(no_load=must_create)
        now = int(time.time())
        data[SAVED] = now
        if SESSION_KEY in data:
            data.setdefault(STARTED, now)
        super().save(must_create=must_create)
