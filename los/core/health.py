"""Health checks for a load balancer.

`/helse/` answers 200 "ok" when the process serves requests: it touches neither the database nor the
session. `/helse/db/` answers 200 after one `SELECT 1`, and 503 when the database does not answer. No
login, nothing written to the access log, `Cache-Control: no-store`. A probe sends no session cookie, so
no middleware loads a session.

`SkipHealthChecks` keeps the probes out of the web server's access log (`los serve --access-log`).
"""

import logging

from django.db import Error as DatabaseError
from django.db import connection
from django.http import HttpResponse
from django.views.decorators.http import require_safe

HEALTH_PREFIX = "/helse/"

logger = logging.getLogger(__name__)


def _answer(text: str, status: int = 200) -> HttpResponse:
    response = HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def alive(request):
    return _answer("ok")


@require_safe
def database(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Health check: the database does not answer: %s", error)
        # A broken persistent connection is not reused by the next probe.
        connection.close_if_unusable_or_obsolete()
        return _answer("databasen svarer ikke", status=503)
    return _answer("ok")


class SkipHealthChecks(logging.Filter):
    """Drops the web server's access-log lines for the health checks (a probe every few seconds)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        path = args.get("path", "") if isinstance(args, dict) else ""
        return not str(path).startswith(HEALTH_PREFIX)
