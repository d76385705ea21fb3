"""The density grid, computed once per (campaign version, parameters) and kept in the caches.

A map asks for a dozen tiles at once, and each of them needs the whole grid. The key holds the
campaign's published_version, so an entry is never stale: a new version is a new key, and old
entries only expire. The grid is computed once under heatmaps.store's lock and kept, packed, in
Django's shared cache.
"""

import zlib
from functools import cache

import numpy as np

from geo_participation.cache import WorkerCache
from geo_participation.campaigns.models import Campaign

from .. import store
from ..sql import CONDITIONS
from . import density, grid, ramp, sql, tiles
from .density import Density
from .grid import Grid
from .params import KdeParams

TIMEOUT = 24 * 3600
# Each worker keeps the last few grids in memory (4 MiB each) in front of the shared cache:
# a tile then costs a resampling, not a shared-cache read of ~0.7 MB and 5 ms of inflating
# (measured on a 1024² grid; 0.2 ms from here), about as much again as drawing the tile.
LOCAL_ENTRIES = 8


@cache
def revision() -> str:
    """Return the hash of the code that shapes a grid and its drawing besides the data."""
    return store.revision(
        sql.STATEMENT,
        sql.PLACE,
        sql.MEASURES,
        sql.BASE,
        CONDITIONS,
        grid.GRID_SIZE,
        grid.PAD_BANDWIDTHS,
        density.TRUNCATE,
        (ramp.RAMP, ramp.FLOOR, ramp.LEGEND_STEPS, tiles.TILE_PIXELS),
    )


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


def density_for(*, campaign: Campaign, params: KdeParams) -> Density:
    """Return the campaign's density grid for these parameters, computing it at most once."""
    key = density_key(campaign, params)

    def compute() -> Density:
        computed = density.compute_density(campaign=campaign, params=params)
        grids.set(key, computed)
        return computed

    return store.once(key, find=lambda: grids.get(key), compute=compute)


def _pack(computed: Density) -> dict:
    # Far from the places the surface is exactly zero: zlib shrinks a grid several times over.
    g = computed.grid
    return {
        "grid": (g.xmin, g.ymax, g.cell, g.size),
        "places": computed.places,
        "maximum": computed.maximum,
        "values": zlib.compress(computed.values.tobytes(), 1),
    }


def _unpack(packed: dict) -> Density:
    xmin, ymax, cell, size = packed["grid"]
    raw = zlib.decompress(packed["values"])
    values = np.frombuffer(raw, dtype=np.float32).reshape(size, size)
    return Density(
        grid=Grid(xmin=xmin, ymax=ymax, cell=cell, size=size),
        values=values,
        places=packed["places"],
        maximum=packed["maximum"],
    )


grids = WorkerCache("kde", entries=LOCAL_ENTRIES, timeout=TIMEOUT, pack=_pack, unpack=_unpack)
