"""`los serve`: the production web server (granian, WSGI by default).

Serves `los.wsgi:application` with worker processes, each running Django's views in a pool of threads.
Ctrl-C or SIGTERM stops it: granian stops the workers, and kills one still running after 30 s. Static
files are served by WhiteNoise from STATIC_ROOT, so a deployment runs `los collectstatic` before starting
it (docs/deployment.md); this command does not.
"""

import argparse
import copy
import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

# Threads per worker process: one by default. Django's views hold the GIL while they build a page, and
# on two cores one thread per worker served the most pages (bench/load.py: 22 family pages a second with
# one thread, 17 with four); raise --workers, not --threads, for more requests at once. Every thread may
# hold its own database connection: a worker's threads should not outnumber its connection pool.
DEFAULT_BACKLOG = 1024
# Seconds a worker may take to finish its requests after SIGTERM before it is killed.
WORKER_KILL_TIMEOUT = 30


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _default_threads() -> int:
    return 1


def _whole_number(name: str, value: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = None
    if number is None or not low <= number <= high:
        raise CommandError(f"Ugyldig {name}: «{value}» (et heltall fra {low} til {high}).")
    return number


def _target(dotted: str) -> str:
    module, _, attribute = dotted.rpartition(".")
    return f"{module}:{attribute}"


def _log_config() -> dict:
    """granian's logging, with the health checks left out of the access log."""
    from granian.log import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["filters"] = {"skip_health_checks": {"()": "los.core.health.SkipHealthChecks"}}
    config["handlers"]["access"]["filters"] = ["skip_health_checks"]
    return config


class Command(BaseCommand):
    help = (
        "Run the web server (granian, WSGI by default) for production. Run `los collectstatic` first; "
        "Ctrl-C or SIGTERM stops it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (127.0.0.1).")
        parser.add_argument("--port", default="8000", help="Port to listen on (8000).")
        parser.add_argument(
            "--workers", default=None, help=f"Worker processes (the number of CPUs, here {_cpu_count()})."
        )
        parser.add_argument(
            "--threads",
            default=None,
            help="Threads per worker running Django's views (1). Each may hold a database connection.",
        )
        parser.add_argument(
            "--interface",
            default="wsgi",
            choices=["wsgi", "asgi"],
            help="wsgi (the default): each worker runs views in --threads threads. asgi: each worker runs "
            "Django's sync views one at a time in one thread, so a slow page holds up the worker.",
        )
        parser.add_argument(
            "--backlog",
            default=str(DEFAULT_BACKLOG),
            help=f"Connections the system queues before refusing more ({DEFAULT_BACKLOG}).",
        )
        parser.add_argument(
            "--access-log",
            action=argparse.BooleanOptionalAction,
            default=False,
            help="One line per request on standard output, health checks left out (off).",
        )
        parser.add_argument(
            "--log-level",
            default="warning",
            choices=["debug", "info", "warning", "error"],
            help="The server's own messages (warning).",
        )

    def handle(self, *args, **options):
        from granian.constants import Interfaces
        from granian.log import LogLevels
        from granian.server import Server

        port = _whole_number("port", options["port"], 1, 65535)
        workers = _whole_number("antall prosesser", options["workers"] or str(_cpu_count()), 1, 64)
        threads = _whole_number("antall tråder", options["threads"] or str(_default_threads()), 1, 256)
        backlog = _whole_number("kø", options["backlog"], 128, 65535)
        host = options["host"].strip()
        if not host:
            raise CommandError("Ugyldig adresse: tom.")

        # The workers open their own database connections; none is carried over from this process.
        connections.close_all()

        if options["interface"] == "asgi":
            # Django answers no ASGI lifespan events; its sync views share one thread per worker.
            target, interface, threads = _target(settings.ASGI_APPLICATION), Interfaces.ASGINL, 1
        else:
            target, interface = _target(settings.WSGI_APPLICATION), Interfaces.WSGI
        server = Server(
            target,
            address=host,
            port=port,
            interface=interface,
            workers=workers,
            blocking_threads=threads,
            backlog=backlog,
            log_level=LogLevels(options["log_level"]),
            log_access=options["access_log"],
            log_dictconfig=_log_config(),
            respawn_failed_workers=True,
            workers_kill_timeout=WORKER_KILL_TIMEOUT,
        )
        shown = f"[{host}]" if ":" in host else host
        started = []

        def announce():
            started.append(True)
            processes = f"{workers} prosess" + ("" if workers == 1 else "er")
            per_process = f"{threads} tråd" + ("" if threads == 1 else "er")
            self.stdout.write(
                f"Los kjører på http://{shown}:{port}/ ({processes} × {per_process}, "
                f"{options['interface'].upper()}). Stopp med Ctrl-C.",
            )
            self.stdout.flush()

        server.on_startup(announce)
        try:
            server.serve()
        except (OSError, RuntimeError) as error:
            if started:
                raise
            # granian reports a port in use as RuntimeError("Address already in use (os error 98)").
            reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
            raise CommandError(f"Kunne ikke lytte på {shown}:{port}: {reason}")
