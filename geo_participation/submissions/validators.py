"""Intake checks for a submitted GeoJSON Feature, each naming the problem it finds.

Geometry is read from GeoJSON objects only: WKT, EWKT and hex strings, which GeoDjango would
happily parse, are refused, and so is a `crs` member (RFC 7946 has none; coordinates are
longitude, latitude in WGS 84). Z and M values are refused rather than silently dropped, and
invalid geometry is refused with GEOS's reason rather than repaired.
"""

import math
from numbers import Real

from django.conf import settings
from django.contrib.gis.geos import GEOSException, LineString, Point, Polygon
from django.utils.translation import gettext as _

from geo_participation.errors import Rejected

# Depth of coordinate nesting for each type: a position, a list of positions, a list of rings.
_DEPTH = {"Point": 0, "LineString": 1, "Polygon": 2}
_MIN_POSITIONS = {"LineString": 2}


def feature_parts(body, *, geometry_required: bool = True):
    """Return (geometry, properties) of a GeoJSON Feature, refusing anything else.

    With geometry_required false (a rating), a missing or null geometry comes back as None.
    """
    if not isinstance(body, dict):
        raise Rejected(_("Body must be a GeoJSON Feature object."), code="not_a_feature")
    if body.get("type") != "Feature":
        raise Rejected(
            _("Body must be a GeoJSON Feature, not type %(type)r.") % {"type": body.get("type")},
            code="not_a_feature",
        )
    if "crs" in body:
        raise _crs_refused()
    properties = body.get("properties")
    if properties is None:
        properties = {}
    if not isinstance(properties, dict):
        raise Rejected(_("Feature properties must be an object."), code="invalid_properties")
    if body.get("geometry") is None and geometry_required:
        raise Rejected(_("Feature has no geometry."), code="missing_geometry")
    return body.get("geometry"), properties


def _crs_refused():
    return Rejected(
        _("A 'crs' member is not accepted: send RFC 7946 GeoJSON in WGS 84 (longitude, latitude)."),
        code="crs_not_supported",
    )


def parse_geometry(geometry, *, expected_type):
    """Return a GEOS geometry (SRID 4326) from a GeoJSON geometry object of the expected type."""
    if isinstance(geometry, str):
        raise Rejected(
            _("Geometry must be a GeoJSON object; WKT, EWKT and hex strings are not accepted."),
            code="geometry_not_geojson",
        )
    if not isinstance(geometry, dict):
        raise Rejected(
            _("Geometry must be a GeoJSON geometry object."), code="geometry_not_geojson"
        )
    if "crs" in geometry:
        raise _crs_refused()
    gtype = geometry.get("type")
    if gtype == "GeometryCollection":
        raise Rejected(_("GeometryCollections are not accepted."), code="geometry_type")
    if gtype != expected_type:
        raise Rejected(
            _("This category takes a %(expected)s, not a %(given)s.")
            % {"expected": expected_type, "given": gtype},
            code="geometry_type",
            expected=expected_type,
        )
    coordinates = geometry.get("coordinates")
    positions = _positions(coordinates, _DEPTH[gtype], gtype)
    _check_counts(gtype, coordinates, positions)
    return _to_geos(gtype, coordinates)


def _positions(coordinates, depth, gtype):
    """Return the flat list of positions, checking nesting, numbers and ranges."""
    if depth == 0:
        _check_position(coordinates)
        return [coordinates]
    if not isinstance(coordinates, list) or not coordinates:
        raise Rejected(
            _("%(type)s coordinates are empty or not an array.") % {"type": gtype},
            code="empty_geometry",
        )
    flat = []
    for item in coordinates:
        flat.extend(_positions(item, depth - 1, gtype))
    return flat


def _check_position(position):
    if not isinstance(position, list) or not position:
        raise Rejected(
            _("A position must be an array [longitude, latitude]."), code="empty_geometry"
        )
    if len(position) != 2:
        raise Rejected(
            _(
                "Positions must have exactly 2 values (longitude, latitude); got %(count)d. "
                "Z and M coordinates are not accepted."
            )
            % {"count": len(position)},
            code="dimensions",
        )
    if not all(isinstance(v, Real) and not isinstance(v, bool) for v in position):
        raise Rejected(_("Coordinates must be numbers."), code="coordinates_not_numbers")
    lon, lat = position
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise Rejected(_("Coordinates must be finite numbers."), code="coordinates_not_finite")
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise Rejected(
            _(
                "Coordinate [%(lon)s, %(lat)s] is out of range: "
                "longitude -180..180, latitude -90..90."
            )
            % {"lon": lon, "lat": lat},
            code="coordinates_out_of_range",
        )


def _check_at_most(count: int, limit: int, message: str, code: str) -> None:
    # The refusal names the count and the limit, and carries the limit for clients.
    if count > limit:
        raise Rejected(message % {"count": count, "limit": limit}, code=code, limit=limit)


def _check_counts(gtype, coordinates, positions):
    _check_at_most(
        len(positions),
        settings.GP_MAX_VERTICES,
        _("Geometry has %(count)d vertices; at most %(limit)d are accepted."),
        "too_many_vertices",
    )
    if len(positions) < _MIN_POSITIONS.get(gtype, 1):
        raise Rejected(_("A LineString needs at least 2 positions."), code="invalid_geometry")
    if gtype == "Polygon":
        for index, ring in enumerate(coordinates):
            if len(ring) < 4:
                raise Rejected(
                    _("Polygon ring %(index)d has %(count)d positions; a ring needs at least 4.")
                    % {"index": index, "count": len(ring)},
                    code="invalid_geometry",
                )
            if ring[0] != ring[-1]:
                raise Rejected(
                    _("Polygon ring %(index)d is not closed: its first and last positions differ.")
                    % {"index": index},
                    code="invalid_geometry",
                )


def _to_geos(gtype, coordinates):
    # Built from the checked coordinates with GEOS directly: GDAL's GeoJSON reader is never
    # handed client input, so no member of the client's object can steer it.
    try:
        if gtype == "Point":
            geom = Point(*coordinates, srid=4326)
        elif gtype == "LineString":
            geom = LineString(coordinates, srid=4326)
        else:
            geom = Polygon(*coordinates, srid=4326)
    except (GEOSException, TypeError, ValueError) as exc:
        raise Rejected(
            _("Geometry could not be read: %(error)s") % {"error": exc}, code="invalid_geometry"
        ) from exc
    if geom.empty:
        raise Rejected(_("Geometry is empty."), code="empty_geometry")
    if not geom.valid:
        raise Rejected(
            _("Geometry is not valid: %(reason)s.") % {"reason": geom.valid_reason},
            code="invalid_geometry",
            reason=geom.valid_reason,
        )
    return geom


def check_inside_area(geom, campaign):
    """Refuse a geometry that is not wholly inside the campaign's area."""
    area = campaign.area
    if area.prepared.covers(geom):
        return
    hint = ""
    if geom.geom_type == "Point":
        swapped = Point(geom.y, geom.x, srid=4326)
        if area.prepared.covers(swapped):
            hint = " " + _(
                "It would be inside with longitude and latitude swapped: GeoJSON is [lon, lat]."
            )
    raise Rejected(
        _("Geometry is outside the area of campaign %(slug)r.") % {"slug": campaign.slug} + hint,
        code="outside_area",
    )


def check_comment(comment):
    """Return the comment as stripped text, refusing non-text and over-long comments."""
    if comment is None:
        return ""
    if not isinstance(comment, str):
        raise Rejected(_("comment must be text."), code="invalid_comment")
    _check_at_most(
        len(comment),
        settings.GP_MAX_COMMENT_LENGTH,
        _("comment is %(count)d characters; at most %(limit)d are accepted."),
        "comment_too_long",
    )
    return comment.strip()
