"""`los run-due [--now ISO-DATETIME]`: do everything due (reminders, chases, no-contact reminders,
deadline warnings, e-mail and the daily digest) once, and exit."""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from los.core import dates
from los.notifications.sweep import run_due
from los.notifications.tasks import schedule_next


def parse_moment(value: str) -> datetime.datetime:
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--now: «{value}» er ikke et tidspunkt (f.eks. 2027-03-01T08:00:00+01:00).")
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=dates.OSLO)  # a moment without offset is Norwegian time
    return moment


class Command(BaseCommand):
    help = "Send all due reminders, chases and deadline warnings once, then exit (for cron and replays)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now", help="Process as of this moment (ISO 8601, e.g. 2027-03-01T08:00:00+01:00)."
        )
        parser.add_argument("--json", action="store_true", help="Print the result as JSON.")
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Also queue the worker's periodic sweep if it is not queued.",
        )

    def handle(self, *args, **options):
        now = parse_moment(options["now"]) if options["now"] else timezone.now()
        result = run_due(now)
        summary = {
            "now": now.isoformat(),
            "made": result.made,
            "notifications": result.notifications,
            "emailed": result.emailed,
            "digests": result.digests,
            "retrying": result.retrying,
            "failed": result.failed,
        }
        if options["schedule"]:
            summary["scheduled"] = schedule_next()
        if options["json"]:
            self.stdout.write(json.dumps(summary))
        else:
            made = ", ".join(f"{k}: {v}" for k, v in result.made.items()) or "-"
            self.stdout.write(
                f"run-due {now.isoformat()}: {result.notifications} varsler ({made}); "
                f"{result.emailed} e-poster, {result.digests} sammendrag"
                + (f"; {result.retrying} prøves igjen" if result.retrying else "")
                + (f"; {result.failed} feilet" if result.failed else "")
            )
