"""The migrations and the models agree.

The suite's test database is built from the models (`--nomigrations` in pyproject.toml); every real
database (`make run`, production) is built by the migrations. These tests hold the two together: no model
change lacks its migration, and migrating an empty database gives the same tables, columns and
constraints as the test database."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core.management import call_command
from django.db import connection

from .schema_dump import schema

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_every_model_change_has_its_migration():
    try:
        call_command("makemigrations", "--check", "--dry-run", verbosity=0)
    except SystemExit as exit_:  # makemigrations --check exits 1 when a migration is missing
        pytest.fail(f"makemigrations --check found model changes without a migration ({exit_.code})")


def _on_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


@pytest.fixture
def empty_database_url(tmp_path):
    """A new, empty database of the kind the suite runs on (a PostgreSQL database of its own, or a file)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
        return
    import psycopg

    name = f"los_migrate_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(_on_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _on_database(url, name)
    finally:
        with psycopg.connect(_on_database(url, "postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db
def test_migrating_an_empty_database_builds_the_schema_the_models_describe(empty_database_url):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "los.settings_test",
        "DATABASE_URL": empty_database_url,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.core.schema_dump"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    migrated = json.loads(done.stdout)
    from_models = schema(connection)
    assert sorted(migrated) == sorted(from_models)
    for table, shape in from_models.items():
        assert migrated[table]["columns"] == shape["columns"], table
        assert migrated[table]["constraints"] == shape["constraints"], table
