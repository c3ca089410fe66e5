"""The web defences (issue 10, part 6): login throttling per account and per address with a clear
message and an admin unlock; Argon2; a strict Content-Security-Policy; `Cache-Control: no-store` on
everything with family data; sessions that end after 30 minutes idle."""

import datetime
import json
import os
import re
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

from axes.models import AccessAttempt
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db.models import F
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone

from los.calendar.models import FeedKind
from los.calendar.services import feeds
from los.core import login, middleware, sessions
from los.core.models import ApiToken, User, UserAuditEntry
from los.core.sessions import SessionStore
from tests.factories import PASSWORD
from tests.plans.helpers import make_plan

LOGIN = "/logg-inn/"
LOCKED = "Innloggingen er låst"


def try_login(client, username, password, address="127.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def age_attempts(minutes):
    """Move every failed attempt `minutes` into the past, as if that time had gone by."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=minutes))


# --- Login throttling ---------------------------------------------------------------------------------


def test_25_wrong_passwords_lock_the_account_with_a_message_in_bokmal(tenant, client):
    answers = [try_login(client, tenant.caseworker.username, f"feil-{n}") for n in range(25)]
    # Up to the limit the form says the password was wrong and warns about the lock.
    for response in answers[:9]:
        page = response.content.decode()
        assert response.status_code == 200 and "Feil brukernavn eller passord" in page
        assert "Etter 10 feil forsøk blir kontoen låst i 30 minutter." in page
    # The 10th wrong password locks the account; every later attempt gets the lockout page.
    for response in answers[9:]:
        page = response.content.decode()
        assert response.status_code == 429
        assert LOCKED in page and "er kontoen låst i 30 minutter, til kl." in page
        assert "Kontakt den som administrerer Los i kommunen" in page
        assert "<form" not in page.split('id="main"')[1]  # no password field to keep trying
    assert not signed_in(client)


def test_the_right_password_is_refused_until_the_lock_ends(tenant, client):
    for n in range(10):
        try_login(client, tenant.coordinator.username, f"feil-{n}")
    refused = try_login(client, tenant.coordinator.username, PASSWORD)
    assert refused.status_code == 429 and LOCKED in refused.content.decode()
    assert not signed_in(client)
    # 29 minutes later it is still locked, and that attempt starts the 30 minutes again.
    age_attempts(29)
    assert try_login(client, tenant.coordinator.username, PASSWORD).status_code == 429
    age_attempts(29)
    assert try_login(client, tenant.coordinator.username, PASSWORD).status_code == 429
    # 30 minutes without an attempt: the lock has ended and the right password signs in.
    age_attempts(31)
    response = try_login(client, tenant.coordinator.username, PASSWORD)
    assert response.status_code == 302 and signed_in(client)
    assert not AccessAttempt.objects.filter(username=tenant.coordinator.username).exists()


def test_a_locked_account_does_not_lock_colleagues_on_the_same_address(tenant, client):
    for n in range(10):
        try_login(client, tenant.caseworker.username, f"feil-{n}")
    colleague = Client()
    assert try_login(colleague, tenant.coordinator.username, PASSWORD).status_code == 302


def test_signing_in_to_another_account_does_not_reset_the_count_of_the_account_being_guessed(tenant):
    guesser = Client()
    for n in range(9):
        try_login(guesser, tenant.caseworker.username, f"feil-{n}")
    # The guesser owns a working account and signs in with it from the same address ...
    assert try_login(Client(), tenant.guardian_user.username, PASSWORD).status_code == 302
    # ... yet the next wrong password for the caseworker is the 10th in a row and locks the account.
    assert try_login(guesser, tenant.caseworker.username, "feil-9").status_code == 429


def test_an_address_locks_after_its_own_higher_limit(tenant, client, settings):
    settings.LOS_LOGIN_ADDRESS_FAILURE_LIMIT = 12
    # Guessing across accounts from one address: no account reaches its own limit ...
    for n in range(12):
        try_login(client, f"gjetting-{n % 4}", "feil", address="203.0.113.7")
    # ... but the address is locked, also for a real user with the right password,
    assert try_login(Client(), tenant.leader.username, PASSWORD, address="203.0.113.7").status_code == 429
    assert login.address_is_locked("203.0.113.7")
    # while the same user elsewhere signs in.
    assert try_login(Client(), tenant.leader.username, PASSWORD, address="198.51.100.2").status_code == 302


def test_an_admin_unlocks_a_staff_account_in_the_admin_and_it_is_traced(tenant, admin_user, client_for):
    user = tenant.provider
    for n in range(10):
        try_login(Client(), user.username, f"feil-{n}")
    assert login.account_is_locked(user.username)
    admin = client_for(admin_user)
    listing = admin.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200 and user.username in listing.content.decode()
    ids = list(AccessAttempt.objects.filter(username=user.username).values_list("pk", flat=True))
    response = admin.post(
        "/admin/axes/accessattempt/", {"action": "unlock_accounts", "_selected_action": ids}
    )
    assert response.status_code == 302
    assert not login.account_is_locked(user.username)
    assert try_login(Client(), user.username, PASSWORD).status_code == 302
    entry = UserAuditEntry.objects.get(user=user, field="login_lock")
    assert entry.changed_by == admin_user and entry.new_value == "låst opp"


def test_the_admin_does_not_show_a_guardians_failed_logins_but_the_command_unlocks_them(
    tenant, admin_user, client_for
):
    guardian = tenant.guardian_user
    for n in range(10):
        try_login(Client(), guardian.username, f"feil-{n}")
    assert login.account_is_locked(guardian.username)
    listing = client_for(admin_user).get("/admin/axes/accessattempt/").content.decode()
    assert guardian.username not in listing
    out = StringIO()
    call_command("unlock-login", guardian.username, stdout=out)
    assert "lifted" in out.getvalue()
    assert try_login(Client(), guardian.username, PASSWORD).status_code == 302


def test_a_lock_does_not_touch_api_tokens_or_sessions_already_signed_in(tenant, client, client_for):
    signed_in_before = client_for(tenant.caseworker)
    _token, key = ApiToken.issue(tenant.caseworker, "EPJ")
    for n in range(10):
        try_login(client, tenant.caseworker.username, f"feil-{n}")
    assert login.account_is_locked(tenant.caseworker.username)
    assert client.get("/api/v1/families", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    assert signed_in_before.get(f"/familier/{tenant.family.pk}/").status_code == 200


def test_the_client_address_is_read_behind_our_own_proxies_only(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.9")
    settings.LOS_TRUSTED_PROXY_COUNT = 0
    assert login.client_address(request) == "10.0.0.2"
    settings.LOS_TRUSTED_PROXY_COUNT = 1
    assert login.client_address(request) == "198.51.100.9"  # the forged left entry is ignored
    settings.LOS_TRUSTED_PROXY_COUNT = 3
    assert login.client_address(request) == "10.0.0.2"  # fewer entries than proxies: not trusted


# --- Content-Security-Policy and Cache-Control ----------------------------------------------------------


def assert_strict_csp(response):
    policy = response["Content-Security-Policy"]
    directives = dict((part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert directives["base-uri"] == "'self'" and directives["form-action"] == "'self'"
    assert "unsafe" not in policy


def family_responses(tenant, client_for):
    """One response of each kind that carries a family's data."""
    make_plan(tenant)
    _feed, feed_token = feeds.issue_feed(tenant.guardian_user, FeedKind.FAMILY, tenant.family)
    _token, key = ApiToken.issue(tenant.coordinator, "EPJ")
    staff, guardian = client_for(tenant.coordinator), client_for(tenant.guardian_user)
    return {
        "staff family page": staff.get(f"/familier/{tenant.family.pk}/"),
        "portal family page": guardian.get(f"/familie/{tenant.family.pk}/"),
        "plan PDF": guardian.get(f"/plan/{tenant.family.pk}/pdf/"),
        "API with a token": Client().get("/api/v1/families", HTTP_AUTHORIZATION=f"Bearer {key}"),
        "API with the session": staff.get("/api/v1/families"),
        "calendar feed (secret address)": Client().get(f"/kalender/ics/{feed_token}/"),
        "a refusal": Client().get("/api/v1/families"),
    }


def test_every_response_with_family_data_has_csp_and_no_store(tenant, client_for):
    for kind, response in family_responses(tenant, client_for).items():
        assert response.status_code in (200, 401), kind
        assert_strict_csp(response)
        assert response["Cache-Control"] == "no-store", kind
        assert not response.has_header("Expires"), kind


def test_the_login_and_lockout_pages_have_csp(tenant, client):
    page = client.get(LOGIN)
    assert page.status_code == 200
    assert_strict_csp(page)
    assert page["Cache-Control"] == "no-store"
    for n in range(10):
        locked = try_login(client, tenant.caseworker.username, f"feil-{n}")
    assert locked.status_code == 429
    assert_strict_csp(locked)


def test_static_files_keep_their_caching():
    cached = HttpResponse("body{}", headers={"Cache-Control": "max-age=31536000, public, immutable"})
    no_store = middleware.NoStoreMiddleware(lambda request: cached)
    response = no_store(RequestFactory().get("/static/los/los.css"))
    assert response["Cache-Control"] == "max-age=31536000, public, immutable"


# Templates WeasyPrint turns into PDFs: never served as HTML, so their <style> meets no CSP.
PDF_TEMPLATES = ("plans/plan_pdf.html", "casework/letters/", "reports/annual_report.html")
INLINE = {
    "inline <script>": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I),
    "on*= handler": re.compile(r"<[^>]*\son[a-z]+\s*=", re.I),
    "style= attribute": re.compile(r"<[^>]*\sstyle\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
    "<style> element": re.compile(r"<style[\s>]", re.I),
}


def test_no_template_has_what_the_csp_would_block():
    root = Path(__file__).resolve().parents[2] / "los"
    found = []
    for path in root.rglob("templates/**/*.html"):
        name = path.as_posix().split("/templates/", 1)[1]
        text = path.read_text()
        for what, pattern in INLINE.items():
            if what == "<style> element" and name.startswith(PDF_TEMPLATES):
                continue
            found += [f"{name}: {what}" for _match in pattern.finditer(text)]
    assert found == []


# --- Sessions ------------------------------------------------------------------------------------------


def session_row(client):
    return Session.objects.get(session_key=client.session.session_key)


def test_a_staff_session_ends_after_30_minutes_idle(tenant, client_for):
    client = client_for(tenant.caseworker)
    before = timezone.now()
    assert client.get(f"/familier/{tenant.family.pk}/").status_code == 200
    expires = session_row(client).expire_date
    assert (
        before + datetime.timedelta(minutes=29) < expires <= timezone.now() + datetime.timedelta(minutes=30)
    )
    # 30 minutes without a request: the session has ended and the page asks to sign in.
    Session.objects.filter(pk=client.session.session_key).update(expire_date=timezone.now())
    response = client.get(f"/familier/{tenant.family.pk}/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def rewrite_session(client, expires_in, **times):
    """Store session times as if they had been written earlier, and when the session would end."""
    key = client.session.session_key
    store = SessionStore(key)
    data = store.load()
    data.update(times)
    Session.objects.filter(pk=key).update(
        session_data=store.encode(data), expire_date=timezone.now() + expires_in
    )


def test_a_session_in_use_is_renewed_at_most_once_a_minute(tenant, client_for):
    client = client_for(tenant.coordinator)
    family_page = f"/familier/{tenant.family.pk}/"
    # Saved 30 seconds ago: a request does not write the session again.
    rewrite_session(client, datetime.timedelta(minutes=29), **{sessions.SAVED: int(time.time()) - 30})
    assert client.get(family_page).status_code == 200
    assert session_row(client).expire_date < timezone.now() + datetime.timedelta(minutes=29, seconds=5)
    # Saved over a minute ago: the request renews it for another 30 minutes.
    rewrite_session(client, datetime.timedelta(minutes=5), **{sessions.SAVED: int(time.time()) - 61})
    assert client.get(family_page).status_code == 200
    assert session_row(client).expire_date > timezone.now() + datetime.timedelta(minutes=29)


def test_a_session_ends_after_ten_hours_in_any_case(tenant, client_for):
    client = client_for(tenant.coordinator)
    rewrite_session(
        client, datetime.timedelta(minutes=30), **{sessions.STARTED: int(time.time()) - 10 * 3600 - 1}
    )
    response = client.get(f"/familier/{tenant.family.pk}/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_session_and_csrf_cookies_are_http_only_and_end_with_the_browser(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


# --- Passwords and production settings -----------------------------------------------------------------

PROBE = (
    "import json, los.settings as s; print(json.dumps({'hashers': s.PASSWORD_HASHERS, "
    "'backends': s.AUTHENTICATION_BACKENDS, 'middleware': s.MIDDLEWARE, 'secure': s.SESSION_COOKIE_SECURE, "
    "'csrf_secure': s.CSRF_COOKIE_SECURE, 'csrf_http_only': s.CSRF_COOKIE_HTTPONLY, "
    "'age': s.SESSION_COOKIE_AGE, 'limit': s.AXES_FAILURE_LIMIT}))"
)


def test_production_hashes_passwords_with_argon2_and_has_the_defences_on():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LOS_", "DEBUG", "DATABASE_URL"))}
    env.update(SECRET_KEY="x" * 50, ALLOWED_HOSTS="los.kommune.no")
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["hashers"][0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in values["hashers"]  # older hashes verify
    assert values["backends"][0] == "axes.backends.AxesStandaloneBackend"
    assert values["middleware"][-1] == "axes.middleware.AxesMiddleware"
    assert "csp.middleware.CSPMiddleware" in values["middleware"]
    assert values["secure"] and values["csrf_secure"] and values["csrf_http_only"]
    assert values["age"] == 1800 and values["limit"] == 10


ARGON2_FIRST = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.MD5PasswordHasher",
]


@override_settings(PASSWORD_HASHERS=ARGON2_FIRST)
def test_an_older_password_hash_becomes_argon2_at_the_next_login(tenant, client):
    user = tenant.leader
    User.objects.filter(pk=user.pk).update(
        password=make_password(PASSWORD, hasher="md5")  # as stored before Argon2
    )
    assert try_login(client, user.username, PASSWORD).status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    user.set_password("et-nytt-passord-42")
    assert user.password.startswith("argon2$")
