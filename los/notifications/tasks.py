"""Background work: the worker runs the sweep (`los run-due`) by itself every LOS_SWEEP_INTERVAL_SECONDS.

`run_due_task` runs the sweep and queues its own next run. The chain starts after `los migrate` (which
`make run` and a deployment run before starting the worker) and with `los run-due --schedule`. Only
one run is kept in the queue; the sweep itself is idempotent, so a doubled chain costs time, not
duplicates. With LOS_SWEEP_INTERVAL_SECONDS=0 the worker does not sweep: run `los run-due` from cron or
a systemd timer instead (docs/operations.md).
"""

import datetime
import logging

from django.conf import settings
from django.utils import timezone
from django_tasks import default_task_backend, task

log = logging.getLogger(__name__)


def _task_path() -> str:
    return f"{run_due_task.func.__module__}.{run_due_task.func.__qualname__}"


def schedule_next(delay_seconds: int | None = None) -> bool:
    """Queue the next sweep unless one is already waiting. False when the backend cannot defer work
    (the immediate backend in tests) or sweeping from the worker is switched off."""
    interval = settings.LOS_SWEEP_INTERVAL_SECONDS if delay_seconds is None else delay_seconds
    if settings.LOS_SWEEP_INTERVAL_SECONDS <= 0 or not default_task_backend.supports_defer:
        return False
    try:
        from django_tasks.base import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        if DBTaskResult.objects.filter(task_path=_task_path(), status=TaskResultStatus.READY).exists():
            return False
    except ImportError:  # another backend: nothing to look in, queue it
        pass
    run_due_task.using(run_after=timezone.now() + datetime.timedelta(seconds=interval)).enqueue()
    return True


@task()
def run_due_task() -> dict:
    """The worker's sweep: run everything due now, then queue the next run."""
    from .sweep import run_due

    try:
        result = run_due()
        return {
            "notifications": result.notifications,
            "emailed": result.emailed,
            "digests": result.digests,
            "retrying": result.retrying,
            "failed": result.failed,
        }
    finally:
        schedule_next()


def schedule_after_migrate(sender, using="default", **kwargs):
    """Start the sweep chain after `los migrate`, when the queue table exists."""
    try:
        schedule_next(delay_seconds=5)
    except Exception:  # the queue table may not exist yet on a partial migrate
        log.debug("Could not queue the sweep after migrate", exc_info=True)
