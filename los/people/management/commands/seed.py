from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from los.core.models import Municipality
from los.people.demo import seed


class Command(BaseCommand):
    help = "Create a deterministic synthetic data set (demo users only when LOS_DEMO=1)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=["demo", "oslo"],
            default="demo",
            help="demo: a small demo installation; oslo: 30 municipalities and about 30,000 families.",
        )
        parser.add_argument("--families", type=int, default=40, help="Families (demo scale only).")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--fraction", type=float, default=1.0, help="Scale every count of the oslo scale (e.g. 0.01)."
        )
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if data already exists.")

    def handle(self, *args, scale, families, seed: int, fraction: float, if_empty: bool, **options):
        if if_empty and Municipality.objects.exists():
            self.stdout.write("Demodata finnes allerede; ingenting endret.")
            return
        if scale == "oslo":
            self.seed_oslo(seed, fraction)
            return
        result = seed_data(families, seed)
        self.stdout.write(
            f"Laget {result.municipalities} kommuner, {result.families} familier, {result.children} barn, "
            f"{result.guardians} foresatte og {result.users} brukere."
        )
        if not settings.LOS_DEMO:
            self.stdout.write("Demobrukere lages bare når LOS_DEMO=1.")

    def seed_oslo(self, seed_value: int, fraction: float) -> None:
        from los.people.scale import NotEmpty, seed_oslo

        if not 0 < fraction <= 1:
            raise CommandError("--fraction må være større enn 0 og høyst 1.")
        try:
            result = seed_oslo(seed=seed_value, fraction=fraction, out=self.stdout.write)
        except NotEmpty:
            raise CommandError(
                "Databasen har allerede kommuner; --scale oslo krever en tom database (bruk --if-empty)."
            ) from None
        width = max(len(label) for label in result.counts)
        for label, count in sorted(result.counts.items()):
            self.stdout.write(f"  {label:<{width}} {count:>10,}".replace(",", " "))
        self.stdout.write(f"Tid totalt: {result.seconds['total']} s")
        if result.demo_users:
            self.stdout.write("Innlogginger (passord «demo»): " + ", ".join(result.demo_users))
        elif not settings.LOS_DEMO:
            self.stdout.write("Navngitte innlogginger lages bare når LOS_DEMO=1.")


def seed_data(families, seed_value):
    return seed(families=families, seed=seed_value)
