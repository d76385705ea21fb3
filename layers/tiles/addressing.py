"""Tile addresses (XYZ, Web Mercator): z/x/y from a request, and where the tile lies in EPSG:3857.

Shared by every tile endpoint (vector tiles of each registered layer, density PNG tiles), so all
accept and refuse the same addresses.
"""

import re
from dataclasses import dataclass

from django.conf import settings

# Half the width of the Web Mercator square, in EPSG:3857 metres (pi times the WGS 84 radius).
HALF_WORLD = 20037508.342789244
# Longer than any valid coordinate at zoom <= 30; longer strings are refused before int().
MAX_DIGITS = 10
INTEGER = re.compile(r"-?[0-9]+")


class BadTile(ValueError):
    """A z/x/y that names no tile; the message says which part is wrong."""


@dataclass(frozen=True)
class Tile:
    """A tile address: zoom, column and row, counted from the north-west corner."""

    z: int
    x: int
    y: int

    @property
    def size(self) -> float:
        """Return the tile's width (and height) in EPSG:3857 units."""
        return 2 * HALF_WORLD / (1 << self.z)

    @property
    def xmin(self) -> float:
        """Return the western edge in EPSG:3857 (as ST_TileEnvelope computes it)."""
        return -HALF_WORLD + self.x * self.size

    @property
    def ymax(self) -> float:
        """Return the northern edge in EPSG:3857; tile rows count from the north."""
        return HALF_WORLD - self.y * self.size

    def __str__(self):
        return f"{self.z}/{self.x}/{self.y}"


def _integer(name: str, raw: str) -> int:
    # Only ASCII digits: int() would also take "+1", " 1", "1_0" and other scripts' digits.
    if len(raw) > MAX_DIGITS or not INTEGER.fullmatch(raw):
        raise BadTile(f"{name} must be a non-negative integer, not {raw[:20]!r}.")
    value = int(raw)
    if value < 0:
        raise BadTile(f"{name} must not be negative, got {value}.")
    return value


def parse_tile(z: str, x: str, y: str) -> Tile:
    """Return the Tile for the URL parts z/x/y, or raise BadTile naming the problem."""
    zoom = _integer("z", z)
    if zoom > settings.GP_TILE_MAX_ZOOM:
        raise BadTile(f"z must be at most {settings.GP_TILE_MAX_ZOOM}, got {zoom}.")
    column, row = _integer("x", x), _integer("y", y)
    limit = 1 << zoom
    for name, value in (("x", column), ("y", row)):
        if value >= limit:
            raise BadTile(f"{name} must be below 2^z = {limit} at zoom {zoom}, got {value}.")
    return Tile(zoom, column, row)
