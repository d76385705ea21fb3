"""The one tile cache, for every layer: cache keys and the optional server-side cache.

Every key holds the campaign's published_version, which database triggers bump whenever what
the campaign publishes changes: a new version is a new key, so no cache serves stale data. The
key is also the tile's ETag (layers.http.strong_etag).
"""

import gzip
import hashlib
from functools import cache

import brotli
from django.conf import settings

from geo_participation.cache import WorkerCache
from geo_participation.campaigns.models import Campaign
from layers.registry import Layer

from . import sql
from .addressing import Tile

# Server-side entries never go stale (the version is in the key); they expire only so that
# old versions leave the cache. Hot tiles also stay in each worker's memory: at most
# LOCAL_ENTRIES tiles of at most LOCAL_MAX_BYTES each.
SERVER_TIMEOUT = 24 * 3600
LOCAL_ENTRIES = 128
LOCAL_MAX_BYTES = 1024 * 1024
tiles = WorkerCache(
    "tile", entries=LOCAL_ENTRIES, timeout=SERVER_TIMEOUT, local_max_bytes=LOCAL_MAX_BYTES
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


def cached_tile(key: str, encoding: str | None = None) -> bytes | None:
    """Return a public tile (in this Content-Encoding) from the server-side caches, or None
    when it is in neither."""
    return tiles.get(_entry(key, encoding)) if settings.GP_TILE_CACHE else None


def store_tile(key: str, data: bytes, encoding: str | None = None) -> None:
    """Keep a public tile (in this Content-Encoding) in the server-side caches (never a private
    one: see the view)."""
    if settings.GP_TILE_CACHE:
        tiles.set(_entry(key, encoding), data)


def _entry(key: str, encoding: str | None) -> str:
    # Compressed bytes are kept beside the plain ones, so a hit costs no compression.
    return f"{key}.{encoding}" if encoding else key


# Content codings tiles are sent in when the client accepts them (MapLibre's browser does), in
# order of preference: an MVT of points shrinks to about a third.
ENCODINGS = ("br", "gzip")
# Levels for bytes made on request (a miss is compressed once, then cached): Brotli 5 and
# gzip 6 shrink a tile about as much as their slowest levels, at a fraction of the CPU.
COMPRESS = {
    "br": lambda data: brotli.compress(data, quality=5),
    "gzip": lambda data: gzip.compress(data, compresslevel=6, mtime=0),
}


def encode(data: bytes, encoding: str | None) -> bytes:
    """Return tile bytes in a Content-Encoding ("br", "gzip", None: as they are)."""
    return COMPRESS[encoding](data) if encoding and data else data
