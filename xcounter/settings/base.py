"""XCounter settings, read from the environment (see README, "Configuration").

With no variables set at all, the site runs for local development on a SQLite file,
local-memory cache and console email. Production sets DEBUG=False and the rest.
"""

from decimal import Decimal
from email.utils import getaddresses
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from xcounter.storage import s3_media

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)

# Only local development may run on the built-in key: production must set its own.
SECRET_KEY = env(
    "SECRET_KEY", default="django-insecure-xcounter-local-development-only" if DEBUG else environ.Env.NOTSET
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The site's public address, e.g. https://tickets.example.com: every absolute link in a mail, a PDF
# or a notice starts with it (never with the request's host). Development serves `make run` here;
# production must set it (`check --deploy` refuses to pass without it, xcounter/checks.py).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000" if DEBUG else "").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "django_otp",
    "users.apps.SignInCodesConfig",  # django_otp.plugins.otp_email, named for people in admin
    "crispy_forms",
    "crispy_bootstrap5",
    "outbox",
    "users",
    "movies",
    "bookings",
    "coupons",
    "promotions",
    "sales",
    "employees",
    "boxoffice",
    "notifications",
    "reviews",
    "support",
    "feedback",
    "dashboard",
    "reporting",
    "operations",
    "health",
    "demo",
    "xcounter",  # project-wide system checks (xcounter/checks.py)
]

MIDDLEWARE = [
    "xcounter.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "xcounter.middleware.RejectControlCharactersMiddleware",
    "csp.middleware.CSPMiddleware",
    "xcounter.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "users.middleware.StaffTwoFactorMiddleware",
]

ROOT_URLCONF = "xcounter.urls"
WSGI_APPLICATION = "xcounter.wsgi.application"

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
                "users.context_processors.role",
                "xcounter.context_processors.theater",
                "notifications.context_processors.bell",
                "boxoffice.context_processors.till",
            ],
        },
    },
]

# --- Database, cache -----------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Write transactions take the lock up front and wait for each other instead of failing, so
    # the services' "check, then write" stays serial on SQLite too (tests use a file, not memory).
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database host that vanished must not hold a request (or the health check) for minutes.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
# Production runs several server processes and they must share one cache (Redis): a per-process
# cache multiplies every limit by the number of processes. xcounter/checks.py refuses to start
# without it unless SINGLE_PROCESS says exactly one process serves the site.
SINGLE_PROCESS = env.bool("SINGLE_PROCESS", default=False)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "xcounter.cache.RedisCache",  # Django's, keeping its client
            "LOCATION": REDIS_URL,
            # Seconds, as for the database: an unreachable Redis fails a request instead of hanging it.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "xcounter"}}

# Sessions in the database, stated here so it is visible: every server reads the same table, and a
# Redis restart signs nobody out (README, "More than one server"); `clearsessions` runs nightly.
# Django's database backend, its row read with one plain SQL statement (users/sessions.py).
SESSION_ENGINE = "users.sessions"

# --- Accounts --------------------------------------------------------------------------
AUTH_USER_MODEL = "users.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "home"

ACCOUNT_ADAPTER = "users.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_FORMS = {"signup": "users.forms.SignupForm"}  # adds the full name, required
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
# Customers are told plainly when an address already has an account (the issue asks for it);
# the rate limits below keep that from becoming a cheap address scanner.
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[XCounter] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_PRESERVE_USERNAME_CASING = False
# The client address the per-IP limits count: behind the proxy every request comes from the proxy,
# so production (one nginx in front, see deploy/) takes the address the proxy appended to
# X-Forwarded-For. A directly exposed development server trusts no header.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0 if DEBUG else 1)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("TRUSTED_CLIENT_IP_HEADER", default="") or None
# allauth's own limits, stated here so they are visible: they live in the default cache.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}

# --- Staff two-factor (emailed 6-digit code) -------------------------------------------
OTP_EMAIL_TOKEN_VALIDITY = 600  # ten minutes
OTP_EMAIL_COOLDOWN_DURATION = 60  # one resend a minute
OTP_EMAIL_SUBJECT = "[XCounter] Your sign-in code"
OTP_EMAIL_BODY_TEMPLATE_PATH = "users/email/otp_code.txt"
OTP_EMAIL_BODY_HTML_TEMPLATE_PATH = "users/email/otp_code.html"
STAFF_OTP_MAX_FAILURES = 5
STAFF_OTP_MAX_FAILURES_PER_HOUR = 15  # per account, across sign-ins and resends

# --- Email -------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
if EMAIL_CONFIG["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend":
    # consolemail:// prints who, subject and text only: no HTML copy, no PDF bytes (outbox/console.py).
    EMAIL_BACKEND = "outbox.console.EmailBackend"
# Seconds any one SMTP step may take: a mail server that accepts and never answers must not hold
# a request (or the worker) for longer than this.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="XCounter <no-reply@xcounter.test>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_SUBJECT_PREFIX = "[XCounter] "  # error mail to ADMINS
OTP_EMAIL_SENDER = DEFAULT_FROM_EMAIL

# --- Internationalisation, time -----------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = env("TIME_ZONE", default="Europe/Berlin")
USE_I18N = True
USE_TZ = True

# --- Static and media ------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules/bootstrap/dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules/bootstrap-icons/font"),
    ("vendor/chart.js", BASE_DIR / "node_modules/chart.js/dist"),
]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploads on the local disk (MEDIA_ROOT, served by nginx), or in an S3-compatible bucket.
MEDIA_STORAGE = env("MEDIA_STORAGE", default="local")
if MEDIA_STORAGE not in ("local", "s3"):
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be local or s3, not {MEDIA_STORAGE!r}")
MEDIA_STORAGE_BACKEND, MEDIA_ORIGINS = (
    s3_media(env) if MEDIA_STORAGE == "s3" else ({"BACKEND": "django.core.files.storage.FileSystemStorage"}, [])
)
STORAGES = {
    "default": MEDIA_STORAGE_BACKEND,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Fields are described by the form's own errors too (aria-describedby): xcounter/forms.py.
FORM_RENDERER = "xcounter.forms.FormRenderer"

# --- Security ----------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Pages load scripts, styles, fonts and images from this site only: no inline script or style
# (templates use static/ files and CSS classes). Bootstrap's CSS draws check marks, select arrows
# and the menu icon as data: SVG images, hence data: for images; posters on S3 come from the bucket.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:", *MEDIA_ORIGINS],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Browser features no page of ours uses, switched off for every page (xcounter.middleware).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}
# The load balancer's health probe may speak plain HTTP (README, "Health and logs").
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- Logs and error mail -------------------------------------------------------------------
# text: readable lines; json: one JSON object per line (request id, user id, path, status,
# duration; errors carry the traceback) for a log collector. See xcounter/logging.py.
LOG_FORMAT = env("LOG_FORMAT", default="text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "xcounter.logging.RequestContextFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "xcounter.logging.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # One line per request in JSON; as text, gunicorn's access log (deploy/gunicorn.conf.py) has them.
    "loggers": {} if LOG_FORMAT == "json" else {"xcounter.request": {"level": "WARNING"}},
}
# "Ann Admin <ann@example.com>, ops@example.com": they get a mail with the traceback of every
# server error (Django's AdminEmailHandler, when DEBUG is off). That mail goes straight to the mail
# server, not through the outbox (the database may be what failed), bounded by EMAIL_TIMEOUT.
ADMINS = [(name, address) for name, address in getaddresses([env("ADMINS", default="")]) if name or address]
if env("ADMINS", default="").strip() and (not ADMINS or any("@" not in address for _, address in ADMINS)):
    raise ImproperlyConfigured('ADMINS must be email addresses, e.g. "Ann Admin <ann@example.com>, ops@example.com"')

# --- Theater -------------------------------------------------------------------------------
THEATER_NAME = env("THEATER_NAME", default="XCounter Cinema")
CURRENCY = env("CURRENCY", default="EUR")
SHOW_CLEANING_MINUTES = env.int("SHOW_CLEANING_MINUTES", default=15)
CATALOG_CACHE_SECONDS = env.int("CATALOG_CACHE_SECONDS", default=300)
POSTER_MAX_BYTES = 5 * 1024 * 1024
BOOKING_HOLD_MINUTES = env.int("BOOKING_HOLD_MINUTES", default=10)
BOOKING_MAX_SEATS = env.int("BOOKING_MAX_SEATS", default=10)
DOOR_OPENS_HOURS_BEFORE = env.int("DOOR_OPENS_HOURS_BEFORE", default=6)
# Till cash-up: a close whose cash or card count differs from the expected figure by more than this
# needs a note (boxoffice). 0.00: every difference is explained.
try:
    TILL_VARIANCE_TOLERANCE = Decimal(env("TILL_VARIANCE_TOLERANCE", default="0.00").strip())
except ArithmeticError:
    TILL_VARIANCE_TOLERANCE = None
if TILL_VARIANCE_TOLERANCE is None or not TILL_VARIANCE_TOLERANCE.is_finite() or TILL_VARIANCE_TOLERANCE < 0:
    raise ImproperlyConfigured("TILL_VARIANCE_TOLERANCE must be an amount of 0 or more, like 0.00 or 2.50")
# The weekday a cinema week starts on (films open on Thursdays in most of Europe): the sales
# figures' weeks and the per-film week grid (xcounter/days.py).
CINEMA_WEEK_STARTS = env("CINEMA_WEEK_STARTS", default="thursday").strip().lower()
if CINEMA_WEEK_STARTS not in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"):
    raise ImproperlyConfigured(f"CINEMA_WEEK_STARTS must be a weekday name (e.g. thursday), not {CINEMA_WEEK_STARTS!r}")
# Email delivery: "worker" leaves all mail to `python manage.py deliver_outbox --loop`, so no request
# ever waits on the mail server (the production default); "after_commit" sends from the web process
# once the transaction commits, bounded by EMAIL_TIMEOUT (the zero-setup default while DEBUG is on).
EMAIL_DELIVERY = env("EMAIL_DELIVERY", default="after_commit" if DEBUG else "worker")
if EMAIL_DELIVERY not in ("after_commit", "worker"):
    raise ImproperlyConfigured(f"EMAIL_DELIVERY must be after_commit or worker, not {EMAIL_DELIVERY!r}")
EMAIL_MAX_ATTEMPTS = env.int("EMAIL_MAX_ATTEMPTS", default=5)
REENGAGE_AFTER_DAYS = env.int("REENGAGE_AFTER_DAYS", default=90)
# Ways a customer may pay online; each is a bookings.payments.PaymentProvider subclass.
BOOKING_PAYMENT_PROVIDERS = env.list("BOOKING_PAYMENT_PROVIDERS", default=["bookings.payments.PayAtBoxOffice"])
