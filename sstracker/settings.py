"""sstracker settings: one module, read from the environment with development-safe defaults.

Environment variables:
- DJANGO_DEBUG: "1" for development (default off).
- DJANGO_SECRET_KEY: required when debug is off.
- DJANGO_ALLOWED_HOSTS: comma-separated host names (default: localhost names).
- DATABASE_URL: e.g. postgres://user@host:5432/name (default: SQLite in db.sqlite3).
- DJANGO_SECURE_SSL_REDIRECT: "0" to serve plain HTTP with debug off (local benchmarks only;
  behind a TLS proxy set SSTRACKER_PROXY_COUNT instead).
- SSTRACKER_LOCAL_HTTP: "1" (set by `make run`) to serve this machine over plain HTTP with
  debug off: no HTTPS redirect, HSTS or HTTPS-only cookies, so editors can log in.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_flag("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off. "
            "`make run` creates one for local use in .secret_key."
        )
    SECRET_KEY = "development-only-insecure-key"  # noqa: S105 - debug only

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # trigram lookups for search; inert on SQLite
    "axes",
    "csp",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "import_export",
    "simple_history",
    "django_tasks",
    "django_tasks.backends.database",
    "editorial",
    "jobs",
    "pagekit",
    "companies",
    "timeline",
    "imports",
    "api",
    "changelog",
    "corrections",
    "pagecache",
    "django.contrib.sitemaps",
    "sstracker",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Before the page cache: a scheduled entry whose time came is recorded as published.
    "sstracker.scheduling.ScheduledPublishingMiddleware",
    "pagecache.middleware.AnonymousPageCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into a clear refusal.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Admin logins: after 5 failures for one user name from one address, that pair is locked out
# for SSTRACKER_LOGIN_COOLOFF_MINUTES; `manage.py axes_reset_username NAME` unlocks at once.
AXES_FAILURE_LIMIT = int(os.environ.get("SSTRACKER_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("SSTRACKER_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"


def client_address_settings(proxy_count: int) -> dict:
    """How django-axes (through django-ipware) finds the client's address.

    With no proxy in front, only the connection's address counts: an X-Forwarded-For header
    is then the client's own text. Behind `proxy_count` proxies that each append the address
    they were reached from, the header holds exactly the client and the proxies before the
    last one (the last is the connection itself), so the client is its first entry.
    django-ipware counts the proxies listed after the client and takes the header only at
    exactly that length: a client that sends its own header makes it longer, and is then
    counted as the proxy's address, never as an address it chose.
    """
    return {
        "AXES_IPWARE_META_PRECEDENCE_ORDER": (
            ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if proxy_count > 0 else ["REMOTE_ADDR"]
        ),
        "AXES_IPWARE_PROXY_ORDER": "left-most",
        "AXES_IPWARE_PROXY_COUNT": proxy_count - 1 if proxy_count > 0 else None,
    }


PROXY_COUNT = int(os.environ.get("SSTRACKER_PROXY_COUNT", "0"))
_client_address = client_address_settings(PROXY_COUNT)
AXES_IPWARE_META_PRECEDENCE_ORDER = _client_address["AXES_IPWARE_META_PRECEDENCE_ORDER"]
AXES_IPWARE_PROXY_ORDER = _client_address["AXES_IPWARE_PROXY_ORDER"]
AXES_IPWARE_PROXY_COUNT = _client_address["AXES_IPWARE_PROXY_COUNT"]

# The admin's address: set DJANGO_ADMIN_URL (e.g. "desk-7f3a/") to keep it off the usual path.
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"

ROOT_URLCONF = os.environ.get("DJANGO_ROOT_URLCONF", "sstracker.urls")
WSGI_APPLICATION = "sstracker.wsgi.application"

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
                "sstracker.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The app's queries are short; JIT compilation costs more than it saves on each of them
    # (and on a misestimated plan, seconds per request).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue for the lock when a transaction starts, so the second of two simultaneous
    # admin saves waits, then sees the first and is refused with a message (not "locked").
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rendered pages are cached for anonymous readers: in Redis when REDIS_URL is set (shared by
# every app process, as production needs), else in this process's memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "sstracker",
            # Short timeouts: a slow or stopped cache must not hold pages up (it fails open).
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Each process's own memory: bounded in entries (and each entry in bytes below).
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("SSTRACKER_PAGE_CACHE_ENTRIES", "300"))},
        }
    }
# Rendered fragments (event rows, charts), keyed by the content version: each process's own.
CACHES["template_fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "template-fragments",
    "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("SSTRACKER_FRAGMENT_ENTRIES", "5000"))},
}
# Each process's own short-lived copy of pages while the shared cache is down (pagecache.store).
CACHES["pagecache_local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "pagecache-local",
    "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("SSTRACKER_PAGE_CACHE_ENTRIES", "300"))},
}
PAGECACHE_SECONDS = int(os.environ.get("SSTRACKER_PAGE_CACHE_SECONDS", "600"))
# After a change, readers may get the previous page for this long while one worker renders
# the new one (stale-while-revalidate); never a page older than this past a change.
PAGECACHE_STALE_SECONDS = int(os.environ.get("SSTRACKER_PAGE_CACHE_STALE_SECONDS", "5"))
PAGECACHE_BROWSER_SECONDS = int(os.environ.get("SSTRACKER_BROWSER_CACHE_SECONDS", "60"))
# Larger pages (compressed) are served but not kept: worst case entries × this per process.
PAGECACHE_MAX_ENTRY_BYTES = int(os.environ.get("SSTRACKER_PAGE_CACHE_MAX_BYTES", str(512 * 1024)))
PAGECACHE_CONTENT_APPS = ["companies", "timeline", "corrections", "sstracker"]
# When content next changes with nobody acting (scheduled publishing): no page is kept longer.
PAGECACHE_NEXT_CHANGE = "sstracker.scheduling.next_publish_time"
# How often each app process looks for scheduled entries whose time has come (0: never).
SSTRACKER_SCHEDULE_CHECK_SECONDS = int(os.environ.get("SSTRACKER_SCHEDULE_CHECK_SECONDS", "15"))
PAGECACHE_EXCLUDED_PATHS = [f"/{ADMIN_URL}", "/healthz"]
# The query parameters each page reads; addresses with any other parameter are not cached.
PAGECACHE_QUERY_PARAMETERS = "sstracker.page_parameters.query_parameters"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Content-Security-Policy (django-csp): no inline scripts or styles anywhere, admin included.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Production hardening: on whenever debug is off, except on this machine under `make run`.
LOCAL_HTTP = env_flag("SSTRACKER_LOCAL_HTTP", False)
if not DEBUG and not LOCAL_HTTP:
    SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", True)
    if PROXY_COUNT > 0:
        # Behind a proxy that ends TLS and sets X-Forwarded-Proto (replacing any a client
        # sent), requests it received over HTTPS count as secure: no redirect loop. Without
        # a proxy the header would be the client's own claim, so it is not read.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("SSTRACKER_SESSION_HOURS", "8")) * 3600
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# The public, read-only JSON API: no sessions or logins, so no CSRF and no drafts.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    # JSON only: the browsable renderer needs inline scripts, which the CSP forbids; the
    # OpenAPI docs at /api/docs/ are the browsable view.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "sstracker API",
    "DESCRIPTION": "Read-only, public data on solid-state batteries reaching the car market.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI's files are served from this site (drf-spectacular-sidecar), not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "kind" and a "status": name each choice set after its meaning.
    "ENUM_NAME_OVERRIDES": {
        "EventKindEnum": "timeline.models.EventKind",
        "TargetStatusEnum": "timeline.models.TargetStatus",
        "SourceKindEnum": "companies.models.SourceKind",
        "PartnershipKindEnum": "companies.models.PartnershipKind",
        "PartnershipStatusEnum": "companies.models.PartnershipStatus",
    },
}

# django-simple-history: one composite index serves "history as of a date" lookups.
SIMPLE_HISTORY_DATE_INDEX = "composite"

# django-import-export: uploads and previews must survive several app processes.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.MediaStorage"
IMPORT_EXPORT_SKIP_ADMIN_LOG = True
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"

# Background jobs (imports, reverts, releases) run on Django's Tasks framework: the database
# backend keeps the queue in the app's own database, and `manage.py db_worker` runs it.
TASKS = {"default": {"BACKEND": "django_tasks.backends.database.DatabaseBackend"}}
# A running job not heard from for this long had its worker ended midway (nothing was
# written: each job writes in one transaction); its page says so.
SSTRACKER_JOB_QUIET_MINUTES = int(os.environ.get("SSTRACKER_JOB_QUIET_MINUTES", "30"))

# Largest CSV file an editor may import, in bytes.
SSTRACKER_CSV_MAX_BYTES = int(os.environ.get("SSTRACKER_CSV_MAX_BYTES", str(5 * 1024 * 1024)))
# Entries not verified for this many days appear in the review queue.
# The site's public address, named in citable releases built by `manage.py publish_release`.
SSTRACKER_SITE_URL = os.environ.get("SSTRACKER_SITE_URL", "http://127.0.0.1:8000")
# Reports of errors one client address may send per hour through "Report an error".
SSTRACKER_CORRECTIONS_PER_HOUR = int(os.environ.get("SSTRACKER_CORRECTIONS_PER_HOUR", "5"))
SSTRACKER_STALE_AFTER_DAYS = int(os.environ.get("SSTRACKER_STALE_AFTER_DAYS", "180"))

# Request limits: form posts up to 2.5 MB in memory; CSV uploads are capped separately above.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
