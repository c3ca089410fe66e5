"""`los outbox [--deliver] [--retry-failed] [--json]`: the e-mail outbox for operators: how many e-mails
wait, are being sent, were sent or failed (with the last errors); send what is due now; put failed
e-mails back in the queue once the mail server is mended."""

import json

from django.core.management.base import BaseCommand

from los.notifications import outbox
from los.notifications.models import OutboxMessage, OutboxState


class Command(BaseCommand):
    help = "Vis e-postkøen, send det som venter, eller legg e-post som feilet tilbake i køen."

    def add_arguments(self, parser):
        parser.add_argument("--deliver", action="store_true", help="Send what is due now.")
        parser.add_argument(
            "--retry-failed",
            action="store_true",
            help="Put failed e-mails back in the queue (same Message-ID).",
        )
        parser.add_argument("--json", action="store_true", help="Print the result as JSON.")

    def handle(self, *args, **options):
        summary: dict = {}
        if options["retry_failed"]:
            summary["requeued"] = outbox.retry_failed()
        if options["deliver"]:
            report = outbox.deliver()
            summary["sent"] = report.total_sent
            summary["retrying"] = report.retrying
            summary["failed_now"] = report.failed
        summary["states"] = outbox.counts()
        waiting = OutboxMessage.objects.filter(state=OutboxState.QUEUED).order_by("created_at").first()
        summary["oldest_waiting"] = waiting.created_at.isoformat() if waiting else None
        summary["last_errors"] = list(
            OutboxMessage.objects.filter(state__in=[OutboxState.QUEUED, OutboxState.FAILED])
            .exclude(last_error="")
            .order_by("-next_attempt_at")
            .values("message_id", "state", "attempts", "last_error")[:5]
        )
        if options["json"]:
            self.stdout.write(json.dumps(summary))
            return
        states = ", ".join(f"{state}: {n}" for state, n in sorted(summary["states"].items())) or "tom"
        self.stdout.write(f"E-postkøen: {states}")
        for key, label in [
            ("requeued", "lagt tilbake i køen"),
            ("sent", "sendt nå"),
            ("retrying", "prøves igjen"),
        ]:
            if key in summary:
                self.stdout.write(f"{summary[key]} {label}")
        if summary["oldest_waiting"]:
            self.stdout.write(f"Eldste som venter: {summary['oldest_waiting']}")
        for row in summary["last_errors"]:
            self.stdout.write(
                f"{row['message_id']} ({row['state']}, {row['attempts']} forsøk): {row['last_error']}"
            )
