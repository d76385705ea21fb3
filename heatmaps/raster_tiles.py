"""Web Mercator raster tiles of a density grid: addressing and resampling.

A tile is a resampling of the campaign's density grid, not a computation of its own: every
tile then shows the same surface and the same scale, and a tile costs milliseconds once the grid
is cached. Zoomed in, values are interpolated bilinearly between cell centres (the surface is
smooth over at least two cells, so this shows no steps). Zoomed out, where a pixel covers
several cells, the grid is first averaged 2 x 2 as often as needed, so a pixel shows the mean
density under it instead of whichever cell its centre happens to hit.
"""

import re
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from scipy.ndimage import map_coordinates

from .kde import Density
from .kde_grid import HALF_WORLD

TILE_PIXELS = 256
_INTEGER = re.compile(r"[0-9]{1,10}")


class BadTile(ValueError):
    """A z/x/y that names no tile; the message says which part is wrong."""


@dataclass(frozen=True)
class TileAddress:
    z: int
    x: int
    y: int

    @property
    def size(self) -> float:
        """Return the tile's width in EPSG:3857 units."""
        return 2 * HALF_WORLD / (1 << self.z)

    @property
    def xmin(self) -> float:
        return -HALF_WORLD + self.x * self.size

    @property
    def ymax(self) -> float:
        # Tile rows count from the north, as in XYZ / slippy-map tiles.
        return HALF_WORLD - self.y * self.size

    def __str__(self):
        return f"{self.z}/{self.x}/{self.y}"


def parse_tile(z: str, x: str, y: str) -> TileAddress:
    """Return the tile for URL parts z/x/y, or raise BadTile naming the problem."""
    # The same rules as the vector tiles (layers.tiles.coords), which heatmaps may not import.
    values = {}
    for name, raw in (("z", z), ("x", x), ("y", y)):
        if not _INTEGER.fullmatch(raw):
            raise BadTile(f"{name} must be a non-negative integer, not {raw[:20]!r}.")
        values[name] = int(raw)
    zoom = values["z"]
    if zoom > settings.GP_TILE_MAX_ZOOM:
        raise BadTile(f"z must be at most {settings.GP_TILE_MAX_ZOOM}, got {zoom}.")
    for name in ("x", "y"):
        if values[name] >= 1 << zoom:
            raise BadTile(
                f"{name} must be below 2^z = {1 << zoom} at zoom {zoom}, got {values[name]}."
            )
    return TileAddress(zoom, values["x"], values["y"])


def tile_values(density: Density, tile: TileAddress) -> np.ndarray | None:
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
