"""Kernel density of a campaign's approved submissions, on the EPSG:3857 density grid.

The places are binned per grid cell in PostgreSQL (kde_sql), and the binned counts are smoothed
with a Gaussian filter in numpy: the same sum as a Gaussian kernel per place, but its cost
grows with the grid, not with the number of places. The only approximation is that each place
sits at its cell's centre (half a cell at most, a few per cent of the bandwidth).

Density unit: places per km² of ground (with weight=support, weighted places per km²), so the
integral over the area is the number (or total weight) of the places counted.
"""

from dataclasses import dataclass

import numpy as np
from scipy.ndimage import gaussian_filter

from geo_participation.campaigns.models import Campaign

from .grid import Grid, grid_for
from .params import KdeParams, extent_3857
from .sql import binned

# The filter's kernel ends at this many bandwidths; beyond it lies less than 1e-4 of its mass.
TRUNCATE = 4.0


@dataclass(frozen=True)
class Density:
    """A density surface: its grid, the values and what they sum and peak at."""

    grid: Grid
    values: np.ndarray  # float32, GRID_SIZE x GRID_SIZE, row 0 north, places per km²
    places: int  # non-empty cells' weights summed: how many places (or how much weight) counted
    maximum: float  # the largest density on the grid (the colour ramp's top)


def compute_density(*, campaign: Campaign, params: KdeParams) -> Density:
    """Return the density surface of the campaign for these parameters (reads the database)."""
    grid = grid_for(extent_3857(campaign), params.sigma)
    cells = binned(campaign=campaign, params=params, grid=grid)
    weights = np.zeros((grid.size, grid.size), dtype=np.float64)
    if cells:
        # One array of the rows, then its columns: faster than a tuple of columns from zip().
        table = np.array(cells, dtype=np.float64)
        ix, iy, w = table[:, 0].astype(np.intp), table[:, 1].astype(np.intp), table[:, 2]
        # Places outside the grid cannot be (they lie in the area, the grid pads it), but a
        # snapped sensitive place near a far edge is better dropped than an IndexError.
        on = (ix >= 0) & (ix < grid.size) & (iy >= 0) & (iy < grid.size)
        weights[iy[on], ix[on]] = w[on]
    return smooth(weights, grid=grid, sigma=params.sigma)


def smooth(weights: np.ndarray, *, grid: Grid, sigma: float) -> Density:
    """Return the density from weights per cell, smoothed by a Gaussian of sigma (EPSG:3857)."""
    # mode="constant": no mass comes back from beyond the edges (the grid pads the area).
    spread = gaussian_filter(weights, sigma / grid.cell, mode="constant", truncate=TRUNCATE)
    values = (spread / grid.cell_area_km2()).astype(np.float32)
    return Density(
        grid=grid,
        values=values,
        places=int(round(weights.sum())),
        maximum=float(values.max()),
    )
