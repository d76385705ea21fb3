"""Pre-rendered low zooms: a campaign's aggregated public tiles, rendered in the background.

Every change of what a campaign publishes bumps its published_version (database triggers), and
every tile key holds that version, so without this each change would make the first request
of every low-zoom tile wait for its SQL. Instead:

- Noticed by a trigger on the version itself (layers/migrations/0001_prerender_queue.py): every
  path that bumps it (API, admin, bulk loads, psql, other triggers) queues a procrastinate job
  in the same transaction. Services' on_commit hooks would miss all but the services' paths,
  and a LISTEN would miss what happens while its listener is down; the job row waits instead.
- Debounced: the job runs GP_PRERENDER_DELAY_S after the first change, and its queueing lock
  keeps it the only waiting one, so a burst of approvals renders once. It renders the version
  it finds when it starts (a job queued for N that finds N+2 renders N+2), and a change during
  its render queues the next job: its trigger finds no job waiting, and a change whose
  transaction was open when the job started is caught after the render (_queue_if_moved).
  So a burst longer than the delay renders again for what came after.
- One snapshot: the version and every tile are read in one REPEATABLE READ transaction, so the
  bytes stored under a version are that version's. The version counts as rendered (the shared
  record, RECORD) only once every tile is in the cache.
- Served: the tile view asks served_campaign() which version an aggregated public tile is
  answered under: the newest completely rendered one, while its tile is in the cache; else the
  current one (rendered live, as before). The old tiles keep their ETag until the new ones
  are all there. A worker keeps the record in memory for RECORD_TTL seconds: no round trip
  on the hot path. When no render arrives (the task queue's worker down), web workers serve
  the old rendering for at most GP_PRERENDER_MAX_WAIT_S after a request first found it behind
  (one clock in the shared cache for all of them, so they all switch to live together; a
  rendering already behind when it arrives after that keeps the clock: _keep_waited).

Private tiles (exact places for moderators) are never rendered ahead: they are never kept
server-side at all (layers.tiles.views).
"""

import copy
import math
import time
from collections.abc import Iterator
from functools import cache

from django.conf import settings
from django.core.cache import cache as shared_cache
from django.db import IntegrityError, connections, router, transaction

from geo_participation.campaigns.models import Campaign
from layers.registry import LAYERS, Layer

from . import sources
from .addressing import HALF_WORLD, Tile
from .cache import ENCODINGS, SERVER_TIMEOUT, cached_tile, encode, revision, store_tile, tile_key
from .render import is_aggregated

# The shared record of the newest completely rendered version per campaign and tile revision
# (new tile code or settings: nothing rendered yet); it expires with the tiles it stands for.
RECORD = "prerendered:{}:{}"
# The shared clock per campaign and rendered version: when a request first found it behind.
BEHIND = "prerender-behind:{}:{}"
# Seconds a web worker trusts its copy of the record.
RECORD_TTL = 1.0
# Per web worker: campaign id -> (trusted until, rendered version or 0), and campaign id ->
# (a rendered version found behind, when a request anywhere first found it behind: BEHIND).
_records: dict[int, tuple[float, int]] = {}
_waiting: dict[int, tuple[int, float]] = {}
# A campaign's version after a render; FOR SHARE waits for a change still open.
CURRENT = "SELECT published_version FROM campaigns_campaign WHERE id = %s"
# The next job, queued as the trigger queues it (layers/migrations/0001_prerender_queue.py: same
# queue, task, queueing lock and delay); a waiting job holding the lock makes it a unique violation.
DEFER = """
SELECT procrastinate_defer_jobs_v1(ARRAY[ROW(
    'tiles', 'tiles.prerender', 0, NULL, %s, jsonb_build_object('campaign_id', %s),
    clock_timestamp() + make_interval(secs => %s)
)::procrastinate_job_to_defer_v1])
"""


@cache
def prerendered_layers() -> dict[Layer, sources.Ask]:
    """Return each layer with aggregated tiles, with what the public asks of it."""
    # Only "submissions" layers have aggregated tiles (layers.tiles.render); grid and section
    # tiles depend on query parameters, so there is no one public set of them to render.
    return {
        layer: sources.public_ask(layer) for layer in LAYERS.values() if layer.kind == "submissions"
    }


def _record_key(campaign_id: int) -> str:
    return RECORD.format(campaign_id, "-".join(map(revision, prerendered_layers())))


def rendered_version(campaign_id: int) -> int:
    """Return the newest completely rendered version of a campaign (0: none), from the record."""
    return shared_cache.get(_record_key(campaign_id), 0)


def _record(campaign_id: int, version: int) -> None:
    # Never backwards: an older render finishing late must not hide a newer one.
    if version > rendered_version(campaign_id):
        shared_cache.set(_record_key(campaign_id), version, SERVER_TIMEOUT)


def _trusted_version(campaign_id: int) -> int:
    now = time.monotonic()
    until, version = _records.get(campaign_id, (0.0, 0))
    if until < now:
        version = rendered_version(campaign_id)
        _records[campaign_id] = (now + RECORD_TTL, version)
    return version


def _waited_too_long(campaign_id: int, rendered: int) -> bool:
    # One clock for every worker and machine, from the first request anywhere that found a
    # newer version than this rendering: with a clock per worker, one that waited too long
    # would answer N+1 while another still answered N, and caches would see the version go
    # back. Memoised per worker: one shared-cache read per campaign and rendered version.
    # Further changes do not restart it, so a stream of approvals while the task queue's
    # worker is down cannot keep the old tiles up for ever.
    behind, since = _waiting.get(campaign_id, (0, 0.0))
    if behind != rendered:
        key, now = BEHIND.format(campaign_id, rendered), time.time()
        shared_cache.add(key, now, SERVER_TIMEOUT)
        since = shared_cache.get(key, now)
        _waiting[campaign_id] = (rendered, since)
    return time.time() - since > settings.GP_PRERENDER_MAX_WAIT_S


def served_campaign(layer: Layer, campaign: Campaign, tile: Tile, asked: sources.Ask):
    """Return the campaign as a tile is answered: at its newest rendered version for an
    aggregated public tile that was rendered, else as it is."""
    if asked.private or not settings.GP_TILE_CACHE or not is_aggregated(tile):
        return campaign
    if asked != prerendered_layers().get(layer):
        return campaign
    version = _trusted_version(campaign.pk)
    if version in (0, campaign.published_version):
        return campaign
    if version < campaign.published_version and _waited_too_long(campaign.pk, version):
        return campaign
    rendered = copy.copy(campaign)
    rendered.published_version = version
    key = tile_key(layer=layer, campaign=rendered, tile=tile, variant=asked.variant)
    # Outside what was rendered (or dropped by the cache): the current version, live.
    return rendered if cached_tile(key) is not None else campaign


def campaign_tiles(campaign: Campaign) -> Iterator[Tile]:
    """Yield every aggregated tile that meets the campaign area's bounding box."""
    xmin, ymin, xmax, ymax = campaign.area.transform(3857, clone=True).extent
    # Sensitive places are snapped to the grid, up to half a cell beyond the area.
    margin = campaign.sensitive_grid_3857 + 1.0
    for z in range(settings.GP_TILE_AGGREGATE_BELOW_ZOOM):
        size, last = 2 * HALF_WORLD / (1 << z), (1 << z) - 1

        def index(metres: float, last=last, size=size) -> int:
            return min(max(math.floor(metres / size), 0), last)

        columns = range(index(xmin - margin + HALF_WORLD), index(xmax + margin + HALF_WORLD) + 1)
        rows = range(index(HALF_WORLD - ymax - margin), index(HALF_WORLD - ymin + margin) + 1)
        yield from (Tile(z, x, y) for x in columns for y in rows)


def render_campaign(campaign_id: int) -> dict:
    """Render the aggregated public tiles of a campaign's current version into the tile cache,
    unless that version is rendered already; return what was done."""
    if not settings.GP_TILE_CACHE:
        return {"skipped": "tile cache off"}
    # The primary: a job is queued by a write there, and only it surely holds that version.
    db = router.db_for_write(Campaign)
    started = time.monotonic()
    with transaction.atomic(using=db):
        with connections[db].cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        # Public map campaigns only: drafts are never rendered (nor served).
        campaign = Campaign.objects.db_manager(db).maps().filter(pk=campaign_id).first()
        if campaign is None:
            return {"skipped": "not a public map campaign"}
        version = campaign.published_version
        previous = rendered_version(campaign_id)
        done = previous >= version
        tiles = 0 if done else _render_tiles(campaign)
    # After the commit: the tiles are in the cache (a database cache commits them with us).
    if not done:
        _keep_waited(db, campaign_id, previous, version)
    _record(campaign_id, version)
    _queue_if_moved(db, campaign_id, version)
    if done:
        return {"skipped": f"version {version} rendered already"}
    return {"version": version, "tiles": tiles, "seconds": round(time.monotonic() - started, 3)}


def _render_tiles(campaign: Campaign) -> int:
    tiles = 0
    for layer, public in prerendered_layers().items():
        for tile in campaign_tiles(campaign):
            key = tile_key(layer=layer, campaign=campaign, tile=tile, variant=public.variant)
            if cached_tile(key) is None:
                plain, _ = sources.tile_bytes(layer, campaign, tile, public)
                store_tile(key, plain)
                # Each encoding too, so that no request of a rendered tile compresses.
                for encoding in ENCODINGS:
                    store_tile(key, encode(plain, encoding), encoding)
            tiles += 1
    return tiles


def _keep_waited(db: str, campaign_id: int, previous: int, version: int) -> None:
    # Once the wait for the previous rendering was over, web workers answered the current
    # version live. A rendering that is already behind the current version (changes came
    # during its render) may be older than what they answered: it starts on the clock that
    # ran out, not a new one, so it is not answered after them (the version never goes back).
    with connections[db].cursor() as cursor:
        cursor.execute(CURRENT, [campaign_id])
        row = cursor.fetchone()
    since = shared_cache.get(BEHIND.format(campaign_id, previous))
    if row is None or row[0] <= version or since is None:
        return
    # A worker trusts its copy of the previous record up to RECORD_TTL more: its wait may run
    # out within that.
    if time.time() - since > settings.GP_PRERENDER_MAX_WAIT_S - RECORD_TTL:
        shared_cache.set(BEHIND.format(campaign_id, version), since, SERVER_TIMEOUT)


def _queue_if_moved(db: str, campaign_id: int, version: int) -> None:
    # The trigger adds nothing while a job waits, and it decides at UPDATE time: a change whose
    # transaction was still open when this job started (leaving "todo" for "doing") would
    # commit with no job queued for it. So the version is read again once this render is
    # recorded, FOR SHARE: it waits for such a transaction (its row lock) and sees what it
    # committed. A change after this read finds this job "doing", not waiting, and its trigger
    # queues the next one. If the version moved, the next job is queued as the trigger would.
    with connections[db].cursor() as cursor:
        cursor.execute(CURRENT + " FOR SHARE", [campaign_id])
        row = cursor.fetchone()
    if row is None or row[0] <= version:
        return
    try:
        with transaction.atomic(using=db), connections[db].cursor() as cursor:
            cursor.execute(
                DEFER, [f"prerender-{campaign_id}", campaign_id, settings.GP_PRERENDER_DELAY_S]
            )
    except IntegrityError:
        pass  # the lock is taken: a job for the newer version waits already


def forget_local() -> None:
    """Forget this worker's copy of the records (as if the next request went elsewhere)."""
    _records.clear()
    _waiting.clear()
