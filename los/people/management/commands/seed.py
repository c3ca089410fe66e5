from django.conf import settings
from django.core.management.base import BaseCommand

from los.core.models import Municipality
from los.people.demo import seed


class Command(BaseCommand):
    help = "Create a deterministic synthetic data set (demo users only when LOS_DEMO=1)."

    def add_arguments(self, parser):
        parser.add_argument("--families", type=int, default=40)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if data already exists.")

    def handle(self, *args, families, seed: int, if_empty: bool, **options):
        if if_empty and Municipality.objects.exists():
            self.stdout.write("Demodata finnes allerede; ingenting endret.")
            return
        result = seed_data(families, seed)
        self.stdout.write(
            f"Laget {result.municipalities} kommuner, {result.families} familier, {result.children} barn, "
            f"{result.guardians} foresatte og {result.users} brukere."
        )
        if not settings.LOS_DEMO:
            self.stdout.write("Demobrukere lages bare når LOS_DEMO=1.")


def seed_data(families, seed_value):
    return seed(families=families, seed=seed_value)
