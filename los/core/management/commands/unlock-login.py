from django.core.management.base import BaseCommand, CommandError

from los.core import login


class Command(BaseCommand):
    help = (
        "Lift a login lock: unlock-login USERNAME | unlock-login --address IP. Any account, also a "
        "guardian's (which the admin does not show)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", default="")
        parser.add_argument("--address", default="", help="Unlock an address (IPv4 or IPv6).")

    def handle(self, *args, username, address, **options):
        if not username and not address:
            raise CommandError("Oppgi et brukernavn eller --address.")
        removed = login.unlock(username=username or None, address=address or None)
        self.stdout.write(f"{removed} failed-login record(s) removed; the lock is lifted.")
