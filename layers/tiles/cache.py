"""The one tile cache, for every layer: cache keys and the optional server-side cache.

Every key holds the campaign's published_version, which database triggers bump whenever what
the campaign publishes changes: a new version is a new key, so no cache serves stale data. The
key is also the tile's ETag (layers.http.strong_etag).
"""

import hashlib
from functools import cache

from django.conf import settings
from django.core.cache import cache as django_cache
from django.core.cache.backends.locmem import LocMemCache

from geo_participation.campaigns.models import Campaign
from layers.registry import Layer

from . import sql
from .addressing import Tile

# Server-side entries never go stale (the version is in the key); they expire only so that
# old versions leave the cache.
SERVER_TIMEOUT = 24 * 3600
# Hot tiles also stay in each worker's memory, in front of the shared cache: a hit there costs
# no round trip and no unpickling of a large value, and is as fresh as the shared cache for the
# same reason. Bounded: at most LOCAL_ENTRIES tiles of at most LOCAL_MAX_BYTES each.
LOCAL_ENTRIES = 128
LOCAL_MAX_BYTES = 1024 * 1024
local_cache = LocMemCache(
    "layers.tiles", {"TIMEOUT": SERVER_TIMEOUT, "OPTIONS": {"MAX_ENTRIES": LOCAL_ENTRIES}}
)


def revision(layer: Layer) -> str:
    """Return a short hash of everything besides the data that shapes a tile's bytes."""
    return _revision(
        layer,
        settings.GP_TILE_AGGREGATE_BELOW_ZOOM,
        settings.GP_TILE_MAX_FEATURES,
        settings.GP_TILE_MAX_BYTES,
        settings.GP_SENSITIVE_GRID_M,
        settings.TIME_ZONE,
    )


@cache
def _revision(layer: Layer, *knobs) -> str:
    text = repr((sql.STATEMENTS[layer.kind](layer), layer, knobs))
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def tile_key(*, layer: Layer, campaign: Campaign, tile: Tile, variant: tuple) -> str:
    """Return a tile's cache key: layer, campaign version, what is asked, z/x/y, revision."""
    version = (campaign.pk, campaign.published_version)
    parts = (layer.name, *version, *variant, tile.z, tile.x, tile.y, revision(layer))
    return ".".join(map(str, parts))


def cached_tile(key: str) -> bytes | None:
    """Return a public tile from the server-side caches, or None when it is in neither."""
    if not settings.GP_TILE_CACHE:
        return None
    key = f"tile:{key}"
    data = local_cache.get(key)
    if data is None:
        data = django_cache.get(key)
        if data is not None and len(data) <= LOCAL_MAX_BYTES:
            local_cache.set(key, data)
    return data


def store_tile(key: str, data: bytes) -> None:
    """Keep a public tile in the server-side caches (never a private one: see the view)."""
    if not settings.GP_TILE_CACHE:
        return
    key = f"tile:{key}"
    django_cache.set(key, data, SERVER_TIMEOUT)
    if len(data) <= LOCAL_MAX_BYTES:
        local_cache.set(key, data)
