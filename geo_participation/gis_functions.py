"""PostgreSQL and PostGIS functions Django lacks, as small Func subclasses."""

from django.db.models import CharField, Func, IntegerField


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
