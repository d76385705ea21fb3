"""The density grid, computed once per (campaign version, parameters) and kept in the caches.

A map asks for a dozen tiles at once, and each of them needs the whole grid. The key holds
the campaign's published_version, which database triggers bump whenever what the campaign
publishes changes, so an entry is never stale: a new version is a new key. Old entries only
expire.
"""

import hashlib
import threading
import time
import zlib
from functools import cache

import numpy as np
from django.core.cache import cache as django_cache
from django.core.cache.backends.locmem import LocMemCache

from geo_participation.campaigns.models import Campaign

from . import kde, kde_grid, kde_sql
from .kde_grid import Grid
from .kde_params import KdeParams

TIMEOUT = 24 * 3600
# Each worker keeps the last few grids in memory (4 MiB each) in front of the shared cache.
LOCAL_ENTRIES = 8
local_cache = LocMemCache(
    "heatmaps.kde", {"TIMEOUT": TIMEOUT, "OPTIONS": {"MAX_ENTRIES": LOCAL_ENTRIES}}
)
# While one request computes a grid, others for the same key wait for it instead of computing
# it again: threads of this worker on a lock, other workers by polling the shared cache.
LOCK_SECONDS = 60
POLL_SECONDS = 0.1
_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


@cache
def revision() -> str:
    """Return a short hash of the code constants that shape a grid besides the data."""
    text = repr(
        (
            kde_sql.STATEMENT,
            kde_sql.PLACE,
            kde_sql.MEASURES,
            kde_grid.GRID_SIZE,
            kde_grid.PAD_BANDWIDTHS,
            kde.TRUNCATE,
        )
    )
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def density_key(campaign: Campaign, params: KdeParams) -> str:
    """Return the name of a density grid: campaign, version, privacy grid, parameters, code."""
    parts = (
        campaign.pk,
        campaign.published_version,
        f"{campaign.sensitive_grid_3857:.6f}",
        params.key(),
        revision(),
    )
    return "kde." + ".".join(map(str, parts))


def density_for(*, campaign: Campaign, params: KdeParams) -> kde.Density:
    """Return the campaign's density grid for these parameters, computing it at most once."""
    key = density_key(campaign, params)
    found = _cached(key)
    if found is not None:
        return found
    with _lock(key):
        found = _cached(key) or _wait_for_other_worker(key)
        if found is not None:
            return found
        try:
            density = kde.compute_density(campaign=campaign, params=params)
            _store(key, density)
        finally:
            django_cache.delete(f"{key}.computing")
    return density


def _lock(key: str) -> threading.Lock:
    with _locks_guard:
        if len(_locks) > 256:
            _locks.clear()  # only a guard against growth; a lost lock costs one recomputation
        return _locks.setdefault(key, threading.Lock())


def _wait_for_other_worker(key: str) -> kde.Density | None:
    """Claim the computation, or wait (up to LOCK_SECONDS) for the worker that claimed it."""
    if django_cache.add(f"{key}.computing", 1, LOCK_SECONDS):
        return None
    deadline = time.monotonic() + LOCK_SECONDS
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        found = _cached(key)
        if found is not None:
            return found
        if django_cache.get(f"{key}.computing") is None:
            break  # the other worker failed; compute it here
    return None


def _cached(key: str) -> kde.Density | None:
    density = local_cache.get(key)
    if density is None:
        packed = django_cache.get(key)
        if packed is not None:
            density = _unpack(packed)
            local_cache.set(key, density)
    return density


def _store(key: str, density: kde.Density) -> None:
    local_cache.set(key, density)
    django_cache.set(key, _pack(density), TIMEOUT)


def _pack(density: kde.Density) -> dict:
    # Far from the places the surface is exactly zero: zlib shrinks a grid several times over.
    grid = density.grid
    return {
        "grid": (grid.xmin, grid.ymax, grid.cell, grid.size),
        "places": density.places,
        "maximum": density.maximum,
        "values": zlib.compress(density.values.tobytes(), 1),
    }


def _unpack(packed: dict) -> kde.Density:
    xmin, ymax, cell, size = packed["grid"]
    raw = zlib.decompress(packed["values"])
    values = np.frombuffer(raw, dtype=np.float32).reshape(size, size)
    return kde.Density(
        grid=Grid(xmin=xmin, ymax=ymax, cell=cell, size=size),
        values=values,
        places=packed["places"],
        maximum=packed["maximum"],
    )
