"""Settings for trithuc, read from environment variables (see .env.example)."""

from pathlib import Path

import dj_database_url

from trithuc.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("TRITHUC_DATA_DIR", str(BASE_DIR.parent / "data")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_bool("TRITHUC_REQUIRE_SECRET_KEY", False):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("SECRET_KEY is required in production")
    # A fixed development key: production sets SECRET_KEY (see `trithuc check --deploy`).
    SECRET_KEY = "dev-insecure-trithuc-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "trithuc.core",
    "trithuc.orgunits",
    "trithuc.codelists",
    "trithuc.accounts",
    "trithuc.audit",
    "trithuc.people",
    "trithuc.privacy",
    "trithuc.indicators",
    "trithuc.plans",
    "trithuc.reports",
    "trithuc.talent",
    "trithuc.honours",
    "trithuc.dialogues",
    "trithuc.representation",
    "trithuc.experts",
    "trithuc.forecasts",
    "trithuc.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "trithuc.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "trithuc.accounts.middleware.AccountSecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "trithuc.urls"
WSGI_APPLICATION = "trithuc.wsgi.application"

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
                "trithuc.core.context_processors.site",
            ],
        },
    },
]

DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'trithuc.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the web server read while the worker imports; IMMEDIATE avoids
        # deadlocks between two writers that both started as readers.
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA cache_size=-200000; PRAGMA temp_store=MEMORY; PRAGMA mmap_size=1073741824;"
        ),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# django-axes first: it refuses a locked-out username before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"
# A session unused for this long is signed out (trithuc.accounts.middleware).
TRITHUC_SESSION_IDLE_SECONDS = 30 * 60

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR.parent / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

CACHES = {
    # A file cache is shared by the web server and the task worker (import progress,
    # computed indicators) without another service to run.
    "default": {
        "BACKEND": env_str("CACHE_BACKEND", "django.core.cache.backends.filebased.FileBasedCache"),
        "LOCATION": env_str("CACHE_LOCATION", str(DATA_DIR / "cache")),
        "TIMEOUT": 7 * 24 * 3600,
    }
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "trithuc@localhost")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
TRITHUC_SITE_URL = env_str("TRITHUC_SITE_URL", "http://127.0.0.1:8000")  # links in emails

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# The site's own Vietnamese page instead of Django's English "403 Forbidden".
CSRF_FAILURE_VIEW = "trithuc.core.views.csrf_failure"
# Secure by default in production; the development server (DEBUG=true) stays on http.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto (and strips it
# from clients): true. Left false otherwise, since a client could then claim HTTPS.
if env_bool("TRITHUC_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Sent on every response by trithuc.core.middleware: no inline scripts or styles.
TRITHUC_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
TRITHUC_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# Lockout after repeated failures (django-axes): per username, for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 wants the IP address in the lockout key. Locking by username alone already
# stops guessing one account from many addresses, and an IP key would lock out a whole
# office behind one NAT address after a few typos.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_DISABLE_ACCESS_LOG = True  # logins are in the audit trail already
# Two-factor login (django-otp, TOTP): required for these roles and for superusers.
OTP_TOTP_ISSUER = "Trí thức"
TRITHUC_2FA_REQUIRED_ROLES = ["system_admin"]
TRITHUC_2FA_REQUIRED_FOR_SUPERUSERS = True
# The audit trail keeps events this long; `trithuc prune_audit` removes older ones. Five
# years by default: a choice, not a figure from Law 91/2025 or Decree 356/2025 (which
# require processing logs but, in the texts we hold, set no length); set it to the
# province's records policy.
TRITHUC_AUDIT_RETENTION_DAYS = env_int("TRITHUC_AUDIT_RETENTION_DAYS", 5 * 365)

# Imports above this many rows run as a background task with a progress bar.
TRITHUC_BACKGROUND_IMPORT_ROWS = env_int("TRITHUC_BACKGROUND_IMPORT_ROWS", 20_000)
# Imports of 20,000 rows or more check rows in a forked second process (Linux, 2+ CPUs);
# false keeps them in one process.
TRITHUC_IMPORT_PARALLEL = env_bool("TRITHUC_IMPORT_PARALLEL", True)
# Upload limits: size on disk, rows, and decompressed size of an XLSX/ODS archive.
TRITHUC_UPLOAD_MAX_BYTES = env_int("TRITHUC_UPLOAD_MAX_BYTES", 200 * 1024 * 1024)
TRITHUC_UPLOAD_MAX_ROWS = env_int("TRITHUC_UPLOAD_MAX_ROWS", 2_000_000)
TRITHUC_UPLOAD_MAX_UNZIPPED_BYTES = env_int("TRITHUC_UPLOAD_MAX_UNZIPPED_BYTES", 2 * 1024**3)
# Aggregates with fewer people than this are hidden from roles without profile access.
TRITHUC_SMALL_CELL_THRESHOLD = env_int("TRITHUC_SMALL_CELL_THRESHOLD", 5)

# JSON lines with the request id and user id (trithuc.core.logs); "plain" for a terminal.
LOG_FORMAT = env_str("LOG_FORMAT", "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "trithuc.core.logs.ContextFilter"}},
    "formatters": {
        "json": {"()": "trithuc.core.logs.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["context"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    # One line per request (method, path without query, status, duration).
    "loggers": {"trithuc.request": {"level": env_str("REQUEST_LOG_LEVEL", "INFO")}},
}

# --- Production serving, health, API, read replica (issue 19) ---------------------------
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "trithuc.core.logs.RequestLogMiddleware",
)
# /healthz fails when the worker's last heartbeat is older than this (it beats every 10 s).
TRITHUC_WORKER_HEARTBEAT_MAX_AGE = env_int("TRITHUC_WORKER_HEARTBEAT_MAX_AGE", 60)
TRITHUC_HEALTH_REQUIRE_WORKER = env_bool("TRITHUC_HEALTH_REQUIRE_WORKER", True)
# True where reports are converted by LibreOffice (soffice on PATH).
TRITHUC_HEALTH_REQUIRE_LIBREOFFICE = env_bool("TRITHUC_HEALTH_REQUIRE_LIBREOFFICE", False)
# Reports' PDFs through one resident LibreOffice over UNO (issue 14: ~1 s instead of 4–5 s);
# off: LibreOffice is started for each conversion (reports.pdf).
TRITHUC_PDF_RESIDENT = env_bool("TRITHUC_PDF_RESIDENT", True)

# The API (trithuc.api): tokens per user or connected system; calls per token ("N/s",
# "N/m", "N/h").
INSTALLED_APPS.append("trithuc.api")
MIDDLEWARE.append("trithuc.api.middleware.ApiAuditMiddleware")
# API calls (bearer tokens, no session) skip the middleware of signed-in browsers: each
# is replaced by its subclass in trithuc.api.middleware that lets /api/ pass untouched.
# (CSRF stays as it is: `check --deploy` looks for it by name, and it costs an API call,
# whose views are exempt, next to nothing.)
_WEB_ONLY = {
    "django.contrib.sessions.middleware.SessionMiddleware": "WebSessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware": "WebAuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware": "WebOTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware": "WebMessageMiddleware",
    "trithuc.accounts.middleware.AccountSecurityMiddleware": "WebAccountSecurityMiddleware",
}
MIDDLEWARE = [f"trithuc.api.middleware.{_WEB_ONLY[path]}" if path in _WEB_ONLY else path
              for path in MIDDLEWARE]  # fmt: skip
TRITHUC_API_RATE = env_str("TRITHUC_API_RATE", "1200/m")
# The audit rows of API calls are written in batches (trithuc.api.calls): when this many
# wait, or when the oldest has waited this long (0: each row when its call is answered).
# A process killed hard loses the rows of at most that long (docs/THREAT_MODEL.md).
TRITHUC_API_AUDIT_FLUSH_MS = env_int("TRITHUC_API_AUDIT_FLUSH_MS", 1000)
TRITHUC_API_AUDIT_BATCH = env_int("TRITHUC_API_AUDIT_BATCH", 200)
# A token's user and scope are kept in each process this long (0: read on every call): a
# revoked token, a deactivated user or a changed role takes effect within it.
TRITHUC_API_TOKEN_CACHE_SECONDS = env_int("TRITHUC_API_TOKEN_CACHE_SECONDS", 10)
# Each process adds its calls to the shared per-token counter at most this often (0: on
# every call); a token may pass its rate by the calls of the other processes in that time.
TRITHUC_API_RATE_SYNC_MS = env_int("TRITHUC_API_RATE_SYNC_MS", 250)

# A PostgreSQL streaming replica for read-only analytics (trithuc.core.replica): counts,
# indicators, drill-downs and report annexes read it; writes and everything else use the
# primary; a user who just wrote reads the primary until the replica has replayed it.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "")
TRITHUC_REPLICA = bool(DATABASE_REPLICA_URL)
if TRITHUC_REPLICA:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60)
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["trithuc.core.replica.ReplicaRouter"]
MIDDLEWARE.append("trithuc.core.replica.ReplicaMiddleware")
TRITHUC_REPLICA_VIEWS = {"indicators:dashboard", "indicators:drill", "indicators:export",
                         "people:summary"}  # fmt: skip
# How long a user's write is remembered (the replica is expected to catch up well before).
TRITHUC_REPLICA_PIN_SECONDS = env_int("TRITHUC_REPLICA_PIN_SECONDS", 300)
