from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from los.core.models import ApiToken, User


class Command(BaseCommand):
    help = "Personal API tokens: create USERNAME [--name N] | list USERNAME | revoke TOKEN_ID"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token and print it once.")
        create.add_argument("username")
        create.add_argument("--name", default="")
        listing = sub.add_parser("list", help="List a user's tokens.")
        listing.add_argument("username")
        revoke = sub.add_parser("revoke", help="Revoke a token by its id.")
        revoke.add_argument("token_id", type=int)

    def _user(self, username):
        try:
            return User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"Ukjent bruker: {username}")

    def handle(self, *args, action, **options):
        if action == "create":
            _token, key = ApiToken.issue(self._user(options["username"]), options["name"])
            self.stdout.write(key)
        elif action == "list":
            for t in ApiToken.objects.filter(user=self._user(options["username"])):
                state = f"revoked {t.revoked_at:%Y-%m-%d %H:%M}" if t.revoked_at else "active"
                used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never"
                created = f"{t.created_at:%Y-%m-%d}"
                name = t.name or "-"
                self.stdout.write(f"{t.pk}\t{t.prefix}…\t{name}\tcreated {created}\tused {used}\t{state}")
        else:
            updated = ApiToken.objects.filter(pk=options["token_id"], revoked_at__isnull=True).update(
                revoked_at=timezone.now()
            )
            if not updated:
                raise CommandError("Fant ingen aktiv nøkkel med den id-en.")
            self.stdout.write("revoked")
