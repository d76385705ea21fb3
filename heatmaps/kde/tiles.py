"""Web Mercator raster tiles of a density grid: addressing and resampling.

A tile is a resampling of the campaign's density grid, not a computation of its own: every
tile then shows the same surface and the same scale, and a tile costs milliseconds once the grid
is cached. Zoomed in, values are interpolated bilinearly between cell centres (the surface is
smooth over at least two cells, so this shows no steps). Zoomed out, where a pixel covers
several cells, the grid is first averaged 2 x 2 as often as needed, so a pixel shows the mean
density under it instead of whichever cell its centre happens to hit.
"""

from typing import Protocol

import numpy as np
from scipy.ndimage import map_coordinates

from .density import Density

TILE_PIXELS = 256


class Tile(Protocol):
    """Where a tile lies in EPSG:3857 (layers.tiles.addressing.Tile is one): aggregation needs
    the bounds, not the addressing."""

    xmin: float
    ymax: float
    size: float


def tile_values(density: Density, tile: Tile) -> np.ndarray | None:
    """Return the 256 x 256 densities of a tile (row 0 north), or None when it misses the grid."""
    grid = density.grid
    if (
        tile.xmin >= grid.xmax
        or tile.xmin + tile.size <= grid.xmin
        or tile.ymax <= grid.ymin
        or tile.ymax - tile.size >= grid.ymax
    ):
        return None
    pixel = tile.size / TILE_PIXELS
    values, cell = density.values, grid.cell
    while cell * 2 <= pixel and values.shape[0] % 2 == 0 and values.shape[0] > 1:
        values = values.reshape(values.shape[0] // 2, 2, -1, 2).mean(axis=(1, 3))
        cell *= 2
    centres = (np.arange(TILE_PIXELS) + 0.5) * pixel
    # Fractional cell indices of the pixel centres; cell i's centre is at index i.
    columns = (tile.xmin + centres - grid.xmin) / cell - 0.5
    rows = (grid.ymax - (tile.ymax - centres)) / cell - 0.5
    where = np.meshgrid(rows, columns, indexing="ij")
    return map_coordinates(values, where, order=1, mode="constant", cval=0.0, prefilter=False)
