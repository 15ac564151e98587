"""Chorus settings: one file, read from environment variables.

With no variables set you get the embedded default used by `make run`:
SQLite, a local-memory cache and Celery tasks run eagerly. DATABASE_URL,
REDIS_URL and CELERY_BROKER_URL switch to real services. See README.md.
"""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str, env_url, fail

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and env_bool("CHORUS_REQUIRE_SECRET_KEY", False):
        fail("SECRET_KEY", "must be set in production")
    SECRET_KEY = "django-insecure-only-for-the-embedded-first-run-never-in-production"  # noqa: S105
# The story-key HMAC secret can be rotated separately from SECRET_KEY.
STORY_KEY_SECRET = env_str("STORY_KEY_SECRET") or SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Proxies whose X-Forwarded-For we believe; anyone else's is ignored.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

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
    "allauth.mfa",
    "csp",
    "accounts",
    "stories",
    "moderation",
]

MIDDLEWARE = [
    "config.middleware.ForwardedProtoMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Anonymous readers of the wall get finished bytes here, before anything below runs.
    "config.anonymous_cache.AnonymousCacheMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.ClientAddressMiddleware",
    "config.database_outage.DatabaseOutageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.csp.CSPMiddleware",  # django-csp's, the static policy built once (config/csp.py)
    "config.middleware.PrivacyHeadersMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.StaffSessionMiddleware",
    "accounts.middleware.AdminTwoFactorMiddleware",
    "accounts.middleware.AdminNulByteMiddleware",
    # Views let RateLimited / LimitsUnavailable propagate; these answer with the kind pages.
    "stories.rate_limits.RateLimitMiddleware",
    "config.error_pages.MethodNotAllowedPageMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "config.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
DATABASE_URL = env_url("DATABASE_URL", schemes={"postgres", "postgresql", "sqlite"})


def _database(url: str) -> dict:
    database = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if database["ENGINE"] == "django.db.backends.postgresql":
        # psycopg prepares a statement only when asked to (prepare=True: config/prepared_statements.py, for
        # the few hottest reads), never by counting executions (None would forbid asking, too). Django's own
        # cursors bind on the client and are never prepared; other server-binding statements (the tap's
        # upsert, stories/counters.py) stay unprepared, as they were written to be.
        database.setdefault("OPTIONS", {}).setdefault("prepare_threshold", 2**62)
    return database


if DATABASE_URL:
    DATABASES = {"default": _database(DATABASE_URL)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
        }
    }
DATABASE_REPLICA_URL = env_url("DATABASE_REPLICA_URL", schemes={"postgres", "postgresql", "sqlite"})
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = _database(DATABASE_REPLICA_URL)
    DATABASE_ROUTERS = ["config.db_router.ReplicaRouter"]
# The alias the wall, the stories list and the open data read from (stories.wall.wall_db).
WALL_DATABASE = "replica" if DATABASE_REPLICA_URL else "default"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------
REDIS_URL = env_url("REDIS_URL", schemes={"redis", "rediss", "unix"})
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "config.redis_cache.ChorusRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "chorus",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "chorus"}}

# --- Auth and accounts --------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
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
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "optional"
# "strict": sign-up with an address already in use answers exactly like any other sign-up
# (with optional verification, plain True would say the address is taken).
ACCOUNT_PREVENT_ENUMERATION = "strict"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
MFA_ADAPTER = "accounts.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Chorus"
ADMIN_PATH = env_str("ADMIN_PATH", "staff-admin-" + "change-me/").strip("/") + "/"
# Sessions carry the user id in their own column so deleting an account can erase them all.
SESSION_ENGINE = "accounts.session_store"
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_REAUTHENTICATION_TIMEOUT = 5 * 60
# Failed sign-ins (accounts/sign_in_limits.py, docs/threat-model.md "Staff lockout"): "ip" is the
# daily-salted address HMAC; "key" is the account *and* that HMAC, so five wrong passwords lock one
# address out of one account, never the account's owner signing in from elsewhere. An account under
# attack from many addresses is slowed down (one attempt per SIGN_IN_SLOWDOWN for the whole account
# from browsers it was never signed in from), not locked.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key", "login_failed_account": "1/10s/key"}
SIGN_IN_ALERT_FAILURES = env_int("SIGN_IN_ALERT_FAILURES", 20, minimum=1)
SIGN_IN_ALERT_MINUTES = 15
SIGN_IN_DEVICE_DAYS = 60
STAFF_SESSION_IDLE_SECONDS = 30 * 60
STAFF_SESSION_MAX_SECONDS = 8 * 60 * 60
CONSOLE_EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_BACKEND = env_str("EMAIL_BACKEND", CONSOLE_EMAIL_BACKEND if DEBUG else "django.core.mail.backends.smtp.EmailBackend")
if EMAIL_BACKEND == CONSOLE_EMAIL_BACKEND and not DEBUG:
    # The console backend writes password-reset links and e-mail addresses into the log.
    fail("EMAIL_BACKEND", "is the console backend, which writes reset links and addresses to the log: use SMTP in production")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Chorus <no-reply@localhost>")

# --- Internationalisation -----------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- Security -------------------------------------------------------------------
HTTPS = env_bool("CHORUS_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
# X-Forwarded-Proto is believed only from TRUSTED_PROXIES: config.middleware.ForwardedProtoMiddleware
# removes it when anyone else sends it, before SecurityMiddleware reads it.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXIES else None
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
# "same-origin": nothing is ever sent to another site, and our own form posts
# keep their Origin header. Under "no-referrer" browsers send "Origin: null"
# with every form post, which Django's CSRF protection rightly refuses.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Strict"
# The __Host- prefix pins a cookie to this exact host over HTTPS.
SESSION_COOKIE_NAME = "__Host-session" if HTTPS else "session"
CSRF_COOKIE_NAME = "__Host-csrftoken" if HTTPS else "csrftoken"
# Flash messages travel in a cookie named by config.messages_storage (__Host-messages with HTTPS).
MESSAGE_STORAGE = "config.messages_storage.HostPrefixedFallbackStorage"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = HTTPS
# No script reads these cookies, so scripts may not (CSRF tokens travel in the forms).
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_NAME = "__Host-language" if HTTPS else "language"
CSRF_FAILURE_VIEW = "config.views.csrf_failure"
SESSION_COOKIE_AGE = 8 * 60 * 60
# No cookie outlives its need: every Chorus cookie ends when the browser closes (the privacy
# page lists them; docs/threat-model.md, "The device"). The session still expires server-side
# after SESSION_COOKIE_AGE.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_AGE = None
LANGUAGE_COOKIE_AGE = None
DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
    }
}

# --- Logging: never a client address or user agent --------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "null": {"class": "logging.NullHandler"},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"level": "INFO"},
        # Its messages name the Host header an attacker sent; keep them out. A NullHandler, because a
        # logger with no handler at all falls back to logging.lastResort, which prints to stderr.
        "django.security.DisallowedHost": {"handlers": ["null"], "propagate": False},
    },
}

# --- Chorus ----------------------------------------------------------------------
STORY_MAX_CHARS = env_int("STORY_MAX_CHARS", 2000, minimum=1)
PSEUDONYM_MAX_CHARS = 40
K_ANONYMITY_THRESHOLD = env_int("K_ANONYMITY_THRESHOLD", 10, minimum=1)
COUNTER_SHARDS = env_int("COUNTER_SHARDS", 16, minimum=1)
WALL_CACHE_SECONDS = env_int("WALL_CACHE_SECONDS", 3, minimum=0)
# Published breakdowns and timelines move only after K voice changes and at least this long
# after the previous release (stories/releases.py).
RELEASE_MIN_SECONDS = env_int("RELEASE_MIN_SECONDS", 60, minimum=0)
# How long an anonymous wall page's finished bytes are served again (config/anonymous_cache.py)
# and kept by a shared cache (s-maxage); 0 switches it off. A tap shows within
# WALL_CACHE_SECONDS + ANONYMOUS_CACHE_SECONDS.
ANONYMOUS_CACHE_SECONDS = env_int("ANONYMOUS_CACHE_SECONDS", min(1, WALL_CACHE_SECONDS), minimum=0)
# After this many stories opened in one visit the wall offers a pause (counted in the browser only).
READING_PAUSE_AFTER = env_int("READING_PAUSE_AFTER", 15, minimum=1)
STORY_KEY_WORDS = env_int("STORY_KEY_WORDS", 7, minimum=7)
RATE_LIMIT_TAPS = env_str("RATE_LIMIT_TAPS", "30/h")
RATE_LIMIT_STORIES = env_str("RATE_LIMIT_STORIES", "10/h")
RATE_LIMIT_KEY_TRIES = env_str("RATE_LIMIT_KEY_TRIES", "10/h")
RATE_LIMIT_FLAGS = env_str("RATE_LIMIT_FLAGS", "20/h")
PROOF_OF_WORK_DEFAULT = env_bool("PROOF_OF_WORK", False)
MODERATION_CLAIM_MINUTES = env_int("MODERATION_CLAIM_MINUTES", 5, minimum=1)  # renewed while the page is open
MODERATION_UNDO_MINUTES = env_int("MODERATION_UNDO_MINUTES", 5, minimum=0)
MODERATION_FLAGS_TO_HIDE = env_int("MODERATION_FLAGS_TO_HIDE", 3, minimum=1)
# Flags hide a story only when they come from distinct flaggers spread over this many minutes.
MODERATION_FLAGS_SPREAD_MINUTES = env_int("MODERATION_FLAGS_SPREAD_MINUTES", 30, minimum=0)
# More flags than this in an hour, site-wide, is a flood: staff are alerted and flags stop hiding stories.
MODERATION_FLAG_FLOOD_PER_HOUR = env_int("MODERATION_FLAG_FLOOD_PER_HOUR", 30, minimum=1)
# A hold on a P0 (urgent) story is this short, so an abandoned tab never blocks it for long.
MODERATION_URGENT_CLAIM_MINUTES = env_int("MODERATION_URGENT_CLAIM_MINUTES", 2, minimum=1)
# Stories this short with no screening signal may be read and approved together in the batch view.
MODERATION_BATCH_MAX_CHARS = env_int("MODERATION_BATCH_MAX_CHARS", 280, minimum=1)
MODERATION_DAILY_LIMIT = env_int("MODERATION_DAILY_LIMIT", 80, minimum=1)
MODERATION_DIGEST_THRESHOLD = env_int("MODERATION_DIGEST_THRESHOLD", 50, minimum=0)
SCREENING_DUPLICATE_DAYS = env_int("SCREENING_DUPLICATE_DAYS", 7, minimum=1)
SCREENING_DUPLICATE_WINDOW = env_int("SCREENING_DUPLICATE_WINDOW", 300, minimum=0)
SCREENING_FLOOD_MINUTES = env_int("SCREENING_FLOOD_MINUTES", 10, minimum=1)
SCREENING_RETRY_AFTER_SECONDS = env_int("SCREENING_RETRY_AFTER_SECONDS", 120, minimum=1)
SCREENING_MAX_ATTEMPTS = env_int("SCREENING_MAX_ATTEMPTS", 5, minimum=1)
# Screening's own tunables (moderation.detectors.config.config_from_settings reads each by name).
SCREENING_PHONE_REGIONS = env_list("SCREENING_PHONE_REGIONS", ["US", "GB", "FR", "ES", "DE", "CA", "AU", "IE", "IN", "MX"])
SCREENING_EXTRA_HELPLINE_NUMBERS = env_list("SCREENING_EXTRA_HELPLINE_NUMBERS")
SCREENING_EXTRA_PUBLIC_FIGURES = env_list("SCREENING_EXTRA_PUBLIC_FIGURES")
SCREENING_EXTRA_SHORTENER_DOMAINS = env_list("SCREENING_EXTRA_SHORTENER_DOMAINS")
SCREENING_EXTRA_SPAM_DOMAINS = env_list("SCREENING_EXTRA_SPAM_DOMAINS")
SCREENING_SPAM_LANE_MIN_CONFIDENCE = env_int("SCREENING_SPAM_LANE_MIN_CONFIDENCE_PERCENT", 50, minimum=1) / 100
SCREENING_FLOOD_THRESHOLD = env_int("SCREENING_FLOOD_THRESHOLD", 5, minimum=1)
SCREENING_FLOOD_MIN_COPIES = env_int("SCREENING_FLOOD_MIN_COPIES", 5, minimum=2)
SCREENING_FLOOD_MAX_SENDERS = env_int("SCREENING_FLOOD_MAX_SENDERS", 3, minimum=1)
SCREENING_DUPLICATE_MIN_CHARS = env_int("SCREENING_DUPLICATE_MIN_CHARS", 40, minimum=1)
SCREENING_NEAR_DUPLICATE_MIN_RATIO = float(env_int("SCREENING_NEAR_DUPLICATE_MIN_RATIO", 90, minimum=50))
QUICK_EXIT_URL = env_str("QUICK_EXIT_URL", "https://www.bbc.com/weather")
RETENTION_REJECTED_DAYS = env_int("RETENTION_REJECTED_DAYS", 30)
RETENTION_UNVERIFIED_ACCOUNT_DAYS = env_int("RETENTION_UNVERIFIED_ACCOUNT_DAYS", 30)
# Support shown to authors and on /resources/. "crisis" lines (suicide and self-harm) come first
# on a page that shows crisis help, those in the visitor's language first of all; see stories/support.py.
SUPPORT_RESOURCES = [
    {"kind": "crisis", "country": "US", "languages": ["en", "es"], "name": "988 Suicide & Crisis Lifeline", "contact": "988 (call or text)", "url": "https://988lifeline.org"},
    {"kind": "crisis", "country": "CA", "languages": ["en", "fr"], "name": "9-8-8 Suicide Crisis Helpline", "contact": "988 (call or text)", "url": "https://988.ca"},
    {"kind": "crisis", "country": "GB", "languages": ["en"], "name": "Samaritans", "contact": "116 123", "url": "https://www.samaritans.org"},
    {"kind": "crisis", "country": "FR", "languages": ["fr"], "name": "3114 – Numéro national de prévention du suicide", "contact": "3114", "url": "https://3114.fr"},
    {"kind": "crisis", "country": "ES", "languages": ["es"], "name": "Línea 024 de atención a la conducta suicida", "contact": "024", "url": "https://www.sanidad.gob.es/linea024/"},
    {"kind": "sexual_violence", "country": "US", "languages": ["en", "es"], "name": "RAINN National Sexual Assault Hotline", "contact": "800-656-4673", "url": "https://www.rainn.org"},
    {"kind": "sexual_violence", "country": "GB", "languages": ["en"], "name": "Rape Crisis England & Wales", "contact": "0808 500 2222", "url": "https://rapecrisis.org.uk"},
    {"kind": "sexual_violence", "country": "FR", "languages": ["fr"], "name": "Violences Femmes Info", "contact": "3919", "url": "https://arretonslesviolences.gouv.fr"},
    {"kind": "sexual_violence", "country": "ES", "languages": ["es"], "name": "Atención a víctimas de violencia de género", "contact": "016", "url": "https://violenciagenero.igualdad.gob.es"},
]

# --- Celery (read by config/celery.py through the CELERY_ namespace) -----------------
# Queues, routes and the beat schedule are in config/celery.py; everything else is here.
# Without a broker (the embedded default) tasks run eagerly in the web process.
CELERY_BROKER_URL = env_url("CELERY_BROKER_URL", schemes={"redis", "rediss", "amqp", "amqps", "memory"})
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:
    CELERY_BROKER_URL = "memory://"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 90
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis redelivers a task nobody acknowledged after visibility_timeout seconds; it must be
# longer than the longest task (CELERY_TASK_TIME_LIMIT) or a slow task runs twice. The fault
# tests shorten it through the environment so a killed worker's task returns within seconds.
# confirm_publish: RabbitMQ (py-amqp) confirms each publish; the Redis transport ignores it.
# socket_*timeout: without them a Redis that hangs (stopped, partitioned) holds a publish, and
# so the author's answer, forever; with them it fails in seconds and the sweeper re-queues.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=1),
    "confirm_publish": True,
    "socket_timeout": 3,
    "socket_connect_timeout": 2,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
