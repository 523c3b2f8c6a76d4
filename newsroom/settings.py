"""Newsroom settings: one file, read from the environment."""

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from newsroom.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# --- Core -------------------------------------------------------------------

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for local development).")
    SECRET_KEY = "insecure-development-key-only-used-with-debug"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "newsroom.csrf.csrf_failure"
# W003 looks for Django's CSRF middleware by its path; newsroom.csrf.ReaderCsrfMiddleware is it,
# subclassed (tests/security/test_csrf_checks.py proves both of its checks).
SILENCED_SYSTEM_CHECKS = ["security.W003"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "articles",
    "comments",
    "pages",
]

MIDDLEWARE = [
    "newsroom.client_address.ClientAddressMiddleware",  # first: everything after sees the reader
    "newsroom.edge_cache.EdgeCacheMiddleware",  # outside all that set cookies: it sees them all
    "django.middleware.security.SecurityMiddleware",
    # Above every middleware that sets a cookie (sessions, CSRF), so it sees them on the way out.
    # ETag from the content and 304 for every GET that does not name its version itself (the
    # article page and the comment list do, before doing the work).
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "newsroom.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "newsroom.locale.PagesIgnoreBrowserLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "newsroom.csrf.ReaderCsrfMiddleware",  # Django's token, or Fetch Metadata for anonymous posts
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "newsroom.db_router.ReplicaRoutingMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Proxies in front of the app that append to X-Forwarded-For (a load balancer: 1). 0 believes
# no header: the peer's address is the reader's (see newsroom.client_address).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"
ASGI_APPLICATION = "newsroom.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.context_processors.site",
            ],
        },
    },
    {  # the comment threads (see newsroom/jinja2.py for why); engines["jinja2"] by name
        "NAME": "jinja2",
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "newsroom.jinja2.environment"},
    },
]

# --- Database and cache -----------------------------------------------------

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
for _index, _url in enumerate(env_list("DATABASE_REPLICA_URLS", [])):
    DATABASES[f"replica_{_index}"] = {
        **dj_database_url.parse(_url, conn_max_age=env_int("CONN_MAX_AGE", 60)),
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},
    }
DATABASE_REPLICA_ALIASES = [alias for alias in DATABASES if alias.startswith("replica_")]
# How far behind the primary a replica may be: what it gives right after a change is cached
# only this long (newsroom.versions.get_or_render).
REPLICA_LAG_SECONDS = env_int("REPLICA_LAG_SECONDS", 10)
DATABASE_ROUTERS = ["newsroom.db_router.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "")
# A stopped Redis must never break a page: give up fast, log, and carry on without the cache;
# after repeated failures, don't even ask it for a few seconds (the breaker, below).
REDIS_CACHE_OPTIONS = {
    "IGNORE_EXCEPTIONS": True,
    "SOCKET_CONNECT_TIMEOUT": 0.5,
    "SOCKET_TIMEOUT": 0.5,
    "CONNECTION_POOL_CLASS": "newsroom.redis_breaker.BreakerConnectionPool",
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsroom",
            "OPTIONS": REDIS_CACHE_OPTIONS,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# A Redis that failed this many connections in a row is skipped, by the cache and the task queue
# alike, for this many seconds; then one connection probes it (newsroom.redis_breaker).
REDIS_BREAKER_FAILURES = env_int("REDIS_BREAKER_FAILURES", 3)
REDIS_BREAKER_SECONDS = env_int("REDIS_BREAKER_SECONDS", 5)

# --- Task queue -------------------------------------------------------------
# Work outside the reader's request (emails, cache warming, clean-up). Without a broker the tasks
# run in-process, so `make run` needs nothing; with REDIS_URL a worker runs them, and one worker
# per site (--beat) also starts the daily clean-up:
#   .venv/bin/celery -A newsroom worker --beat --loglevel=info
CELERY_TASK_ALWAYS_EAGER = not env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL) or "memory://"
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# One immediate retry: kombu's default waits 2 s before it, in the reader's request.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 1,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0,
}
CELERY_TASK_PUBLISH_RETRY = False
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE = {
    "purge-expired-data": {
        "task": "comments.purge_expired_data",  # client data past retention, old API keys
        "schedule": crontab(hour=3, minute=30),
    },
    "train-moderation-model": {
        "task": "comments.train_moderation_model",  # learn from the day's decisions
        "schedule": crontab(hour=4, minute=15),
    },
}
# Kept in memory, not in a file: a daily crontab needs no memory of its last run, and a file
# would be state on one machine (Python 3.13's default shelve also fails on some filesystems).
CELERY_BEAT_SCHEDULER = "celery.beat:Scheduler"

# --- Auth -------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# django-axes: lock a username from one address out after repeated failed logins (admin, API token).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "newsroom.client_address.client_address"  # one rule for the address
AXES_RESET_ON_SUCCESS = True
# No "AXES: BEGIN ..." banner on every manage.py command; failed logins are still logged, naming
# only what the lockout counts (username, address), not the user agent as well.
AXES_VERBOSE = False

# --- Languages and time -----------------------------------------------------

LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Our date formats: Arabic month names, day first ("29 نوفمبر 2026"), see newsroom/formats/.
FORMAT_MODULE_PATH = ["newsroom.formats"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Riyadh")
CELERY_TIMEZONE = TIME_ZONE  # the clock of the beat schedule
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", DEBUG)

# --- Email ------------------------------------------------------------------

_EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
_EMAIL_OPTIONS_BY_BACKEND = {
    "smtp.EmailBackend": {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "timeout": 10,
    },
    "filebased.EmailBackend": {"file_path": env_str("EMAIL_FILE_PATH", "/tmp/newsroom-mail")},
}
MAILERS = {
    "default": {
        "BACKEND": _EMAIL_BACKEND,
        "OPTIONS": next(
            (
                opts
                for end, opts in _EMAIL_OPTIONS_BY_BACKEND.items()
                if _EMAIL_BACKEND.endswith(end)
            ),
            {},
        ),
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "newsroom@localhost")
NEWSROOM_EDITORS_EMAIL = env_list("NEWSROOM_EDITORS_EMAIL", [])

# --- Security ---------------------------------------------------------------

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.SELF],
    "form-action": [CSP.SELF],
}
# CSP frame-ancestors 'self' governs current browsers; older ones that only read this header get DENY.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Only a trusted proxy's X-Forwarded-Proto says the reader came over HTTPS; without one, a
# reader could send the header and be taken for a secure request.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXY_COUNT else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Forms ------------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- REST API ---------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "newsroom.api.schema.NewsroomAutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["newsroom.api.parsers.NestingSafeJSONParser"],
    "EXCEPTION_HANDLER": "newsroom.api.errors.api_exception_handler",
    # Throttle by REMOTE_ADDR, like the comment pipeline: a client-sent X-Forwarded-For is no ID.
    # Behind trusted proxies, ClientAddressMiddleware has already put the reader's there.
    "NUM_PROXIES": 0,
    "DEFAULT_THROTTLE_RATES": {
        "anon_read": env_str("THROTTLE_ANON_READ", "600/min"),
        "comment_post": env_str("THROTTLE_COMMENT_POST", "10/min"),
        "report": env_str("THROTTLE_REPORT", "20/hour"),
        "token": env_str("THROTTLE_TOKEN", "10/min"),
        "reaction": env_str("THROTTLE_REACTION", "60/hour"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Newsroom API",
    "DESCRIPTION": "Articles and moderated reader comments for Arabic news sites.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "ENUM_NAME_OVERRIDES": {
        "ReportReasonEnum": "comments.models.CommentReport.Reason",
        # The class is RemovalReason now; API clients know its enum by its first name.
        "RejectReasonEnum": "comments.models.ModerationEvent.RemovalReason",
        "CommentStatusEnum": "comments.models.Comment.Status",
    },
}

# --- Newsroom ---------------------------------------------------------------

NEWSROOM_SITE_NAME = env_str("NEWSROOM_SITE_NAME", "")
NEWSROOM_SITE_URL = env_str("NEWSROOM_SITE_URL", "http://127.0.0.1:8000")  # canonical URLs too

# --- The shared HTTP cache in front (newsroom.edge_cache, deploy/varnish/) ------------------
# How long a shared cache keeps an anonymous page, and how long past that it may serve it while
# the origin fails (Varnish's grace; stale-if-error for CDNs). Purges make changes show at once.
EDGE_CACHE_SECONDS = env_int("EDGE_CACHE_SECONDS", 300)
EDGE_CACHE_STALE_SECONDS = env_int("EDGE_CACHE_STALE_SECONDS", 60 * 60)
EDGE_CACHE_KEY_HEADER = env_str("EDGE_CACHE_KEY_HEADER", "xkey")  # Fastly: Surrogate-Key
EDGE_CACHE_PURGE_URLS = env_list("EDGE_CACHE_PURGE_URLS", [])  # unset: nothing is purged
COMMENTS_MAX_DEPTH = env_int("COMMENTS_MAX_DEPTH", 3)
COMMENTS_FORM_MIN_SECONDS = env_int("COMMENTS_FORM_MIN_SECONDS", 2)
COMMENTS_FORM_MAX_AGE = env_int("COMMENTS_FORM_MAX_AGE", 60 * 60 * 24)
COMMENTS_REMEMBER_COOKIE_DAYS = env_int("COMMENTS_REMEMBER_COOKIE_DAYS", 365)
COMMENTS_PER_PAGE = env_int("COMMENTS_PER_PAGE", 50)
# Replies a page shows per thread; the rest are behind a "more replies" link, as many again.
COMMENTS_REPLIES_PER_THREAD = env_int("COMMENTS_REPLIES_PER_THREAD", 20)
COMMENTS_CLIENT_DATA_DAYS = env_int("COMMENTS_CLIENT_DATA_DAYS", 90)
# Trust: a commenter skips the first-time hold once their confirmed address has this many
# approved comments; a confirmation link works for this many seconds, and is sent once per period.
COMMENTS_TRUSTED_AFTER_APPROVED = env_int("COMMENTS_TRUSTED_AFTER_APPROVED", 1)
COMMENTS_CONFIRMATION_MAX_AGE = env_int("COMMENTS_CONFIRMATION_MAX_AGE", 60 * 60 * 24 * 3)
# How long after posting the author may correct a comment, from the browser that posted it.
COMMENTS_EDIT_WINDOW_SECONDS = env_int("COMMENTS_EDIT_WINDOW_SECONDS", 5 * 60)
RELATED_ARTICLES_COUNT = 4
# How often an app process asks which abuse model version is current (comments.scoring), and how
# long the cache keeps the answer: a new version reaches every process within their sum, even
# processes that share no cache.
COMMENTS_RISK_CHECK_SECONDS = env_int("COMMENTS_RISK_CHECK_SECONDS", 10)
COMMENTS_RISK_CACHE_SECONDS = env_int("COMMENTS_RISK_CACHE_SECONDS", 60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"skip_breaker_open": {"()": "newsroom.redis_breaker.SkipBreakerOpen"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["skip_breaker_open"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
COMMENTS_NEWEST_FIRST = env_bool("COMMENTS_NEWEST_FIRST", False)

# --- Comments embedded in other sites' pages (pages.embed) ------------------------------------
# The sites whose pages may show a thread (embed.js): their origins, e.g.
# "https://news.example,https://www.news.example". Any other gets no frame and creates no thread.
EMBED_ALLOWED_ORIGINS = env_list("EMBED_ALLOWED_ORIGINS", [])
# Query parameters that name a page on those sites (WordPress' plain permalinks: ?p=42,
# ?page_id=7); every other one, and the fragment, is dropped from a thread's address
# (articles.canonical), so ?utm_source=... is the same thread.
EMBED_KEPT_QUERY_PARAMS = env_list("EMBED_KEPT_QUERY_PARAMS", ["p", "page_id"])
# How many editors' picks the article page shows above the threads, latest picked first.
COMMENTS_PICKS_SHOWN = env_int("COMMENTS_PICKS_SHOWN", 5)
# An open article page asks for newly approved comments this often (less often while its tab is
# hidden), and inserts at most this many at a time (past that it offers a reload).
COMMENTS_LIVE_POLL_SECONDS = env_int("COMMENTS_LIVE_POLL_SECONDS", 20)
COMMENTS_LIVE_HIDDEN_POLL_SECONDS = env_int("COMMENTS_LIVE_HIDDEN_POLL_SECONDS", 120)
COMMENTS_LIVE_MOST_NEW = env_int("COMMENTS_LIVE_MOST_NEW", 20)
# The threads' order when the address names none: oldest, newest or useful (comments.sorting);
# empty follows COMMENTS_NEWEST_FIRST.
COMMENTS_DEFAULT_SORT = env_str("COMMENTS_DEFAULT_SORT", "")
