"""Settings for sanwei, read from the environment.

DATABASE_URL   default: a SQLite file in SANWEI_DATA_DIR (./data)
SECRET_KEY     default: a random key made once and kept in SANWEI_DATA_DIR/secret_key
SANWEI_FIELD_KEY  key for encrypted personal fields (ID numbers, phones), or
SANWEI_FIELD_KEY_FILE  a file holding it (outside the data folder); default: SECRET_KEY.
  In production (DEBUG=0) the key must not come from the data folder (system check
  sanwei.E001). SANWEI_FIELD_KEY_PREVIOUS: older keys (comma-separated) that still decrypt
  while `sanwei rotate_key` re-encrypts.
DEBUG, ALLOWED_HOSTS, REDIS_URL
Security (README "安全设置"): with DEBUG=0 every protection below is on unless its variable
turns it off explicitly: SECURE_SSL_REDIRECT, SECURE_HSTS_SECONDS,
SECURE_HSTS_INCLUDE_SUBDOMAINS, SECURE_HSTS_PRELOAD, SESSION_COOKIE_SECURE,
CSRF_COOKIE_SECURE, SECURE_PROXY_SSL_HEADER; CSRF_TRUSTED_ORIGINS, SESSION_IDLE_MINUTES,
PASSWORD_MIN_LENGTH, LOGIN_FAILURE_LIMIT, LOGIN_LOCKOUT_MINUTES, SANWEI_OTP_REQUIRED;
SANWEI_HTTPS=0 turns the HTTPS ones off together.
"""

import os
import tempfile
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("SANWEI_DATA_DIR", Path.cwd() / "data"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
# Production (DEBUG=0) assumes HTTPS behind a TLS proxy (nginx) and turns on every
# protection that goes with it (the end of this file); SANWEI_HTTPS=0 turns them all off,
# each one's own variable turns it alone off.
HTTPS = env_bool("SANWEI_HTTPS", not DEBUG)
DATA_DIR.mkdir(parents=True, exist_ok=True)


def secret_from_file(path: Path) -> str:
    """A random key, made on first start and kept beside the database (mode 0600).
    Personal fields are encrypted with a key derived from it: back it up with the data."""
    if not path.exists():
        import secrets
        import tempfile

        # Written whole to a temporary file, then linked into place: concurrent first
        # starts (test workers, several processes) all end up reading the same key.
        fd, tmp = tempfile.mkstemp(dir=path.parent)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(50))
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or secret_from_file(DATA_DIR / "secret_key")
SANWEI_FIELD_KEY_FILE = os.environ.get("SANWEI_FIELD_KEY_FILE", "")


def _key_from_file(path: str) -> str:
    try:
        return Path(path).read_text().strip()
    except OSError:
        return ""  # the system check sanwei.E002 says so; crypto refuses to guess a key


SANWEI_FIELD_KEY = os.environ.get("SANWEI_FIELD_KEY", "") or (
    _key_from_file(SANWEI_FIELD_KEY_FILE) if SANWEI_FIELD_KEY_FILE else ""
)
SANWEI_FIELD_KEY_PREVIOUS = [
    k.strip() for k in os.environ.get("SANWEI_FIELD_KEY_PREVIOUS", "").split(",") if k.strip()
]
# Where the field key comes from (the system check `sanwei.core.checks.field_key`).
if os.environ.get("SANWEI_FIELD_KEY"):
    SANWEI_FIELD_KEY_SOURCE = "env"
elif SANWEI_FIELD_KEY_FILE:
    SANWEI_FIELD_KEY_SOURCE = "file"
elif os.environ.get("SECRET_KEY"):
    SANWEI_FIELD_KEY_SOURCE = "secret_key_env"
else:
    SANWEI_FIELD_KEY_SOURCE = "secret_key_file"  # DATA_DIR/secret_key
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_htmx",
    "django_filters",
    "ninja",
    "sanwei.core",
    "sanwei.regions",
    "sanwei.accounts",
    "sanwei.people",
    "sanwei.teams",
    "sanwei.activities",
    "sanwei.classroom",
    "sanwei.coverage",
    "sanwei.outreach",
    "sanwei.checkin",
    "sanwei.recording",
    "sanwei.seminar",
    "sanwei.study",
    "sanwei.needs",
    "sanwei.reviews",
    "sanwei.volunteers",
    "sanwei.quantities",
    "sanwei.open311",
    "sanwei.volunteering",
    "sanwei.exports",
    "sanwei.imports",
    "sanwei.reports",
    "sanwei.audit",
    "sanwei.demo",
]

AUTHENTICATION_BACKENDS = [
    # django-axes first: a locked-out username+address is refused before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "sanwei.accounts.backends.RolePermissionBackend",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "sanwei.core.middleware.RequestContextMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "sanwei.accounts.middleware.ApiTokenMiddleware",
    "sanwei.accounts.middleware.LoginStepsMiddleware",
    "sanwei.accounts.middleware.NoStoreMiddleware",
    "sanwei.accounts.middleware.RegionScopeMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sanwei.urls"
WSGI_APPLICATION = "sanwei.wsgi.application"

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
                "sanwei.accounts.context_processors.access",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'sanwei.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets readers go on while one writer writes; IMMEDIATE takes the write
            # lock at BEGIN so select_for_update-style sections serialise instead of failing.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
    # Tests run on a file, not Django's default shared in-memory database: there a second
    # connection (a background thread's, the live server's) that meets a write in progress
    # fails at once with "database table is locked" instead of waiting out the timeout.
    # In memory all the same where /dev/shm exists; one file per process (xdist workers too).
    _test_dir = "/dev/shm" if os.path.isdir("/dev/shm") else tempfile.gettempdir()
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(_test_dir) / f"sanwei-test-{os.getpid()}.sqlite3")
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Passwords: Argon2id first; older PBKDF2 hashes still verify and are rehashed with Argon2
# at the next successful login. Rules: length, not common, not all digits, not like the
# username or name (Django's validators, messages in Chinese from its translations).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
PASSWORD_MIN_LENGTH = int(os.environ.get("PASSWORD_MIN_LENGTH", "10"))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "sanwei.accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Lockout (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one username from one
# address, that pair is refused (429 and a Chinese page) for LOGIN_LOCKOUT_MINUTES, even
# with the right password. Failures, lockouts, logins and logouts go to the action log.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "sanwei.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The client's address (lockouts, the action log): sanwei.core.net.client_address (behind
# a proxy in SANWEI_TRUSTED_PROXIES, from X-Forwarded-For).
AXES_CLIENT_IP_CALLABLE = "sanwei.core.net.client_address"

# Two-factor login (django-otp, TOTP): required for superusers and town admins (they are
# sent to set it up at their first login), optional for everyone else.
SANWEI_OTP_REQUIRED = env_bool("SANWEI_OTP_REQUIRED", True)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "三微")

# Sessions end after SESSION_IDLE_MINUTES without a request (each request renews them) and
# when the browser closes.
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Serve static files straight from the apps too, so `sanwei serve` needs no collectstatic.
WHITENOISE_USE_FINDERS = True
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Attachments on activities
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024)))
ATTACHMENT_EXTENSIONS = ["jpg", "jpeg", "png", "pdf", "docx", "xlsx", "doc", "xls", "txt"]
# A photo of an opinion entered at a courtyard meeting (jpg/png, seminar.meetings).
OPINION_PHOTO_MAX_BYTES = int(os.environ.get("OPINION_PHOTO_MAX_BYTES", str(8 * 1024 * 1024)))
# 微服务 needs: photo size limit, and the time limit of each urgency in days.
NEED_PHOTO_MAX_BYTES = int(os.environ.get("NEED_PHOTO_MAX_BYTES", str(8 * 1024 * 1024)))
NEED_TIME_LIMIT_DAYS = {"critical": 1, "urgent": 3, "normal": 7}

# Uploads: refused while they arrive, once past the view's limit (sanwei.core.uploads);
# the web server in front refuses larger bodies first (README: client_max_body_size).
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(200 * 1024 * 1024)))
# An import with more data rows than 2 × the residents registered in its region plus this
# margin, or than the cap whatever the region, needs an explicit confirmation.
IMPORT_ROWS_MARGIN = int(os.environ.get("IMPORT_ROWS_MARGIN", "1000"))
IMPORT_ROWS_CONFIRM_ABOVE = int(os.environ.get("IMPORT_ROWS_CONFIRM_ABOVE", "100000"))
UPLOAD_MAX_BYTES = ATTACHMENT_MAX_BYTES  # views that declare no limit of their own
FILE_UPLOAD_HANDLERS = [
    "sanwei.core.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger files go to a temporary file
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # form fields other than files
DATA_UPLOAD_MAX_NUMBER_FILES = 10

REDIS_URL = os.environ.get("REDIS_URL", "")

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# No ID number or mobile number reaches a log in clear (`core.logmask`): masked on the
# handler, and on the Django loggers that name request paths (before any handler).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"personal_numbers": {"()": "sanwei.core.logmask.MaskPersonalNumbers"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["personal_numbers"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        **{
            name: {"filters": ["personal_numbers"]}
            for name in ("django.request", "django.server", "django.security", "axes")
        },
    },
}

# Background tasks. Without REDIS_URL (the embedded default) tasks run eagerly,
# in the process that asks for them; with it, a Celery worker runs them.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
# Without a worker, work a request must not wait for (an import's check) runs in a thread
# of the web process (sanwei.core.tasks.enqueue_nonblocking); the tests run it inline.
TASKS_IN_THREAD = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE

# Progress of running tasks is shared through the cache (Redis when configured).
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Public QR check-in: at most this many check-ins per minute from one address (generous: a
# village meeting may share one Wi-Fi), and per address and mobile number (one person
# submitting again and again). django-ratelimit; the address is the client's as
# `core.net.client_address` reads it: behind a proxy listed in SANWEI_TRUSTED_PROXIES
# (default loopback, where nginx connects from), from X-Forwarded-For.
SANWEI_TRUSTED_PROXIES = tuple(
    a.strip()
    for a in os.environ.get("SANWEI_TRUSTED_PROXIES", "127.0.0.1,::1").split(",")
    if a.strip()
)
RATELIMIT_IP_META_KEY = "sanwei.core.net.client_address"
CHECKIN_RATE_LIMIT = os.environ.get("CHECKIN_RATE_LIMIT", "60/m")
CHECKIN_RATE_LIMIT_PER_PHONE = os.environ.get("CHECKIN_RATE_LIMIT_PER_PHONE", "5/m")

# Retention (PIPL): an unverified check-in (the name and mobile number a resident typed
# that matched no one on the roster) is kept this many days, then `sanwei purge_expired`
# deletes it, whatever staff made of it (a confirmed one has become an attendance).
SANWEI_UNVERIFIED_CHECKIN_DAYS = int(os.environ.get("SANWEI_UNVERIFIED_CHECKIN_DAYS", "90"))

# Volunteer star levels (sanwei.volunteers.hours): cumulative confirmed hours at which a
# volunteer becomes one to five stars. The national defaults; a deployment may set its own
# as SANWEI_STAR_THRESHOLDS="100,300,600,1000,1500" (five increasing numbers).
VOLUNTEER_STAR_THRESHOLDS = tuple(
    int(h) for h in os.environ.get("SANWEI_STAR_THRESHOLDS", "100,300,600,1000,1500").split(",")
)

# Production (DEBUG=0): HTTPS is assumed, behind a TLS proxy that sets X-Forwarded-Proto.
# Each protection is on by default and turned off only by its own variable (=0).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", HTTPS)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", HTTPS)
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("SECURE_PROXY_SSL_HEADER", HTTPS) else None
)
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts and styles only from this site, no inline
# scripts, no eval. htmx is served from /static/ and runs with allowEval off (meta tag in
# base.html), so hx-on attributes are not used anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
