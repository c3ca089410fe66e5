"""The sweep (`los run-due`): everything that falls due at a moment, done once.

Apps register their jobs here (in their AppConfig.ready) with `register("name")`. A job takes the
moment (an aware datetime) and returns how many notifications it made. Every job must be idempotent: the
sweep runs every minute from the worker, from cron, or by hand with `--now` to replay a moment, and may
stop half-way. The team app registers action-item reminders and chases and the no-contact reminder;
other apps add theirs (deadline warnings, plan revisions due) the same way.

After the jobs, the e-mails are written to the outbox (one per user with their new notifications, and
the daily digest once a day) and the outbox sends what is due, retries included.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

Job = Callable[[datetime.datetime], int]

_JOBS: dict[str, Job] = {}


def register(name: str) -> Callable[[Job], Job]:
    """Decorator: add a job the sweep runs at every moment, under `name`."""

    def decorator(job: Job) -> Job:
        _JOBS[name] = job
        return job

    return decorator


def jobs() -> dict[str, Job]:
    """The registered jobs, by name."""
    return dict(_JOBS)


@dataclass
class SweepResult:
    now: datetime.datetime
    made: dict[str, int] = field(default_factory=dict)
    emailed: int = 0
    digests: int = 0
    retrying: int = 0
    failed: int = 0

    @property
    def notifications(self) -> int:
        """How many notifications the jobs made in all."""
        return sum(self.made.values())


def run_due(now: datetime.datetime | None = None, deliver: bool = True) -> SweepResult:
    """Run every registered job as of `now`, then write e-mail to the outbox and send what is due. Safe
    to run again at any time. The outbox keeps the real clock for retries, whatever `now` says."""
    from . import outbox, services
    from .models import OutboxKind

    now = now or timezone.now()
    if timezone.is_naive(now):
        raise ValueError("run_due needs an aware datetime")
    result = SweepResult(now=now)
    for name, job in _JOBS.items():
        result.made[name] = job(now)
    if deliver:
        services.queue_immediate(now)
        services.queue_daily_digests(now)
        report = outbox.deliver()
        result.digests = report.sent[OutboxKind.DIGEST]
        result.emailed = report.total_sent - result.digests
        result.retrying, result.failed = report.retrying, report.failed
    return result
