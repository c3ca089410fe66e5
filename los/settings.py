"""Settings for Los, read from the environment.

Production defaults are safe: DEBUG off, secure cookies, no demo users unless LOS_DEMO=1.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from los.envfile import read_env_file

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent

# A checkout served by `make run` has var/.env (los/envfile.py): the `los` command reads it, so
# `.venv/bin/los ...` in that checkout uses the same settings as `make run`. A variable set in the
# environment wins over the file. LOS_ENV_FILE names another file ("" for none). Nothing else reads it:
# not the test suite, not a server importing these settings (production has no such file and sets the
# environment), and not a script that imports los.settings to see the production defaults.


def _run_by_los_command() -> bool:
    """Whether this process is the `los` command (.venv/bin/los, or `python -m los`)."""
    program = Path(sys.argv[0]) if sys.argv and sys.argv[0] else Path()
    return program.name == "los" or program.parts[-2:] == ("los", "__main__.py")


LOS_ENV_FILE = os.environ.get(
    "LOS_ENV_FILE",
    str(PROJECT_DIR / "var" / ".env") if _run_by_los_command() and not os.environ.get("LOS_TESTING") else "",
)
if LOS_ENV_FILE:
    for _key, _value in read_env_file(Path(LOS_ENV_FILE)).items():
        os.environ.setdefault(_key, _value)


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("DEBUG")
LOS_DEMO = env_flag("LOS_DEMO")
LOS_ALLOW_SYNTHETIC_IDS = env_flag("LOS_ALLOW_SYNTHETIC_IDS")
TESTING = env_flag("LOS_TESTING")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or LOS_DEMO or TESTING:
        SECRET_KEY = "insecure-local-development-key-not-for-production"
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG and LOS_DEMO are off.")

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
if DEBUG or LOS_DEMO or TESTING:
    ALLOWED_HOSTS += ["127.0.0.1", "localhost", "testserver", "[::1]"]

INSTALLED_APPS = [
    "los.core.admin_site.LosAdminConfig",  # Django's admin, in bokmål and named "Los – administrasjon"
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "los.core",
    "los.people",
    "los.consent",
    "los.intake",
    "los.casework",
    "los.coordinators",
    "los.team",
    "los.notifications",
    "los.plans",
    "los.referrals",
    "los.calendar",
    "los.portal",
    "los.reports",
    "los.surveys",
    "los.messaging",
    "los.fhir",
    "los.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "los.core.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "los.core.middleware.BokmalFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "los.core.middleware.IdleSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "los.core.audit.RequestContextMiddleware",
    # Last, so it turns a login refused by the throttle into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "los.urls"
WSGI_APPLICATION = "los.wsgi.application"
ASGI_APPLICATION = "los.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "los.core.context_processors.navigation",
                "los.core.context_processors.municipality",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{PROJECT_DIR / 'var' / 'los.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
DATABASES["default"].setdefault("OPTIONS", {})
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"].update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
elif DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # A connection pool per server process (psycopg_pool), so a request does not open a connection. A
    # pooled connection is checked before it is handed out, so one the database has dropped is replaced
    # instead of failing the request. DB_POOL_MAX_SIZE=0 turns the pool off (then DB_CONN_MAX_AGE applies).
    # JIT compilation does not pay for Los' short queries: it cost hundreds of milliseconds where the
    # query itself takes a few, once the planner's cost estimate crossed jit_above_cost.
    # random_page_cost 1.1 (PostgreSQL's default of 4 assumes spinning disks): on SSD storage an index
    # probe per row of a user's own families beats a scan of the installation's table.
    DATABASES["default"]["OPTIONS"]["options"] = "-c jit=off -c random_page_cost=" + os.environ.get(
        "DB_RANDOM_PAGE_COST", "1.1"
    )
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Server-side parameters let psycopg prepare a statement a connection has run 5 times, so PostgreSQL
    # plans it once per pooled connection instead of on every request (planning took longer than running
    # most of a page's queries). DB_SERVER_SIDE_BINDING=0 sends each query with its values inlined.
    if env_flag("DB_SERVER_SIDE_BINDING", default=True):
        DATABASES["default"]["OPTIONS"]["server_side_binding"] = True
        DATABASES["default"]["OPTIONS"]["prepare_threshold"] = 5
    _pool_max = int(os.environ.get("DB_POOL_MAX_SIZE", "0" if TESTING else "8"))
    if _pool_max > 0:
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"]["OPTIONS"]["pool"] = {
            "min_size": min(2, _pool_max),
            "max_size": _pool_max,
            "timeout": float(os.environ.get("DB_POOL_TIMEOUT", "10")),
        }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes). The throttle's backend comes first: it refuses a locked account or
# address before the password is checked, so the right password is refused until the lock ends.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "los.core.login.UserBackend",
]
# Failures are counted per account and, separately, per address. An account locks after
# AXES_FAILURE_LIMIT wrong passwords in a row (10: so 25 wrong passwords certainly lock it); an address
# after LOS_LOGIN_ADDRESS_FAILURE_LIMIT, higher because a town hall or a mobile network puts many
# people behind one address. The lock lasts AXES_COOLOFF_TIME after the last failed attempt; an
# attempt while locked starts it again. Admins unlock in the admin or with `los unlock-login`.
AXES_HANDLER = "los.core.login.LoginThrottle"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = int(os.environ.get("LOS_LOGIN_ACCOUNT_FAILURE_LIMIT", "10"))
LOS_LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("LOS_LOGIN_ADDRESS_FAILURE_LIMIT", "50"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOS_LOGIN_LOCK_MINUTES", "30")))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "los.core.login.lockout_response"
AXES_CLIENT_IP_CALLABLE = "los.core.login.client_address"
AXES_ENABLE_ADMIN = False  # los.core.login_admin shows staff accounts' locks only, never a guardian's
AXES_VERBOSE = False
# How many reverse proxies of our own stand in front of Los (nginx, a load balancer): the client's
# address is then read from X-Forwarded-For, that many entries from the right. 0 reads REMOTE_ADDR.
LOS_TRUSTED_PROXY_COUNT = int(os.environ.get("LOS_TRUSTED_PROXY_COUNT", "0"))
# Who a locked-out user should contact, shown on the lockout page (e.g. "Servicetorget, tlf. 12 34 56 78").
LOS_SUPPORT_CONTACT = os.environ.get("LOS_SUPPORT_CONTACT", "")

# Argon2 for new and changed passwords; the others still verify older hashes (upgraded at next login).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norsk bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = PROJECT_DIR / "staticfiles"
STATICFILES_DIRS = [
    ("designsystemet", PROJECT_DIR / "node_modules" / "@digdir" / "designsystemet-css" / "dist" / "src"),
    ("designsystemet-theme", PROJECT_DIR / "node_modules" / "@digdir" / "designsystemet-theme" / "brand"),
    # Inter, Designsystemet's typeface, served by Los itself (no font service sees who uses Los).
    ("inter", PROJECT_DIR / "node_modules" / "@fontsource-variable" / "inter"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or LOS_DEMO or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# `make run` serves the demo with DEBUG off (so a missing page shows Los' own 404, as in production):
# whitenoise then serves the static files straight from the apps and node_modules, without collectstatic.
WHITENOISE_USE_FINDERS = DEBUG or LOS_DEMO
WHITENOISE_AUTOREFRESH = DEBUG or LOS_DEMO
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", PROJECT_DIR / "var" / "media"))

SESSION_COOKIE_SECURE = not (DEBUG or LOS_DEMO or TESTING)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# htmx and the API docs send the token from the page (hx-headers, data-csrf-token), never from the cookie.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Signed out after 30 minutes without a request (staff and families alike: both see a family's data,
# often on a shared screen or phone), and after 10 hours in any case. IdleSessionMiddleware renews the
# session at most once a minute, so the idle limit is between 29 and 30 minutes.
SESSION_COOKIE_AGE = 60 * int(os.environ.get("LOS_SESSION_IDLE_MINUTES", "30"))
LOS_SESSION_MAX_HOURS = int(os.environ.get("LOS_SESSION_MAX_HOURS", "10"))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Database sessions that remember when they began and were last saved (los/core/sessions.py).
SESSION_ENGINE = "los.core.sessions"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not (DEBUG or LOS_DEMO or TESTING):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# Content-Security-Policy (django-csp): scripts and styles only from Los' own static files, so no
# inline <script>, no on*= handler and no style= attribute in a template (tests/core/test_web_defences.py
# checks the templates). Designsystemet's icons are data: images. Every dynamic response also carries
# `Cache-Control: no-store` (los.core.middleware.NoStoreMiddleware); static files keep their caching.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "frame-src": [NONE],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    },
}

TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if TESTING
        else "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG or LOS_DEMO
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Los <ikke-svar@los.invalid>")

# The health network (Norsk Helsenett): Dialogmelding and receipts travel through a pair of folders (the
# default: ut/ and inn/ under LOS_HEALTH_NETWORK_DIR) or the message service over HTTPS
# (los.messaging.transport).
LOS_HEALTH_NETWORK_TRANSPORT = os.environ.get("LOS_HEALTH_NETWORK_TRANSPORT", "folder")
LOS_HEALTH_NETWORK_DIR = os.environ.get("LOS_HEALTH_NETWORK_DIR", str(PROJECT_DIR / "var" / "helsenett"))
LOS_HEALTH_NETWORK_URL = os.environ.get("LOS_HEALTH_NETWORK_URL", "")
LOS_HEALTH_NETWORK_USER = os.environ.get("LOS_HEALTH_NETWORK_USER", "")
LOS_HEALTH_NETWORK_PASSWORD = os.environ.get("LOS_HEALTH_NETWORK_PASSWORD", "")
if LOS_HEALTH_NETWORK_TRANSPORT not in ("folder", "http"):
    raise ImproperlyConfigured("LOS_HEALTH_NETWORK_TRANSPORT must be folder or http.")
if LOS_HEALTH_NETWORK_TRANSPORT == "http" and not LOS_HEALTH_NETWORK_URL:
    raise ImproperlyConfigured("LOS_HEALTH_NETWORK_TRANSPORT=http needs LOS_HEALTH_NETWORK_URL.")

# Follow-up: a reminder this many days before an action item's due date, a chase every this many days
# while it is late, and a reminder to the coordinator after this many days without contact with a family.
LOS_REMINDER_LEAD_DAYS = int(os.environ.get("LOS_REMINDER_LEAD_DAYS", "3"))
LOS_CHASE_INTERVAL_DAYS = int(os.environ.get("LOS_CHASE_INTERVAL_DAYS", "7"))
LOS_NO_CONTACT_DAYS = int(os.environ.get("LOS_NO_CONTACT_DAYS", "28"))
# The daily digest goes out at the first sweep after this hour (Europe/Oslo).
LOS_DIGEST_HOUR = int(os.environ.get("LOS_DIGEST_HOUR", "7"))
# How often the worker runs the sweep (`los run-due`) by itself; 0 turns that off (use cron instead).
LOS_SWEEP_INTERVAL_SECONDS = int(os.environ.get("LOS_SWEEP_INTERVAL_SECONDS", "60"))
# The address links in e-mails point to.
LOS_BASE_URL = os.environ.get("LOS_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# Appointment bundling: the optimiser answers within this many seconds.
LOS_BUNDLING_TIME_LIMIT = float(os.environ.get("LOS_BUNDLING_TIME_LIMIT", "5"))
# Leaders' figures are counted at most this often per server process (seconds; 0 counts on every visit).
LOS_FIGURES_CACHE_SECONDS = int(os.environ.get("LOS_FIGURES_CACHE_SECONDS", "0" if TESTING else "300"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

if TESTING:
    # Hashing the test users' passwords properly would dominate the suite's run time.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
