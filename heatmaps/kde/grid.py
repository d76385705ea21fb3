"""The density grid: a square of GRID_SIZE x GRID_SIZE cells in EPSG:3857 over a campaign area.

Web Mercator stretches ground distances by 1/cos(latitude). The grid is square in Mercator
units, so a cell is square on the ground too (to within the change of scale across the area,
0.2 % over a city); densities divide by each row's true ground area.
"""

import math
from dataclasses import dataclass

import numpy as np

# Half the width of the Web Mercator square, in EPSG:3857 units; and the sphere's radius.
HALF_WORLD = 20037508.342789244
EARTH_RADIUS = 6378137.0
GRID_SIZE = 1024
# The grid reaches this many bandwidths beyond the area on every side, so the kernel's tail
# around a place at the edge of the area stays on the grid (3 sigma: 99.7 % of it in 1-D).
PAD_BANDWIDTHS = 3
# A kernel narrower than two cells would show the cells, not a smooth surface.
MIN_BANDWIDTH_CELLS = 2


@dataclass(frozen=True)
class Grid:
    """Cell columns run east from xmin, rows south from ymax (row 0 is the northern edge)."""

    xmin: float
    ymax: float
    cell: float  # EPSG:3857 units
    size: int = GRID_SIZE

    @property
    def xmax(self) -> float:
        """Return the east edge, in EPSG:3857 units."""
        return self.xmin + self.size * self.cell

    @property
    def ymin(self) -> float:
        """Return the south edge, in EPSG:3857 units."""
        return self.ymax - self.size * self.cell

    def row_latitudes(self) -> np.ndarray:
        """Return the latitude (degrees) of each row's centre."""
        y = self.ymax - (np.arange(self.size) + 0.5) * self.cell
        return mercator_latitude(y)

    def cell_area_km2(self) -> np.ndarray:
        """Return the ground area of one cell in each row, km² (a column vector)."""
        ground = self.cell * np.cos(np.radians(self.row_latitudes()))
        return (ground * ground / 1e6)[:, np.newaxis]


def mercator_latitude(y):
    """Return the latitude in degrees of EPSG:3857 northings (spherical, as EPSG:3857 is)."""
    return np.degrees(2 * np.arctan(np.exp(np.asarray(y) / EARTH_RADIUS)) - math.pi / 2)


def mercator_longitude(x):
    """Return the longitude in degrees of EPSG:3857 eastings."""
    return np.degrees(np.asarray(x) / EARTH_RADIUS)


def grid_for(extent: tuple[float, float, float, float], sigma: float) -> Grid:
    """Return the grid over an EPSG:3857 extent, padded by PAD_BANDWIDTHS kernels of sigma."""
    xmin, ymin, xmax, ymax = extent
    side = max(xmax - xmin, ymax - ymin) + 2 * PAD_BANDWIDTHS * sigma
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    return Grid(xmin=cx - side / 2, ymax=cy + side / 2, cell=side / GRID_SIZE)


def min_sigma(extent: tuple[float, float, float, float]) -> float:
    """Return the narrowest kernel (EPSG:3857 units) that spans MIN_BANDWIDTH_CELLS cells."""
    # sigma >= m * (D + 2 P sigma) / N, solved for sigma.
    xmin, ymin, xmax, ymax = extent
    across = max(xmax - xmin, ymax - ymin)
    m = MIN_BANDWIDTH_CELLS
    return m * across / (GRID_SIZE - 2 * PAD_BANDWIDTHS * m)
