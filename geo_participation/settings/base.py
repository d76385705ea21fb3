"""The Django platform: apps, middleware, database, cache, languages, files, the API framework
and logging. Every value comes from the environment; a local .env is read first."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

from geo_participation.replicas.aliases import replica_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env (written by `make demo`) is read when present; real environment variables win.
env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("GP_DEBUG", default=False)
SECRET_KEY = env.str("GP_SECRET_KEY")
ALLOWED_HOSTS = env.list("GP_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("GP_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Before the admin, as django-modeltranslation asks: campaign and category texts in German
    # and English (geo_participation/campaigns/translation.py).
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django.contrib.gis",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework_gis",
    # API tokens for scripts and GIS tools (exports, reports): `manage.py drf_create_token`.
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Before allauth: its catalog gives allauth's German strings the formal "Sie" (app
    # catalogs listed first win).
    "geo_participation.formal_de",
    "allauth",
    "allauth.account",
    # The task queue on our PostgreSQL: its tables come through its migrations; the worker is
    # `manage.py procrastinate worker` (docs/operations.md).
    "procrastinate.contrib.django",
    "geo_participation.accounts",
    "geo_participation.campaigns",
    # Before submissions, whose ratings point at its sections.
    "geo_participation.references",
    "geo_participation.submissions",
    "geo_participation.submissions.photos",
    "geo_participation.polls",
    "geo_participation.moderation",
    "geo_participation.notifications",
    "geo_participation.places",
    "geo_participation.pages",
    # Rate budgets: their counters have a table of their own (throttling/counters.py).
    "geo_participation.throttling",
    "heatmaps",
    "layers",
    "fixtures",
    "geo_participation.web",
    "geo_participation.health",
]

MIDDLEWARE = [
    # First: a database or cache outage anywhere below is answered 503 with Retry-After.
    "geo_participation.health.outages.OutageMiddleware",
    # Second: which database this request reads from (a replica for public reads, else the
    # primary), and read-your-writes pinning (geo_participation/replicas/). Inside the outage
    # middleware, so a replica failing is retried on the primary before any 503; before the
    # tile fast path, so its reads are routed too.
    "geo_participation.replicas.middleware.ReplicaRoutingMiddleware",
    # Anonymous tile requests are answered here, past only the middleware they need
    # (layers/tiles/fastpath.py); every other request goes on below.
    "layers.tiles.fastpath.TileFastPathMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "geo_participation.http_limits.RequestLimitsMiddleware",
    # Content-Security-Policy on every response (geo_participation/csp.py, settings below).
    "geo_participation.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # gzip for rendered pages and JSON (geo_participation/compression.py). After WhiteNoise,
    # which serves static files compressed at collectstatic; before every middleware below,
    # so it compresses what they leave.
    "geo_participation.compression.TextCompressionMiddleware",
    # Cache-Control: private on answers made for someone (geo_participation/personal.py). After
    # WhiteNoise (static files stay public), before every middleware that sets a cookie.
    "geo_participation.personal.PrivateCachingMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before CommonMiddleware; tiles and OGC API stay language-neutral.
    "geo_participation.languages.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "geo_participation.clients.ClientIdMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # A login form refused for the failed-login limit answers 429 (accounts/lockout.py).
    "geo_participation.accounts.lockout.LockedLoginStatusMiddleware",
]

ROOT_URLCONF = "geo_participation.urls"
WSGI_APPLICATION = "geo_participation.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "geo_participation" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "geo_participation.pages.context.operator",
                "geo_participation.accounts.context.roles",
            ],
        },
    },
]

# Widgets render through TEMPLATES, so the project's own widget templates are found.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": env.db_url(
        "DATABASE_URL",
        default="postgis://geo_participation:geo_participation@127.0.0.1:5432/geo_participation",
        engine="django.contrib.gis.db.backends.postgis",
    )
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("GP_DB_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# PostGIS functions declare high costs, which make PostgreSQL JIT-compile ordinary tile and
# bbox queries (about a second each); our queries are short, so JIT only ever costs.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
# A database host that drops packets must give a quick 503, not hang a worker.
DATABASES["default"]["OPTIONS"]["connect_timeout"] = env.int("GP_DB_CONNECT_TIMEOUT", default=5)
# A pool of open connections per worker process (Django's psycopg pool; issue 15, the lean
# tile path), so a request never waits for a new connection and prepared tile statements stay
# prepared. GP_DB_POOL_MIN/MAX connections per process (a request holds one, so threads per
# worker suffice), GP_DB_POOL_TIMEOUT seconds a request waits for one: short, so a database
# outage is still a quick 503. The pool replaces persistent connections (CONN_MAX_AGE 0) and
# checks a connection it hands out without a round trip (geo_participation/health/pool.py)
# instead of Django's health check query.
GP_DB_POOL = env.bool("GP_DB_POOL", default=True)
if GP_DB_POOL:
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
    DATABASES["default"]["OPTIONS"]["pool"] = {
        "min_size": env.int("GP_DB_POOL_MIN", default=1),
        "max_size": env.int("GP_DB_POOL_MAX", default=8),
        "timeout": env.float("GP_DB_POOL_TIMEOUT", default=2.0),
        # Give up reconnecting in the background as quickly: the next request then connects at
        # once instead of waiting for a backed-off attempt after the database is back.
        "reconnect_timeout": env.float("GP_DB_POOL_TIMEOUT", default=2.0),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Read replicas (geo_participation/replicas/, docs/operations.md "Read replicas") ---
# GP_DATABASE_REPLICAS: streaming replicas of DATABASE_URL, comma separated; each becomes the
# alias replica_1..N with the primary's options. Empty: every read is on the primary.
GP_DATABASE_REPLICAS = env.list("GP_DATABASE_REPLICAS", default=[])
# Seconds a replica may be behind the primary (replay) before its reads go to the primary.
GP_REPLICA_MAX_LAG_S = env.float("GP_REPLICA_MAX_LAG_S", default=5.0)
# Seconds between two checks of a replica's health and lag, per worker process.
GP_REPLICA_CHECK_S = env.float("GP_REPLICA_CHECK_S", default=2.0)
# Seconds someone who has just written (or signed in) reads only from the primary.
GP_REPLICA_PIN_SECONDS = env.int("GP_REPLICA_PIN_SECONDS", default=10)
# A replica that does not answer this fast is skipped: the primary answers instead.
GP_REPLICA_CONNECT_TIMEOUT = env.int("GP_REPLICA_CONNECT_TIMEOUT", default=2)
for _number, _url in enumerate(GP_DATABASE_REPLICAS, start=1):
    # The primary's options without its pool (geo_participation/replicas/aliases.py says why).
    DATABASES[f"replica_{_number}"] = replica_settings(
        DATABASES["default"],
        env.db_url_config(_url, engine="django.contrib.gis.db.backends.postgis"),
        connect_timeout=GP_REPLICA_CONNECT_TIMEOUT,
        max_age=env.int("GP_DB_CONN_MAX_AGE", default=60),
    )
DATABASE_ROUTERS = ["geo_participation.replicas.routing.ReplicaRouter"]

# The cache is shared by every worker process (throttling depends on it): the database by
# default, Redis when GP_CACHE_URL says so (for example redis://127.0.0.1:6379/0).
CACHES = {"default": env.cache_url("GP_CACHE_URL", default="dbcache://gp_cache")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache":
    # Throttle counters must survive culling (Django culls a third at 300 entries by default)
    # and concurrent increments.
    CACHES["default"]["BACKEND"] = "geo_participation.cache.AtomicDatabaseCache"
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 1_000_000)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# German by default (no language cookie, no Accept-Language); English on request or by choice
# at /i18n/setlang/. API messages follow the same language; their `code` never changes.
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "geo_participation" / "locale"]
# Campaign, category and status texts (django-modeltranslation): a column per language; an
# empty text falls back to the German one, then to the English one (a campaign created while
# English was active has only English until someone writes the German).
MODELTRANSLATION_DEFAULT_LANGUAGE = "de"
MODELTRANSLATION_LANGUAGES = ("de", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("de", "en")
TIME_ZONE = env.str("GP_TIME_ZONE", default="Europe/Berlin")
USE_I18N = True
USE_TZ = True


STATIC_URL = "static/"
STATIC_ROOT = env.path("GP_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "geo_participation" / "static"]
# Uploaded photos. They are served only through the photo views, which check visibility:
# never let a web server publish MEDIA_ROOT directly.
MEDIA_ROOT = env.path("GP_MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

REST_FRAMEWORK = {
    # Basic first, so an unauthenticated API call is answered 401 with its challenge (Basic for
    # GIS clients and curl; never Basic to a browser: geo_participation/accounts/browsers.py).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "geo_participation.accounts.authentication.VerifiedBasicAuthentication",
        "geo_participation.accounts.authentication.VerifiedSessionAuthentication",
        "geo_participation.accounts.authentication.VerifiedTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PARSER_CLASSES": [
        "geo_participation.submissions.parsers.LimitedJSONParser",
        "geo_participation.submissions.parsers.GeoJSONParser",
    ],
    "EXCEPTION_HANDLER": "geo_participation.errors.exception_handler",
    # Throttles trust X-Forwarded-For only from this many proxies in front of the app.
    "NUM_PROXIES": env.int("GP_NUM_PROXIES", default=0),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "geo_participation API",
    "DESCRIPTION": "Intake, moderation and listing of geospatial participation submissions.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from our own static files (drf-spectacular-sidecar): no CDN request.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # The errors every operation can answer (401, 429, 503; 413 and 415 where a body is read).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "geo_participation.openapi.add_common_errors",
    ],
}

# gis.W001 warns that GDAL < 3.9 may read files or URLs named in a spatial reference. Client
# input never reaches GDAL here: intake builds geometries with GEOS from checked numbers.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("GP_LOG_LEVEL", default="INFO")},
    # The task queue's own log: quiet in web processes and commands; the worker runs with
    # GP_QUEUE_LOG_LEVEL=INFO (scripts/serve.sh, docker-compose.yml) to log every job.
    "loggers": {"procrastinate": {"level": env.str("GP_QUEUE_LOG_LEVEL", default="WARNING")}},
}
