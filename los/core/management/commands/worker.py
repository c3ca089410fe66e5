from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background worker (django-tasks database backend)."

    def add_arguments(self, parser):
        parser.add_argument("--no-reload", action="store_true", help="Never reload on code changes.")
        parser.add_argument("--batch", action="store_true", help="Process what is queued, then exit.")

    def handle(self, *args, **options):
        extra = []
        if options["batch"]:
            extra.append("--batch")
        if options["no_reload"]:
            extra.append("--no-reload")
        call_command("db_worker", *extra)
