"""Production defaults are safe: no DEBUG, secure cookies, a required secret key, no demo users."""

import json
import os
import subprocess
import sys

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
        if not k.startswith(("LOS_", "DEBUG", "SECRET_KEY", "DATABASE_URL"))
    }
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
