"""`los messages receive FILE`: handle one Dialogmelding file as if it had arrived from the health network,
and print the result as JSON: {"status": ..., "family_id": ..., "apprec": PATH}.

`los messages send`: send what is queued now; `los messages poll`: read what has arrived now."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from los.messaging import inbound, outbox, transport
from los.messaging.kith import MAX_MESSAGE_BYTES


class Command(BaseCommand):
    help = "Dialogmelding over the health network: receive one file, send the queue, or read the inbox."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        receive = commands.add_parser("receive", help="Handle one Dialogmelding file and answer it (AppRec).")
        receive.add_argument("file")
        commands.add_parser("send", help="Send the queued messages now.")
        commands.add_parser("poll", help="Read what has arrived (receipts and messages) now.")

    def handle(self, *args, **options):
        if options["action"] == "send":
            report = outbox.deliver()
            self.stdout.write(
                json.dumps({"sent": report.sent, "retrying": report.retrying, "failed": report.failed})
            )
            return
        if options["action"] == "poll":
            report = outbox.receive()
            self.stdout.write(
                json.dumps(
                    {"receipts": report.receipts, "received": report.received, "unsorted": report.unsorted}
                )
            )
            return
        path = Path(options["file"])
        try:
            if path.stat().st_size > MAX_MESSAGE_BYTES:
                raise CommandError(f"{path}: filen er for stor (høyst {MAX_MESSAGE_BYTES // 2**20} MiB).")
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: kan ikke lese filen ({error.strerror}).") from None
        via = transport.configured()
        try:
            result = inbound.receive(content, via=via)
        except transport.TransportError as error:
            raise CommandError(f"Kvitteringen kunne ikke sendes: {error}") from None
        apprec = None
        if isinstance(via, transport.FolderTransport) and result.apprec_msg_id:
            apprec = str(via.outbox / f"{result.apprec_msg_id}.xml")
        self.stdout.write(
            json.dumps(
                {
                    "status": result.status,
                    "family_id": result.family_id,
                    "apprec": apprec,
                    "reason": result.reason,
                }
            )
        )
