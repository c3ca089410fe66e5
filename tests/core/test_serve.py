"""`los serve`: granian serves Los; it answers the health check, stops on SIGTERM and refuses bad options."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _production_env(tmp_path) -> dict[str, str]:
    """The environment of a production server: not the test settings, a SQLite database of its own."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"LOS_TESTING", "DJANGO_SETTINGS_MODULE", "DATABASE_URL", "LOS_DEMO"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="los.settings",
        LOS_ENV_FILE="",
        DATABASE_URL=f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        DEBUG="0",
        SECRET_KEY="serve-test-key-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
    )
    return env


def _los(*args: str) -> list[str]:
    return [sys.executable, "-m", "los", *args]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_serve_answers_the_health_checks_and_stops_on_sigterm(tmp_path):
    port = _free_port()
    server = subprocess.Popen(
        _los("serve", "--port", str(port), "--workers", "1", "--threads", "2"),
        env=_production_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        answer = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                answer = _get(f"http://127.0.0.1:{port}/helse/")
                break
            except OSError:
                time.sleep(0.2)
        assert answer == (200, "ok"), f"no answer from los serve: {server.poll()}"
        assert _get(f"http://127.0.0.1:{port}/helse/db/") == (200, "ok")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            output, _ = server.communicate(timeout=40)
        except subprocess.TimeoutExpired:
            server.kill()
            output, _ = server.communicate()
            pytest.fail(f"los serve did not stop on SIGTERM:\n{output}")
    assert server.returncode == 0, output
    assert f"Los kjører på http://127.0.0.1:{port}/ (1 prosess × 2 tråder, WSGI)" in output


def test_a_bad_port_exits_with_one_clear_line(tmp_path):
    result = subprocess.run(
        _los("serve", "--port", "99999"),
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "CommandError: Ugyldig port: «99999» (et heltall fra 1 til 65535)."
    ]
    assert result.stdout == ""


def test_a_port_in_use_exits_with_one_clear_line(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            _los("serve", "--port", str(port), "--workers", "1"),
            env=_production_env(tmp_path),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.startswith("CommandError")]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"CommandError: Kunne ikke lytte på 127.0.0.1:{port}: Address already in use")


@pytest.mark.parametrize(
    "options, message",
    [
        (["--port", "http"], "Ugyldig port: «http»"),
        (["--port", "0"], "Ugyldig port: «0»"),
        (["--workers", "0"], "Ugyldig antall prosesser: «0»"),
        (["--threads", "mange"], "Ugyldig antall tråder: «mange»"),
        (["--backlog", "10"], "Ugyldig kø: «10»"),
        (["--host", " "], "Ugyldig adresse"),
    ],
)
def test_options_are_checked_before_anything_starts(options, message):
    with pytest.raises(CommandError, match=message):
        call_command("serve", *options)
