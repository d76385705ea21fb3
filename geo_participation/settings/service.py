"""The service's own settings (GP_*): intake limits and rates, place search, tiles, photos,
aggregates, roles, campaign areas, the operator and the base map."""

from .base import BASE_DIR, DATABASES, env

# Intake limits, each overridable from the environment.
GP_MAX_VERTICES = env.int("GP_MAX_VERTICES", default=2000)
GP_MAX_BODY_BYTES = env.int("GP_MAX_BODY_BYTES", default=256 * 1024)
GP_MAX_COMMENT_LENGTH = env.int("GP_MAX_COMMENT_LENGTH", default=2000)
# Rates per client (user, or anonymous client cookie) on sliding windows in the shared cache,
# DRF rate syntax (geo_participation/throttling.py, docs/api.md#limits).
GP_SUBMISSION_RATE = env.str("GP_SUBMISSION_RATE", default="30/hour")
GP_SUPPORT_RATE = env.str("GP_SUPPORT_RATE", default="120/hour")
# Ballot writes (cast, change, withdraw; API and form) per voter, and all anonymous ones from
# one address to one campaign together: a new cookie is a new anonymous voter, so only the
# address limits one person casting several ballots (docs/polls.md).
GP_BALLOT_RATE = env.str("GP_BALLOT_RATE", default="30/hour")
GP_BALLOT_ADDRESS_RATE = env.str("GP_BALLOT_ADDRESS_RATE", default="20/hour")
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
# Pre-rendered low zooms (layers/tiles/prerender.py): seconds a change of what a campaign
# publishes waits before its aggregated tiles are rendered in the background, so that a burst of
# approvals renders once; and seconds a web worker keeps serving the previous rendering while no
# new one arrives (the task queue's worker down), before it renders changed tiles itself.
GP_PRERENDER_DELAY_S = env.float("GP_PRERENDER_DELAY_S", default=1.0)
# The trigger that queues the render (layers/migrations/0001_prerender_queue.py) reads the
# delay from the connection that changes a campaign; other clients (psql, bulk loads) get 1 s.
DATABASES["default"]["OPTIONS"]["options"] += f" -c gp.prerender_delay_s={GP_PRERENDER_DELAY_S}"
GP_PRERENDER_MAX_WAIT_S = env.float("GP_PRERENDER_MAX_WAIT_S", default=30.0)
# How often the task queue's worker looks for jobs whose time has come (seconds): new jobs wake
# it at once (LISTEN/NOTIFY), delayed ones (the pre-render above) only on this poll.
GP_QUEUE_POLL_S = env.float("GP_QUEUE_POLL_S", default=0.5)
PROCRASTINATE_WORKER_DEFAULTS = {"fetch_job_polling_interval": GP_QUEUE_POLL_S}
# Jobs outside an app's tasks.py, which procrastinate finds by itself.
PROCRASTINATE_IMPORT_PATHS = ["layers.tiles.tasks"]
# Seconds each worker keeps what tiles need of a campaign (layers/tiles/campaigns.py): how long
# a campaign made a draft or deleted, or a cached tile of the previous published version, may
# still be served. 0 reads the campaign on every tile request.
GP_TILE_METADATA_TTL = env.float("GP_TILE_METADATA_TTL", default=2.0)
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
# Grid cells (issue 15): the grid statement splits the contributors into this many shares,
# which PostgreSQL counts side by side in parallel workers (at most
# max_parallel_workers_per_gather + 1 at once). About the database's cores; 1 = no split.
GP_AGGREGATE_SHARES = env.int("GP_AGGREGATE_SHARES", default=2)
GP_MODERATORS_GROUP = "moderators"
GP_PLANNERS_GROUP = "planners"
# Who may set up campaigns on the site (/einrichten/); planners may hold it too.
GP_CAMPAIGN_MANAGERS_GROUP = env.str("GP_CAMPAIGN_MANAGERS_GROUP", default="campaign_managers")
# A campaign's area, drawn or uploaded on the setup pages, must be between these sizes (km²), and
# an uploaded file at most this big (bytes).
GP_AREA_MIN_KM2 = env.float("GP_AREA_MIN_KM2", default=0.01)
GP_AREA_MAX_KM2 = env.float("GP_AREA_MAX_KM2", default=5000.0)
GP_AREA_UPLOAD_MAX_BYTES = env.int("GP_AREA_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
# A rating's point (references/): at most this many metres from the section it rates; without
# one, the section's middle is taken.
GP_REFERENCE_SNAP_M = env.float("GP_REFERENCE_SNAP_M", default=30.0)

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
