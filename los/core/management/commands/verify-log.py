import sys

from django.core.management.base import BaseCommand

from los.core.audit import verify_chain


class Command(BaseCommand):
    help = "Check the access log's hash chain; names the first broken row and exits 1 if there is one."

    def handle(self, *args, **options):
        checked, broken = verify_chain()
        if broken is None:
            self.stdout.write(f"Tilgangsloggen er hel: {checked} rader kontrollert.")
            return
        self.stderr.write(
            f"Tilgangsloggen er endret: rad {broken.seq} (id {broken.entry_id}) {broken.problem}. "
            f"{checked} rader lest."
        )
        sys.exit(1)
