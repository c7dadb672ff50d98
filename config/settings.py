"""Vidhuk settings: one module, every deploy value from the environment.

`VIDHUK_ENV=production` turns on the production profile, which refuses to start when a required
value (SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, DEFAULT_FROM_EMAIL) is missing. Without it the
embedded default runs: a SQLite file in var/, background tasks in-process, mail written to
var/outbox/.
"""

import json
import os
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VIDHUK_VAR_DIR", BASE_DIR / "var"))


def env(name: str, default: str | None = None, *, required: bool = False) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(f"Environment variable {name} is required in production.")
        return default or ""
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


IS_PRODUCTION = env("VIDHUK_ENV", "development") == "production"

DEBUG = env_bool("DEBUG", default=not IS_PRODUCTION)
if IS_PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production.")

SECRET_KEY = env(
    "SECRET_KEY",
    "insecure-development-key-only-for-the-embedded-demo",
    required=IS_PRODUCTION,
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if IS_PRODUCTION else "127.0.0.1,localhost,testserver")
if IS_PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Environment variable ALLOWED_HOSTS is required in production.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "template_partials",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "vidhuk.core",
    "vidhuk.accounts",
    "vidhuk.catalog",
    "vidhuk.appeals",
    "vidhuk.surveys",
    "vidhuk.mystery",
    "vidhuk.appointments",
    "vidhuk.queue",
    "vidhuk.decisions",
    "vidhuk.communications",
    "vidhuk.analytics",
    "vidhuk.opendata",
    "vidhuk.scanning",
    "vidhuk.portal",
    "vidhuk.backoffice",
    "vidhuk.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "vidhuk.core.middleware.RequestGuardMiddleware",
    "vidhuk.core.pagecache.PageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "vidhuk.portal.errors.ProductErrorPagesMiddleware",
]
# With DEBUG on (make run), show the product's 404 and 500 pages rather than Django's technical
# ones; the console keeps the tracebacks (vidhuk/portal/errors.py).
VIDHUK_PRODUCT_ERROR_PAGES = env_bool("VIDHUK_PRODUCT_ERROR_PAGES", False)

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "vidhuk" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
FORM_RENDERER = "vidhuk.core.formrendering.GovukFormRenderer"

# Database: PostgreSQL in production (DATABASE_URL), SQLite file as the embedded default.
DATABASES = {
    "default": dj_database_url.parse(
        env(
            "DATABASE_URL",
            f"sqlite:///{VAR_DIR / 'vidhuk.sqlite3'}",
            required=IS_PRODUCTION,
        ),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60" if IS_PRODUCTION else "0")),
        conn_health_checks=IS_PRODUCTION,
    )
}
# PostgreSQL's health check skipped for a connection that answered within the last second
# (vidhuk/core/postgresql/base.py).
POSTGRESQL_ENGINE = "vidhuk.core.postgresql"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = POSTGRESQL_ENGINE
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
# A read replica (PostgreSQL streaming replication) for public pages and analytics: with
# VIDHUK_REPLICA_DATABASE_URL set, anonymous GETs of public pages read from it and everything else
# (writes, staff, a request once it has written, any transaction) from the primary
# (vidhuk/core/dbrouter.py, docs/operations.md «Scaling out»). Migrations run on the primary only.
if env("VIDHUK_REPLICA_DATABASE_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        env("VIDHUK_REPLICA_DATABASE_URL"),
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=IS_PRODUCTION,
    )
    # Tests run against the primary's test database unless a test points it at a replica.
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["replica"]["ENGINE"] = POSTGRESQL_ENGINE
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["vidhuk.core.dbrouter.ReplicaRouter"]
    MIDDLEWARE.insert(0, "vidhuk.core.dbrouter.ReplicaReadsMiddleware")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "backoffice:choose_centre"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Lockout after repeated failures (django-axes): 5 failures of one account from one client
# address lock that pair for 15 minutes. Not per account alone: then anyone could lock the head
# out from anywhere. Not per address alone: a whole centre often sits behind one NAT address.
# Password spraying (many accounts from one address) meets VIDHUK_SIGN_IN_ADDRESS_FAILURE_LIMIT
# failures per address within the same cool-off (vidhuk.accounts.lockout). A locked-out member
# unlocks with their second factor or a mailed link.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(env("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
VIDHUK_SIGN_IN_ADDRESS_FAILURE_LIMIT = int(env("VIDHUK_SIGN_IN_ADDRESS_FAILURE_LIMIT", "30"))
# security.W021: HSTS preload is a decision for whoever owns the domain (it is hard to undo and
# binds every subdomain); SECURE_HSTS_PRELOAD turns it on, see docs/operations.md.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "security.W021"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# The trusted proxies in front of the application (docs/operations.md): the client's address is
# what the outermost of them appended to X-Forwarded-For. One function reads it, for the lockout
# and for the public forms' rate limits: vidhuk.core.antiabuse.client_address.
AXES_IPWARE_PROXY_COUNT = int(env("AXES_PROXY_COUNT", "1" if IS_PRODUCTION else "0"))
AXES_CLIENT_IP_CALLABLE = "vidhuk.core.antiabuse.client_address"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# A failed attempt during the lockout does not start the 15 minutes again: otherwise someone who
# keeps guessing can keep a colleague locked out for ever.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# No access log of every sign-in with its address: failures are enough for the lockout.
AXES_DISABLE_ACCESS_LOG = True

OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "Vidhuk")

LANGUAGE_CODE = "uk"
LANGUAGES = [("uk", _("Українська")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Kyiv"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "vidhuk" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if IS_PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"

# Uploads: refuse anything bigger than this in memory; CSV imports have their own limit.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The largest form is the mystery shopper's report: 10 photos of at most 10 MiB and its fields.
# A body declared larger is refused before it is read; the proxy's client_max_body_size in
# docs/operations.md is the same number.
VIDHUK_REQUEST_MAX_BYTES = int(env("VIDHUK_REQUEST_MAX_BYTES", str(101 * 1024 * 1024)))
VIDHUK_CSV_IMPORT_MAX_BYTES = int(env("VIDHUK_CSV_IMPORT_MAX_BYTES", str(2 * 1024 * 1024)))

# Mail: an SMTP server in production, files in var/outbox for the embedded default.
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Vidhuk <noreply@localhost>", required=IS_PRODUCTION)
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
if env("EMAIL_HOST") or IS_PRODUCTION:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("EMAIL_HOST", "localhost")
    EMAIL_PORT = int(env("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
    EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "20"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "outbox"

# Background work through the Tasks API: in-process for the embedded default, the database
# backend in production (run `manage.py worker` beside gunicorn). VIDHUK_TASKS=rq (with
# REDIS_URL) queues them on Redis for RQ workers instead, for more than one machine
# (django-tasks-rq; run `manage.py rqworker --with-scheduler --job-class django_tasks_rq.Job
# default`, docs/operations.md «Scaling out»).
VIDHUK_TASKS = env("VIDHUK_TASKS", "database" if IS_PRODUCTION else "immediate")
if VIDHUK_TASKS == "rq":
    if not env("REDIS_URL"):
        raise ImproperlyConfigured("VIDHUK_TASKS=rq needs REDIS_URL (the queue is on Redis).")
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": env("REDIS_URL"), "DEFAULT_TIMEOUT": 600}}
elif VIDHUK_TASKS in ("database", "immediate"):
    _task_backend = {
        "database": "django_tasks_db.DatabaseBackend",
        "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    }[VIDHUK_TASKS]
    TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", _task_backend)}}
else:
    raise ImproperlyConfigured("VIDHUK_TASKS is one of: immediate, database, rq.")

# Content-Security-Policy (django-csp): every script, style, font and image comes from this
# site; no inline scripts, no third-party hosts, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Caches, one per kind of entry, so that none evicts another (issue 15):
# - "default": computed things (survey results, dashboards, key figures, the footer): Redis
#   when REDIS_URL is set (every web node shares it), PostgreSQL's own table in production
#   (made by the migrations), process memory in development.
# - "pages": anonymous public pages (vidhuk/core/pagecache.py, docs/decisions/0009): Redis with
#   REDIS_URL; else files under VIDHUK_PAGE_CACHE_DIR in production (every worker of the machine
#   shares them, a hit costs no SQL); process memory in development (`make run` is one process).
# - "ratelimit", only with Redis: the public forms' per-client counters (one INCR with expiry,
#   vidhuk/core/antiabuse.py); VIDHUK_RATELIMIT_REDIS_URL may put them on a Redis instance of
#   their own (maxmemory-policy noeviction). Without Redis the counters live in a small table of
#   their own, never in a cache.
REDIS_URL = env("REDIS_URL")
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    _redis = "django.core.cache.backends.redis.RedisCache"
    CACHES = {
        "default": {"BACKEND": _redis, "LOCATION": REDIS_URL, "KEY_PREFIX": "computed"},
        "pages": {"BACKEND": _redis, "LOCATION": REDIS_URL, "KEY_PREFIX": "pages"},
        "ratelimit": {
            "BACKEND": _redis,
            "LOCATION": env("VIDHUK_RATELIMIT_REDIS_URL", REDIS_URL),
            "KEY_PREFIX": "ratelimit",
        },
    }
elif IS_PRODUCTION:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "vidhuk_cache",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        },
        "pages": {
            "BACKEND": "vidhuk.core.filecache.FileCache",
            "LOCATION": env("VIDHUK_PAGE_CACHE_DIR", str(VAR_DIR / "page-cache")),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
    }
# The longest a public page stays cached when no service announced a change (seconds).
VIDHUK_PAGE_CACHE_SECONDS = int(env("VIDHUK_PAGE_CACHE_SECONDS", "300"))

# Web submissions of appeals and feedback per client (an HMAC of its address, in the cache only).
VIDHUK_APPEAL_RATE_LIMIT = int(env("VIDHUK_APPEAL_RATE_LIMIT", "10"))
VIDHUK_APPEAL_RATE_WINDOW_SECONDS = int(env("VIDHUK_APPEAL_RATE_WINDOW_SECONDS", "600"))
# Online bookings per client, and queue tickets per kiosk (a terminal is one client).
VIDHUK_BOOKING_RATE_LIMIT = int(env("VIDHUK_BOOKING_RATE_LIMIT", "10"))
VIDHUK_BOOKING_RATE_WINDOW_SECONDS = int(env("VIDHUK_BOOKING_RATE_WINDOW_SECONDS", "600"))
QUEUE_KIOSK_RATE_LIMIT = int(env("VIDHUK_QUEUE_KIOSK_RATE_LIMIT", "120"))
QUEUE_KIOSK_RATE_WINDOW = int(env("VIDHUK_QUEUE_KIOSK_RATE_WINDOW_SECONDS", "600"))
# The site's address for links in mail sent by scheduled jobs (no request to take it from).
VIDHUK_BASE_URL = env("VIDHUK_BASE_URL", "")
# Open data: each centre's account on the national open data portal (data.gov.ua, CKAN), as JSON
# {"<centre slug>": {"url": ..., "api_key": ..., "owner_org": ...}}; a centre not named publishes
# on its own site only (docs/operations.md).
VIDHUK_CKAN = json.loads(env("VIDHUK_CKAN", "") or "{}")
VIDHUK_CKAN_RETRY_SECONDS = float(env("VIDHUK_CKAN_RETRY_SECONDS", "2"))

# Working days and the legal deadlines (docs/decisions/0003-legal-deadlines.md).
VIDHUK_MARTIAL_LAW_HOLIDAYS_SUSPENDED = env_bool("VIDHUK_MARTIAL_LAW_HOLIDAYS_SUSPENDED", True)
VIDHUK_APPEAL_DAY_OFF_SHIFT = env("VIDHUK_APPEAL_DAY_OFF_SHIFT", "next")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 10
# In the database; a lost connection is a server error, not «session deleted»
# (vidhuk/core/sessions.py).
SESSION_ENGINE = "vidhuk.core.sessions"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if IS_PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # The proxy's liveness probe talks plain HTTP to the application server.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)

# Communications: subscribers' mailings (VERP return path, DKIM, rate) and social networks.
# Empty values switch a part off: no DKIM signature, posts marked for manual posting.
COMMS_MAIL_DOMAIN = env("COMMS_MAIL_DOMAIN", "")
COMMS_MAIL_RATE_PER_MINUTE = int(env("COMMS_MAIL_RATE_PER_MINUTE", "600"))
# Messages per minute per recipient domain, all mailings together (0 = no per-domain limit).
COMMS_MAILING_RATE_PER_DOMAIN = int(env("COMMS_MAILING_RATE_PER_DOMAIN", "0"))
COMMS_MAILING_STALE_SECONDS = int(env("COMMS_MAILING_STALE_SECONDS", "120"))
# Scanned questionnaires: page images are forgotten when the batch is entered, at the latest
# after this many days (the daily run).
SCANNING_IMAGE_DAYS = int(env("SCANNING_IMAGE_DAYS", "30"))
COMMS_DKIM_PRIVATE_KEY = env("COMMS_DKIM_PRIVATE_KEY", "")
COMMS_DKIM_SELECTOR = env("COMMS_DKIM_SELECTOR", "")
COMMS_DKIM_DOMAIN = env("COMMS_DKIM_DOMAIN", "")
COMMS_SITE_URL = env("COMMS_SITE_URL", "")
COMMS_TELEGRAM_API_BASE = env("COMMS_TELEGRAM_API_BASE", "https://api.telegram.org")
COMMS_TELEGRAM_BOT_TOKEN = env("COMMS_TELEGRAM_BOT_TOKEN", "")
COMMS_TELEGRAM_CHAT_ID = env("COMMS_TELEGRAM_CHAT_ID", "")
COMMS_FACEBOOK_API_BASE = env("COMMS_FACEBOOK_API_BASE", "https://graph.facebook.com/v19.0")
COMMS_FACEBOOK_PAGE_ID = env("COMMS_FACEBOOK_PAGE_ID", "")
COMMS_FACEBOOK_PAGE_TOKEN = env("COMMS_FACEBOOK_PAGE_TOKEN", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # An expected 403 is logged as one line, without a traceback (vidhuk/portal/errors.py).
    "filters": {"quiet_403": {"()": "vidhuk.portal.errors.QuietForbidden"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["quiet_403"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "pymorphy3": {"level": "WARNING"}},
}
