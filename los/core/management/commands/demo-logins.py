from django.conf import settings
from django.core.management.base import BaseCommand

from los.core.models import User

DEMO_USERS = ["saksbehandler", "koordinator", "tjenesteyter", "forelder", "leder", "regionleder", "admin"]


class Command(BaseCommand):
    help = "Print the demo logins (demo mode only)."

    def handle(self, *args, **options):
        if not settings.LOS_DEMO:
            self.stdout.write("Ikke demomodus: ingen demobrukere.")
            return
        self.stdout.write(f"\nLos kjører på {settings.LOS_BASE_URL}/  (passord for alle demobrukere: demo)\n")
        for user in User.objects.filter(username__in=DEMO_USERS).order_by("id"):
            role = user.get_role_display()
            if user.username == "regionleder":
                role = f"{role} for samarbeidet av de tre kommunene"
            self.stdout.write(f"  {user.username:<15} {role}")
        self.stdout.write("")
