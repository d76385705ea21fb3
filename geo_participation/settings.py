"""One settings module; every value comes from the environment (see .env.example)."""

from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

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
    "geo_participation.submissions",
    "geo_participation.submissions.photos",
    "geo_participation.moderation",
    "geo_participation.notifications",
    "geo_participation.places",
    "geo_participation.pages",
    "heatmaps",
    "layers",
    "fixtures",
    "geo_participation.web",
    "geo_participation.health",
]

MIDDLEWARE = [
    # First: a database or cache outage anywhere below is answered 503 with Retry-After.
    "geo_participation.health.outages.OutageMiddleware",
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
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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

# Accounts (django-allauth): sign-up by e-mail address, usable only after the address is
# confirmed through the link mailed at sign-up. One login page takes a username (staff, the demo
# accounts) or an e-mail address (residents).
AUTHENTICATION_BACKENDS = [
    # Usernames: the admin, the demo accounts, HTTP basic auth of API clients.
    "django.contrib.auth.backends.ModelBackend",
    # E-mail addresses: the login form (and basic auth with an address).
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_FORMS = {"login": "geo_participation.accounts.forms.LoginForm"}
# Where a login lands by role, and the site name in mails (geo_participation/accounts/adapter.py).
ACCOUNT_ADAPTER = "geo_participation.accounts.adapter.AccountAdapter"
# The service's name in mails and their subject lines ("Hallo von Bürgerbeteiligung!"); never
# the host name, which is what allauth would say without django.contrib.sites.
GP_SITE_NAME = env.str("GP_SITE_NAME", default="Bürgerbeteiligung")
# Empty: GP_SITE_NAME in brackets (accounts/adapter.py).
GP_EMAIL_SUBJECT_PREFIX = env.str("GP_EMAIL_SUBJECT_PREFIX", default="")
LOGIN_URL = "account_login"
# Residents without ?next= land here; moderators and planners land on their tools.
LOGIN_REDIRECT_URL = env.str("GP_LOGIN_REDIRECT_URL", default="/")
# Mail: the console by default (development: confirmation links appear in the server log);
# SMTP with e.g. GP_EMAIL_URL=smtp+tls://user:password@mail.example.org:587. Tests use
# Django's in-memory backend (the test runner sets it).
_email = env.email_url("GP_EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "")
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
# filemail:////abs/path (four slashes; three make it relative) writes each mail as a file there.
EMAIL_FILE_PATH = _email.get("EMAIL_FILE_PATH", "")
# Seconds an SMTP connection may hang before the send fails (and the job is retried).
EMAIL_TIMEOUT = env.int("GP_EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env.str("GP_DEFAULT_FROM_EMAIL", default="beteiligung@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Where residents reach the site: the base of every link in a notification mail (the worker
# has no request to take a host from).
GP_SITE_URL = env.str("GP_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Notification mails (geo_participation/notifications/, docs/notifications.md): a failed send
# is tried this many times, waiting GP_NOTIFY_RETRY_WAIT ** (attempt + 1) seconds between (5: 5 s,
# 25 s, 2 min, 10 min, 52 min, 4.3 h, 21.7 h); after that the worker's periodic task re-queues
# unsent ones on this cron schedule (a sixth field counts seconds).
GP_NOTIFY_MAX_ATTEMPTS = env.int("GP_NOTIFY_MAX_ATTEMPTS", default=8)
GP_NOTIFY_RETRY_WAIT = env.int("GP_NOTIFY_RETRY_WAIT", default=5)
GP_NOTIFY_REQUEUE_CRON = env.str("GP_NOTIFY_REQUEUE_CRON", default="*/30 * * * *")

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

# Failed logins allowed per client address and, apart, per username within a fixed window
# (allauth's rate syntax: "10/15m" is ten per fifteen minutes), on every way in: the login
# forms, HTTP Basic and API tokens (geo_participation/accounts/lockout.py). Over it: 429 with
# Retry-After, before any password is hashed.
GP_LOGIN_FAILURES = env.str("GP_LOGIN_FAILURES", default="10/15m")
# allauth's own failed-login limit is off: GP_LOGIN_FAILURES counts the form's failures too, in
# the counters Basic and tokens share. allauth's other limits (sign-up, resets) stay as they are.
ACCOUNT_RATE_LIMITS = {"login_failed": False}

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

# --- Transport security, cookies and Content-Security-Policy (`check --deploy`) ---
# The defaults suit plain http on 127.0.0.1 (the demo). In production behind TLS set
# GP_SECURE_COOKIES, GP_SSL_REDIRECT and GP_HSTS_SECONDS; docs/ lists the whole environment.
# Session and CSRF cookies over HTTPS only.
SESSION_COOKIE_SECURE = env.bool("GP_SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto, requests count as secure (without
# it, GP_SSL_REDIRECT behind such a proxy would redirect forever).
if env.bool("GP_BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Redirect http to https. Load balancers probe the health endpoints over plain http.
SECURE_SSL_REDIRECT = env.bool("GP_SSL_REDIRECT", default=False)
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$", r"^readyz/?$"]
# Strict-Transport-Security: 0 sends none. Browsers remember it for that many seconds, so
# raise it step by step (300, then 31536000); preload asks browsers to ship the host list.
SECURE_HSTS_SECONDS = env.int("GP_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("GP_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("GP_HSTS_PRELOAD", default=False)
# Links in confirmation mails; https once cookies are https-only.
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SESSION_COOKIE_SECURE else "http"
# Every page: our own scripts, styles, images and requests, nothing from anyone else. Inline
# code runs only with the response's nonce (the import map, Swagger UI's start script). Styles
# get no 'unsafe-inline' either: no template has a style="" attribute, Swagger UI's <style>
# carries the nonce, and styles that MapLibre and OpenLayers set from script (CSSOM) are not
# subject to CSP. The OGC API pages are rendered without a request, so their one <style> block
# is allowed by its hash (tests/geo_participation/test_csp.py checks it against the template).
# The one third-party source, an opted-in base map host (GP_BASEMAP), is added by
# geo_participation/csp.py; the offline report has its own policy (layers/reports/views.py).
_OGC_STYLE = "'sha256-2GFCmi9ISx4Gj9o/OR/EKdRczKgCh0ss0GKXPcGR4+M='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE, _OGC_STYLE],
        # data: for the blank favicon and CSS icons (Swagger UI, the admin).
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        # MapLibre's worker is its own static file (maplibre-gl-worker.mjs): no blob: needed.
        "worker-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Intake limits, each overridable from the environment.
GP_MAX_VERTICES = env.int("GP_MAX_VERTICES", default=2000)
GP_MAX_BODY_BYTES = env.int("GP_MAX_BODY_BYTES", default=256 * 1024)
GP_MAX_COMMENT_LENGTH = env.int("GP_MAX_COMMENT_LENGTH", default=2000)
# Rates per client (user, or anonymous client cookie) on sliding windows in the shared cache,
# DRF rate syntax (geo_participation/throttling.py, docs/api.md#limits).
GP_SUBMISSION_RATE = env.str("GP_SUBMISSION_RATE", default="30/hour")
GP_SUPPORT_RATE = env.str("GP_SUPPORT_RATE", default="120/hour")
# All anonymous clients of one address together get this many clients' rates: a school or a
# town hall's Wi-Fi of 50 people posting at the full rate never hits it.
GP_ANONYMOUS_CLIENTS_PER_ADDRESS = env.int("GP_ANONYMOUS_CLIENTS_PER_ADDRESS", default=50)
# Place searches per client, DRF rate syntax; a search box asks once per pause in typing, so a
# minute of searching stays well below it.
GP_PLACES_RATE = env.str("GP_PLACES_RATE", default="120/minute")
GP_NEARBY_RATE = env.str("GP_NEARBY_RATE", default="60/minute")
# Seconds browsers and proxies may keep a place search (the gazetteer changes only on a reload).
GP_PLACES_MAX_AGE = env.int("GP_PLACES_MAX_AGE", default=300)
# An outside geocoder for the place search, queried by our server (never by the citizen's
# browser): a Nominatim (kind "nominatim") or Photon ("photon") base URL. Empty: our own
# gazetteer only, which also answers whenever the geocoder fails, is slow or over its rate.
GP_GEOCODER_URL = env.str("GP_GEOCODER_URL", default="")
GP_GEOCODER_KIND = env.str("GP_GEOCODER_KIND", default="nominatim")
GP_GEOCODER_TIMEOUT = env.float("GP_GEOCODER_TIMEOUT", default=3.0)
# Calls for the whole site ("N/second" or "N/minute"); Nominatim's public servers allow 1/second.
GP_GEOCODER_RATE = env.str("GP_GEOCODER_RATE", default="1/second")
GP_GEOCODER_CACHE_SECONDS = env.int("GP_GEOCODER_CACHE_SECONDS", default=86400)
# How long an Idempotency-Key is remembered; `manage.py prune_idempotency_keys` clears older ones.
GP_IDEMPOTENCY_TTL_HOURS = env.int("GP_IDEMPOTENCY_TTL_HOURS", default=24)
# Grid in metres that sensitive categories are snapped to in public output.
GP_SENSITIVE_GRID_M = env.float("GP_SENSITIVE_GRID_M", default=100.0)
# Where the admin map opens when it has nothing to show (lon, lat).
GP_MAP_DEFAULT_CENTER = tuple(
    env.list("GP_MAP_DEFAULT_CENTER", cast=float, default=[7.7686, 49.4447])
)
# Vector tiles (layers/tiles/): below this zoom, points are aggregated to the tile's pixel
# grid with counts instead of sent one by one; features and bytes per tile are capped.
GP_TILE_AGGREGATE_BELOW_ZOOM = env.int("GP_TILE_AGGREGATE_BELOW_ZOOM", default=13)
GP_TILE_MAX_FEATURES = env.int("GP_TILE_MAX_FEATURES", default=20000)
GP_TILE_MAX_BYTES = env.int("GP_TILE_MAX_BYTES", default=2 * 1024 * 1024)
GP_TILE_MAX_ZOOM = env.int("GP_TILE_MAX_ZOOM", default=20)
# Seconds browsers and proxies may keep a tile; ETags make revalidation cheap after that.
GP_TILE_MAX_AGE = env.int("GP_TILE_MAX_AGE", default=60)
# Server-side tile cache through Django's cache framework (keyed by the published version).
GP_TILE_CACHE = env.bool("GP_TILE_CACHE", default=True)
# Photos attached to submissions (geo_participation/submissions/photos/): largest upload in
# bytes, largest image in pixels (a decompression-bomb guard), longest side kept and of the
# thumbnail.
GP_PHOTO_MAX_BYTES = env.int("GP_PHOTO_MAX_BYTES", default=10 * 1024 * 1024)
GP_PHOTO_MAX_PIXELS = env.int("GP_PHOTO_MAX_PIXELS", default=50_000_000)
# PNG and WebP are decoded whole: 4096 x 4096 pixels is 64 MiB of a worker's memory.
GP_PHOTO_MAX_WHOLE_PIXELS = env.int("GP_PHOTO_MAX_WHOLE_PIXELS", default=4096 * 4096)
GP_PHOTO_MAX_SIDE = env.int("GP_PHOTO_MAX_SIDE", default=2048)
GP_PHOTO_THUMB_SIDE = env.int("GP_PHOTO_THUMB_SIDE", default=400)
# Who runs this service, for the Impressum (section 5 DDG) and the privacy and accessibility
# pages. Name, postal address and e-mail are required there: while one is unset, the pages say
# so in neutral words and `check --deploy` warns (geo_participation/pages/checks.py). The
# address may have several lines ("\n"). The rest only where it applies: who represents the
# operator (an authority's head, a company's managing director), a telephone number, the
# register entry and the VAT identification number.
GP_OPERATOR_NAME = env.str("GP_OPERATOR_NAME", default="")
GP_OPERATOR_ADDRESS = env.str("GP_OPERATOR_ADDRESS", default="", multiline=True)
GP_CONTACT_EMAIL = env.str("GP_CONTACT_EMAIL", default="")
GP_OPERATOR_REPRESENTATIVE = env.str("GP_OPERATOR_REPRESENTATIVE", default="")
GP_OPERATOR_PHONE = env.str("GP_OPERATOR_PHONE", default="")
GP_OPERATOR_REGISTER = env.str("GP_OPERATOR_REGISTER", default="")
GP_OPERATOR_VAT_ID = env.str("GP_OPERATOR_VAT_ID", default="")
# Aggregate layers (heatmaps/): cells and clusters with fewer distinct contributors are never
# shown (a request may only raise it); no grid may have more cells than this.
GP_AGGREGATE_MIN_CONTRIBUTORS = env.int("GP_AGGREGATE_MIN_CONTRIBUTORS", default=3)
GP_AGGREGATE_MAX_CELLS = env.int("GP_AGGREGATE_MAX_CELLS", default=60000)
GP_MODERATORS_GROUP = "moderators"
GP_PLANNERS_GROUP = "planners"
# Who may set up campaigns on the site (/einrichten/); planners may hold it too.
GP_CAMPAIGN_MANAGERS_GROUP = env.str("GP_CAMPAIGN_MANAGERS_GROUP", default="campaign_managers")
# A campaign's area, drawn or uploaded on the setup pages, must be between these sizes (km²), and
# an uploaded file at most this big (bytes).
GP_AREA_MIN_KM2 = env.float("GP_AREA_MIN_KM2", default=0.01)
GP_AREA_MAX_KM2 = env.float("GP_AREA_MAX_KM2", default=5000.0)
GP_AREA_UPLOAD_MAX_BYTES = env.int("GP_AREA_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)

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

# The base map under the citizen map (geo_participation/basemap.py, docs/basemap.md):
# "self" (our own PMTiles archive, built by `make basemap`, so no request leaves this server),
# "basemapde" (BKG's basemap.de Web Vektor), "xyz" (GP_BASEMAP_XYZ_URL, a {z}/{x}/{y} raster
# template) or "none". The last three are opt-ins: the visitors' browsers then ask that host.
GP_BASEMAP = env.str("GP_BASEMAP", default="self")
GP_BASEMAP_ARCHIVE = env.path("GP_BASEMAP_ARCHIVE", default=BASE_DIR / "var" / "basemap.pmtiles")
GP_BASEMAP_XYZ_URL = env.str("GP_BASEMAP_XYZ_URL", default="")
GP_BASEMAP_ATTRIBUTION = env.str("GP_BASEMAP_ATTRIBUTION", default="")
GP_BASEMAPDE_STYLE_URL = env.str(
    "GP_BASEMAPDE_STYLE_URL",
    default="https://sgx.geodatenzentrum.de/gdz_basemapde_vektor/styles/bm_web_col.json",
)

# Seconds a client is asked to wait (Retry-After) when the database or the cache is out (503).
GP_RETRY_AFTER_SECONDS = env.int("GP_RETRY_AFTER_SECONDS", default=5)
