"""Production defaults are safe: no DEBUG, secure cookies, a required secret key, no demo users."""

import json
import os
import subprocess
import sys
from pathlib import Path

from los.envfile import read_env_file, write_demo_env

PROBE = (
    "import json, los.settings as s; print(json.dumps({'debug': s.DEBUG, 'secure': s.SESSION_COOKIE_SECURE, "
    "'csrf_secure': s.CSRF_COOKIE_SECURE, 'demo': s.LOS_DEMO, 'synthetic': s.LOS_ALLOW_SYNTHETIC_IDS, "
    "'hsts': getattr(s, 'SECURE_HSTS_SECONDS', 0), 'hosts': s.ALLOWED_HOSTS, "
    "'db': s.DATABASES['default']['ENGINE']}))"
)


def run_settings(**env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("LOS_", "DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"))
    }
    # As an installation without a var/.env (the checkout running the tests may have one from `make run`).
    clean["LOS_ENV_FILE"] = ""
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=clean, timeout=60
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings()
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_defaults_are_safe():
    result = run_settings(
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="los.kommune.no",
        DATABASE_URL="postgres://los@db.internal:5432/los",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["debug"] is False and values["demo"] is False and values["synthetic"] is False
    assert values["secure"] is True and values["csrf_secure"] is True and values["hsts"] > 0
    assert values["hosts"] == ["los.kommune.no"]
    assert values["db"] == "django.db.backends.postgresql"


CHECKOUT_PROBE = (
    "import json, los.settings as s; print(json.dumps({'key': s.SECRET_KEY, 'debug': s.DEBUG, "
    "'demo': s.LOS_DEMO, 'synthetic': s.LOS_ALLOW_SYNTHETIC_IDS, 'base_url': s.LOS_BASE_URL, "
    "'db': s.DATABASES['default']['NAME'], 'env_file': s.LOS_ENV_FILE, "
    "'static': s.STORAGES['staticfiles']['BACKEND'], 'finders': s.WHITENOISE_USE_FINDERS}))"
)


def run_checkout_settings(**env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("LOS_", "DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"))
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", CHECKOUT_PROBE], capture_output=True, text=True, env=clean, timeout=60
    )


def test_make_run_writes_a_secret_key_once_and_the_port_it_serves(tmp_path):
    env_file = tmp_path / "var" / ".env"
    first = write_demo_env(env_file, 8000)
    second = write_demo_env(env_file, 8123)
    values = read_env_file(env_file)
    assert (
        len(first["SECRET_KEY"]) >= 50 and values["SECRET_KEY"] == first["SECRET_KEY"] == second["SECRET_KEY"]
    )
    assert values["LOS_DEMO"] == "1"
    assert values["LOS_BASE_URL"] == "http://127.0.0.1:8123"
    assert values["DATABASE_URL"] == f"sqlite:///{(tmp_path / 'var' / 'los.sqlite3').resolve()}"
    assert env_file.stat().st_mode & 0o077 == 0, "the secret key is readable by its owner only"


def test_the_los_command_in_a_checkout_uses_the_settings_make_run_wrote(tmp_path):
    env_file = tmp_path / "var" / ".env"
    written = write_demo_env(env_file, 8123)
    result = run_checkout_settings(LOS_ENV_FILE=str(env_file))
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["key"] == written["SECRET_KEY"]
    assert values["demo"] is True and values["synthetic"] is True and values["debug"] is False
    assert values["base_url"] == "http://127.0.0.1:8123"
    assert values["db"] == str((tmp_path / "var" / "los.sqlite3").resolve())
    # Served with DEBUG off, the demo's static files come straight from the apps and node_modules.
    assert values["finders"] is True and values["static"].endswith("StaticFilesStorage")


def test_the_environment_wins_over_the_checkouts_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text(
        '# comment\nSECRET_KEY="from-the-file"\nLOS_BASE_URL=http://127.0.0.1:8000\nLOS_DEMO=1\n'
    )
    result = run_checkout_settings(LOS_ENV_FILE=str(env_file), LOS_BASE_URL="https://los.kommune.no/")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["key"] == "from-the-file"
    assert values["base_url"] == "https://los.kommune.no"


def test_the_los_command_reads_the_checkouts_var_env_and_nothing_else_does():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LOS_", "DEBUG", "DJANGO_"))}
    env.update(SECRET_KEY="x" * 50, LOS_DEMO="1")
    project = Path(__file__).resolve().parents[2]
    show = "from django.conf import settings; print(settings.LOS_ENV_FILE)"
    by_command = subprocess.run(
        [sys.executable, "-m", "los", "shell", "-c", show],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert by_command.returncode == 0, by_command.stderr
    assert by_command.stdout.strip().splitlines()[-1] == str(project / "var" / ".env")
    # A server or script importing the settings sees the environment only.
    result = run_checkout_settings(SECRET_KEY="x" * 50, LOS_DEMO="1")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["env_file"] == ""


def test_production_without_var_env_still_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_checkout_settings(LOS_ENV_FILE=str(tmp_path / "missing.env"))
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_email_links_point_to_the_port_make_run_serves(tmp_path, settings):
    from los.notifications.emails import absolute_url

    write_demo_env(tmp_path / ".env", 8123)
    settings.LOS_BASE_URL = read_env_file(tmp_path / ".env")["LOS_BASE_URL"]
    assert absolute_url("/varsler/") == "http://127.0.0.1:8123/varsler/"


def test_make_run_writes_the_port_it_serves_into_var_env():
    project = Path(__file__).resolve().parents[2]
    plan = subprocess.run(
        ["make", "-n", "-o", "setup", "run", "PORT=8123"], cwd=project, capture_output=True, text=True
    )
    assert plan.returncode == 0, plan.stderr
    assert "-m los.envfile var/.env --port 8123" in plan.stdout
    assert "runserver --noreload 127.0.0.1:8123" in plan.stdout
    assert "DEBUG=1" not in plan.stdout, "the demo is served with DEBUG off (Los' own error pages)"


def test_postgresql_connections_plan_for_short_queries_on_ssd(db):
    """Every PostgreSQL connection runs with the planner settings docs/deployment.md names: no JIT,
    random_page_cost 1.1, and statements sent with server-side parameters (prepared when repeated)."""
    import pytest
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
        cursor.execute("SHOW random_page_cost")
        assert float(cursor.fetchone()[0]) == 1.1
    assert connection.settings_dict["OPTIONS"].get("server_side_binding") is True
