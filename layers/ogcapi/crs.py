"""The coordinate reference systems served (OGC API - Features Part 2) and bbox conversion."""

import math
from dataclasses import dataclass

from django.contrib.gis.db.models.functions import Transform
from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, LinearRing, Polygon
from django.db.models import F

from geo_participation.gis_functions import FlipCoordinates

from .errors import InvalidParameter


@dataclass(frozen=True)
class Crs:
    """A CRS the API accepts for output and bbox: its URI, EPSG code and axis order."""

    uri: str
    srid: int
    # EPSG:4326 is defined latitude first; CRS84 and UTM are east first. GeoJSON output and
    # bbox values follow the CRS's own axis order, as Part 2 requires.
    lat_first: bool
    # Decimal digits in the output: 7 for degrees (about 1 cm), 2 for metres (1 cm).
    precision: int

    @property
    def geographic(self) -> bool:
        """Return whether coordinates are WGS 84 degrees (in either axis order)."""
        return self.srid == 4326

    def output_geometry(self, field: str):
        """Return the expression of a stored EPSG:4326 geometry in this CRS and axis order."""
        if not self.geographic:
            return Transform(field, self.srid)
        if self.lat_first:
            return FlipCoordinates(field)
        return F(field)


CRS84 = Crs("http://www.opengis.net/def/crs/OGC/1.3/CRS84", 4326, lat_first=False, precision=7)
EPSG_4326 = Crs("http://www.opengis.net/def/crs/EPSG/0/4326", 4326, lat_first=True, precision=7)
EPSG_25832 = Crs("http://www.opengis.net/def/crs/EPSG/0/25832", 25832, lat_first=False, precision=2)

SUPPORTED = {crs.uri: crs for crs in (CRS84, EPSG_4326, EPSG_25832)}
STORAGE = CRS84

# A projected bbox edge is curved in longitude/latitude: enough vertices per edge keep the
# transformed outline within millimetres of the true one at city scale.
EDGE_VERTICES = 64
# Projected coordinates beyond this many metres are not on Earth for these CRSs.
PROJECTED_LIMIT = 1e8


def crs_from_param(raw: str | None, *, name: str) -> Crs:
    """Return the CRS named by a `crs`/`bbox-crs` value (default CRS84), or refuse it."""
    if raw is None:
        return CRS84
    try:
        return SUPPORTED[raw]
    except KeyError:
        raise InvalidParameter(
            f"Unsupported {name} {raw!r}; supported: {', '.join(SUPPORTED)}."
        ) from None


def bbox_polygon(values: list[float], crs: Crs) -> Polygon:
    """Return the bbox (minx,miny,maxx,maxy in the CRS's axis order) as an EPSG:4326 polygon."""
    if crs.lat_first:
        miny, minx, maxy, maxx = values
    else:
        minx, miny, maxx, maxy = values
    if not (minx < maxx and miny < maxy):
        raise InvalidParameter("bbox must have its lower corner below and left of its upper one.")
    if crs.geographic:
        if not (-180 <= minx and maxx <= 180 and -90 <= miny and maxy <= 90):
            raise InvalidParameter("bbox must lie within longitude -180..180, latitude -90..90.")
        box = Polygon.from_bbox((minx, miny, maxx, maxy))
        box.srid = 4326
        return box
    if max(abs(v) for v in values) > PROJECTED_LIMIT:
        raise InvalidParameter(f"bbox coordinates in EPSG:{crs.srid} are out of range.")
    return _projected_box(minx, miny, maxx, maxy, crs.srid)


def _projected_box(minx, miny, maxx, maxy, srid) -> Polygon:
    ring = _densified_ring(minx, miny, maxx, maxy)
    box = Polygon(LinearRing(ring), srid=srid)
    try:
        box.transform(4326)
    except (GDALException, GEOSException):
        raise InvalidParameter(f"bbox cannot be transformed from EPSG:{srid}.") from None
    if not all(math.isfinite(v) for v in box.extent) or not box.valid:
        raise InvalidParameter(f"bbox cannot be transformed from EPSG:{srid}.")
    return box


def _densified_ring(minx, miny, maxx, maxy):
    corners = [(minx, miny), (maxx, miny), (maxx, maxy), (minx, maxy), (minx, miny)]
    ring = []
    for (x0, y0), (x1, y1) in zip(corners, corners[1:], strict=False):
        for i in range(EDGE_VERTICES):
            t = i / EDGE_VERTICES
            ring.append((x0 + (x1 - x0) * t, y0 + (y1 - y0) * t))
    ring.append(corners[0])
    return ring
