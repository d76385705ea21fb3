"""PostgreSQL and PostGIS functions Django lacks, as small Func subclasses: the only module of them.

Intake, aggregation and delivery all import their database functions from here.
"""

from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.db.models.functions import GeomOutputGeoFunc
from django.db.models import (
    BigIntegerField,
    BooleanField,
    CharField,
    Func,
    IntegerField,
    TextField,
    Value,
)


class GeometryType(Func):
    """ST_GeometryType(geom), for example 'ST_Point'."""

    function = "ST_GeometryType"
    output_field = CharField()


class NDims(Func):
    """ST_NDims(geom): 2 for XY, 3 for XYZ or XYM, 4 for XYZM."""

    function = "ST_NDims"
    output_field = IntegerField()


class JSONBTypeOf(Func):
    """jsonb_typeof(value): 'object', 'array', 'string', ..."""

    function = "jsonb_typeof"
    output_field = CharField()


class PublicGeom(Func):
    """gp_public_geom(geom, generalised, grid): where a published place is shown.

    The public-position rule lives in one SQL function (migration submissions 0003); this is
    its only ORM spelling. With generalised true the place is one point snapped to the grid.
    """

    function = "gp_public_geom"
    output_field = GeometryField(srid=3857)


class ForcePolygonCCW(GeomOutputGeoFunc):
    """ST_ForcePolygonCCW(geom): exterior rings counter-clockwise, as RFC 7946 asks."""

    function = "ST_ForcePolygonCCW"


class FlipCoordinates(GeomOutputGeoFunc):
    """ST_FlipCoordinates(geom): swap x and y, for CRSs whose first axis is latitude."""

    function = "ST_FlipCoordinates"


class JSONFragment(Func):
    """(text)::json: embed already encoded JSON text, such as ST_AsGeoJSON's, as JSON."""

    template = "(%(expressions)s)::json"
    output_field = TextField()


class JSONBuildObject(Func):
    """json_build_object(key, value, ...) from keyword arguments, keeping their order."""

    # json, not Django's JSONObject (jsonb): jsonb sorts the keys and costs more to build.
    function = "json_build_object"
    output_field = TextField()

    def __init__(self, **fields):
        pairs = []
        for key, value in fields.items():
            pairs.extend((Value(key), value))
        super().__init__(*pairs)


class PlaceNearest(Func):
    """gp_place_nearest(geom): id of the nearest named street or address (150 m at most), or NULL.

    The rule lives in one SQL function (migration places 0001); the reverse lookup and every
    submission's `near` call it.
    """

    function = "gp_place_nearest"
    output_field = BigIntegerField()


class LineInterpolatePoint(GeomOutputGeoFunc):
    """ST_LineInterpolatePoint(line, fraction): the point that far along the line (0.5: middle)."""

    function = "ST_LineInterpolatePoint"
    geom_param_pos = (0,)


class Geography(Func):
    """(geom)::geography, for distances in metres on lon/lat geometries."""

    template = "(%(expressions)s)::geography"
    output_field = GeometryField(geography=True, srid=4326)


class DWithinMetres(Func):
    """ST_DWithin(a::geography, b::geography, metres): within that many metres on the spheroid."""

    template = "ST_DWithin(%(expressions)s)"
    output_field = BooleanField()

    def __init__(self, a, b, metres):
        super().__init__(Geography(a), Geography(b), metres)
