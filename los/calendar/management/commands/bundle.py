"""`los bundle INSTANCE.json [--time-limit S]`: bundle one family's appointments and print the result JSON."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from los.calendar.bundling import InstanceError, load_instance, result_to_json, solve


class Command(BaseCommand):
    help = "Book a family's appointments on as few dates as possible; prints los-bundling-result/1 JSON."

    def add_arguments(self, parser):
        parser.add_argument("instance", help="path to a los-bundling-instance/1 JSON file")
        parser.add_argument(
            "--time-limit",
            type=float,
            default=None,
            help="seconds the optimiser may use (default: settings.LOS_BUNDLING_TIME_LIMIT, else 5)",
        )
        parser.add_argument("--workers", type=int, default=2, help="CP-SAT worker threads (default 2)")

    def handle(self, *args, **options):
        path = Path(options["instance"])
        limit = options["time_limit"]
        if limit is None:
            limit = float(getattr(settings, "LOS_BUNDLING_TIME_LIMIT", 5.0))
        if limit <= 0:
            raise CommandError("--time-limit must be positive")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror or exc}") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(f"{path} is not valid JSON: {exc}") from None
        try:
            instance = load_instance(data)
        except InstanceError as exc:
            raise CommandError(f"{path}: invalid instance: {exc.field}: {exc.message}") from None
        result = solve(instance, time_limit_seconds=limit, workers=options["workers"])
        name = instance.name or path.stem
        self.stdout.write(json.dumps(result_to_json(result, name), ensure_ascii=False))
