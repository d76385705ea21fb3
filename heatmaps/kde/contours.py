"""Density contours: the areas where the density reaches given levels, as GeoJSON polygons.

Each level's polygon is the whole area at or above it (not a band between two levels), so a
higher level always lies inside a lower one. Traced by contourpy (matplotlib's contouring
library) over the cell centres, with linear interpolation along cell edges, then turned into
valid shapely polygons and projected to WGS 84 longitude/latitude (RFC 7946).
"""

import math

import contourpy
import numpy as np
import shapely

from ..filters import bad
from .density import Density
from .grid import mercator_latitude, mercator_longitude
from .ramp import LEGEND_STEPS

MAX_LEVELS = 20
# RFC 7946 suggests no more precision than needed: 1e-7 degrees is about a centimetre.
PRECISION = 1e-7
# Without levels: the legend's steps above the floor (20 %, 40 %, ... of the maximum).
DEFAULT_FRACTIONS = LEGEND_STEPS[1:-1]


def parse_levels(raw: str | None, maximum: float) -> list[float]:
    """Return the contour levels (places per km²) from 'a,b,c', or the defaults for the grid."""
    if raw is None:
        return [f * maximum for f in DEFAULT_FRACTIONS] if maximum > 0 else []
    try:
        levels = [float(part) for part in raw.split(",")]
    except ValueError:
        raise bad("levels", f"must be numbers separated by commas, not {raw[:40]!r}.") from None
    if not 1 <= len(levels) <= MAX_LEVELS:
        raise bad("levels", f"must list 1 to {MAX_LEVELS} numbers.")
    if not all(math.isfinite(v) and v > 0 for v in levels):
        raise bad("levels", "must be positive finite densities (places per km²).")
    if any(b <= a for a, b in zip(levels, levels[1:], strict=False)):
        raise bad("levels", "must be strictly increasing.")
    return levels


def contour_features(density: Density, levels: list[float]) -> list[dict]:
    """Return one GeoJSON Feature (a MultiPolygon, maybe empty) per level, lowest first."""
    grid = density.grid
    centres = (np.arange(grid.size) + 0.5) * grid.cell
    x = grid.xmin + centres
    # contourpy wants y increasing with the row index: flip the north-up grid.
    y = grid.ymax - centres[::-1]
    z = np.asarray(density.values[::-1], dtype=np.float64)
    generator = contourpy.contour_generator(
        x, y, z, name="serial", fill_type=contourpy.FillType.OuterOffset
    )
    top = max(float(z.max()), max(levels, default=0.0)) + 1.0
    features = []
    for level in levels:
        polygons = _polygons(*generator.filled(level, top))
        features.append(
            {
                "type": "Feature",
                "properties": {"level": level, "unit": "places per km²"},
                "geometry": shapely.geometry.mapping(polygons),
            }
        )
    return features


def _polygons(points: list, offsets: list) -> shapely.MultiPolygon:
    """Return the filled contour pieces as one valid MultiPolygon in WGS 84."""
    pieces = []
    for xy, starts in zip(points, offsets, strict=True):
        rings = [xy[a:b] for a, b in zip(starts[:-1], starts[1:], strict=True)]
        pieces.append(shapely.Polygon(rings[0], rings[1:]))
    merged = shapely.MultiPolygon(pieces) if pieces else shapely.MultiPolygon()
    lonlat = shapely.transform(merged, _to_lonlat)
    # Rounding to PRECISION keeps the geometry valid (set_precision repairs what it collapses),
    # and make_valid catches rings that touch at a saddle of the surface.
    cleaned = shapely.make_valid(shapely.set_precision(lonlat, PRECISION))
    polygons = [g for g in _parts(cleaned) if isinstance(g, shapely.Polygon) and not g.is_empty]
    # RFC 7946: exterior rings counterclockwise, holes clockwise.
    oriented = [shapely.geometry.polygon.orient(p, 1.0) for p in polygons]
    return shapely.MultiPolygon(oriented)


def _parts(geometry):
    if hasattr(geometry, "geoms"):
        for part in geometry.geoms:
            yield from _parts(part)
    else:
        yield geometry


def _to_lonlat(xy: np.ndarray) -> np.ndarray:
    return np.column_stack([mercator_longitude(xy[:, 0]), mercator_latitude(xy[:, 1])])
