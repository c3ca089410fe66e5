"""The load balancer's health checks: no database and no session for /helse/, one query for /helse/db/."""

import logging

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from los.core import health
from los.core.models import AccessLogEntry


@pytest.mark.django_db
def test_alive_answers_ok_without_database_or_session():
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/helse/")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies, "a health check starts no session and sets no CSRF cookie"
    assert len(queries) == 0


@pytest.mark.django_db
def test_database_check_makes_exactly_one_query():
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/helse/db/")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies
    assert [q["sql"] for q in queries] == ["SELECT 1"]


@pytest.mark.django_db
def test_health_checks_need_no_login_and_write_no_access_log():
    before = AccessLogEntry.objects.count()
    client = Client()
    for path in ("/helse/", "/helse/db/"):
        assert client.get(path).status_code == 200
        assert client.head(path).status_code == 200
        assert client.post(path).status_code == 405
    assert AccessLogEntry.objects.count() == before


class _BrokenConnection:
    def cursor(self):
        raise OperationalError("connection refused")

    def close_if_unusable_or_obsolete(self):
        pass


@pytest.mark.django_db
def test_database_check_answers_503_when_the_database_does_not_answer(monkeypatch, caplog):
    monkeypatch.setattr(health, "connection", _BrokenConnection())
    with caplog.at_level(logging.WARNING, logger="los.core.health"):
        response = Client().get("/helse/db/")
    assert response.status_code == 503
    assert response.content.decode() == "databasen svarer ikke"
    assert response["Cache-Control"] == "no-store"
    assert "connection refused" in caplog.text
    # The process itself is alive.
    assert Client().get("/helse/").status_code == 200


def test_access_log_filter_leaves_out_health_checks_only():
    keep = health.SkipHealthChecks()

    def line(path):
        return logging.LogRecord("granian.access", logging.INFO, "", 0, "%(path)s", ({"path": path},), None)

    assert not keep.filter(line("/helse/"))
    assert not keep.filter(line("/helse/db/"))
    assert keep.filter(line("/familier/1/"))
    assert keep.filter(logging.LogRecord("granian.access", logging.INFO, "", 0, "plain", None, None))
