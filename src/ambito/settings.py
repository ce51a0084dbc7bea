"""One settings module, driven by environment variables.

DEBUG defaults to off; with it off, cookies are secure, HSTS is on and a strict content
security policy is sent. A development run (`make run`) sets DEBUG=true explicitly.
"""

import os
from pathlib import Path

import dj_database_url


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("AMBITO_VAR_DIR", PROJECT_DIR / "var"))

DEBUG = env_bool("DEBUG", False)
# The test suite runs with DEBUG off (as production) but over plain HTTP on localhost.
TESTING = env_bool("AMBITO_TESTING", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not TESTING:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-not-for-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG or TESTING else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # its widget templates, through our engine (FORM_RENDERER below)
    "ninja",  # serves Swagger UI from our own static files, not from a CDN
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "django_prometheus",
    "ambito.core",
    "ambito.territory",
    "ambito.registry",
    "ambito.catalog",
    "ambito.access",
    "ambito.cases",
    "ambito.measures",
    "ambito.emergency",
    "ambito.planning",
    "ambito.network",
    "ambito.providers",
    "ambito.rsa",
    "ambito.fostering",
    "ambito.assistants",
    "ambito.protection",
    "ambito.district",
    "ambito.monitoring",
    "ambito.jobs",
    "ambito.ops",
    "ambito.demo",
]

MIDDLEWARE = [
    # Metrics (request latency by route name, responses by status) around everything else.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "ambito.core.middleware.ContentSecurityPolicyMiddleware",
    "ambito.core.middleware.PrivateResponseMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "ambito.core.middleware.MembershipMiddleware",
    "ambito.core.middleware.EnforceTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "ambito.core.middleware.NotAllowedMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

# Widgets render through the project's template engine (cached, and our override of the
# select widget in templates/django/forms/widgets/ applies).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

ROOT_URLCONF = "ambito.urls"
WSGI_APPLICATION = "ambito.wsgi.application"
AUTH_USER_MODEL = "core.User"

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
                "ambito.core.context_processors.navigation",
                "ambito.jobs.context_processors.notices",
            ],
        },
    }
]

# --- database ---------------------------------------------------------------------------
# SQLite by default (no server for a first run), PostgreSQL through DATABASE_URL.
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'ambito.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer writes; IMMEDIATE avoids lock upgrades
        # that fail with "database is locked" under concurrent writes. A writer waits up to
        # 20 s for the lock: an INPS import's write (a job, 7 s for 30,000 rows) made writes
        # of other users fail at 5 s (docs/benchmarks.md, "Background jobs").
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
            " PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache: one for every worker ------------------------------------------------------------
# Rate limits, login throttling and the public charter's PDF must be shared by all the workers
# (LocMem, Django's default, is per process): Redis when REDIS_URL is set, otherwise a table of
# the database (`ambito_cache`, created by core's migration 0003, so `migrate` is enough).
# The test suite keeps a per-process cache: its fixtures clear the cache outside database
# access; tests/core/test_cache.py checks the database cache itself.
CACHE_TABLE = "ambito_cache"


def cache_settings(*, redis_url: str, testing: bool) -> dict:
    if redis_url:
        backend = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "ambito",
        }
    elif testing:
        backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    else:
        backend = {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    return {"default": backend}


REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = cache_settings(redis_url=REDIS_URL, testing=TESTING)
# Sessions live in the database (every app server sees them); with Redis, reads hit the cache
# first and writes go through to the database, so a Redis restart logs nobody out.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)

# --- background jobs: Django's task framework (django-tasks), queue in the database ---------
# One engine on SQLite and PostgreSQL: `python -m ambito db_worker` processes run the jobs, on
# any number of machines (PostgreSQL hands each job to one worker with SKIP LOCKED). Progress,
# cancellation and the Italian error of each job are ambito.jobs' (docs/decisions.md, "Jobs").
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "imports", "reports"],
    }
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "ambito.core.backends.CachedPermissionBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        # Django's rule with an Italian message (Django's catalog misses this one).
        "NAME": "ambito.core.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane): memory-hard, and a login costs
# about 30 ms of CPU instead of PBKDF2's 1,000,000 rounds (about 0.5 s on this 2-core machine).
# PBKDF2 hashes still verify and are rehashed at the next login (ours reads any argon2 hash).
PASSWORD_HASHERS = [
    "ambito.core.hashers.OwaspArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Hashing strength is not under test; PBKDF2 would make every login fixture slow.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"

# --- internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "it"
LANGUAGES = [("it", "Italiano")]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True  # 171.723, € 1.234,56
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- static files -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
# WhiteNoise warns on every start when the folder is missing; collectstatic fills it.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Files (case documents, signed scans, imports waiting for confirmation, generated reports) go
# through Django's storage API: the MEDIA_ROOT folder by default, S3-compatible object storage
# when AMBITO_S3_BUCKET is set (credentials from the standard AWS_* variables), so that every
# app server sees the same files.
AMBITO_S3_BUCKET = os.environ.get("AMBITO_S3_BUCKET", "")
if AMBITO_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AMBITO_S3_BUCKET,
            "endpoint_url": os.environ.get("AMBITO_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AMBITO_S3_REGION") or None,
            "location": os.environ.get("AMBITO_S3_PREFIX", ""),
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }

# --- security ---------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 8 * 3600))  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not TESTING)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not TESTING)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not TESTING)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Probes come over plain HTTP on loopback: not redirected to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
# /metrics only from these addresses or networks, straight to an app server (ambito.ops).
AMBITO_METRICS_ALLOWED_IPS = env_list("AMBITO_METRICS_ALLOWED_IPS", "127.0.0.1,::1")

# Content security policy: everything is served from our origin; no inline scripts.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'"
)

# --- who is asking: the client's address -------------------------------------------------
# How many proxies of ours (the TLS proxy...) stand in front of the application. 0: the client
# is REMOTE_ADDR and X-Forwarded-For is ignored (a client could write anything there). N: the
# client is the N-th address from the right of X-Forwarded-For, the one our outermost proxy
# saw (it must append to the header, e.g. nginx's $proxy_add_x_forwarded_for).
AMBITO_TRUSTED_PROXY_COUNT = int(os.environ.get("AMBITO_TRUSTED_PROXY_COUNT", 0))

# Login throttling (django-axes, ambito.core.ratelimit.LoginThrottleHandler): a username from
# one address is locked for 30 minutes after AXES_FAILURE_LIMIT failures; an address after
# AMBITO_LOGIN_IP_FAILURE_LIMIT failures over any usernames. Never on the username alone.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AMBITO_LOGIN_IP_FAILURE_LIMIT = int(os.environ.get("AMBITO_LOGIN_IP_FAILURE_LIMIT", 30))
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "ambito.core.ratelimit.LoginThrottleHandler"
# django-ipware is not installed: axes would read REMOTE_ADDR only; our function knows the proxy.
AXES_CLIENT_IP_CALLABLE = "ambito.core.ratelimit.client_ip"
AXES_LOCKOUT_TEMPLATE = "core/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Anonymous heavy pages (the charter's PDF, the public search): requests per client address
# in the window, counted in the shared cache (ambito.core.ratelimit); over it, a 429 page.
AMBITO_PUBLIC_RATE_LIMIT = int(os.environ.get("AMBITO_PUBLIC_RATE_LIMIT", 60))
AMBITO_PUBLIC_RATE_WINDOW = int(os.environ.get("AMBITO_PUBLIC_RATE_WINDOW", 600))

# Two-factor login (TOTP): roles listed here must verify a TOTP device after the password.
AMBITO_2FA_REQUIRED_ROLES = env_list("AMBITO_2FA_REQUIRED_ROLES")
OTP_TOTP_ISSUER = "Ambito"

# API personal tokens live this many days unless given another expiry.
AMBITO_API_TOKEN_DAYS = int(os.environ.get("AMBITO_API_TOKEN_DAYS", 180))

# --- logging: no personal data; request paths carry only UUIDs ---------------------------
# One JSON object per line in production (LOG_FORMAT=json, the default with DEBUG off), for the
# region's log collector; plain lines for a developer.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain" if DEBUG or TESTING else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    # Django logs 4xx/5xx responses with their request: without the filter a query string (a
    # search term) would reach the log.
    "filters": {"no_query_strings": {"()": "ambito.ops.logs.RequestWithoutQueryString"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["no_query_strings"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
