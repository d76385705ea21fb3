"""PostgreSQL and PostGIS functions the feature encoding needs and Django lacks."""

from django.contrib.gis.db.models.functions import GeomOutputGeoFunc
from django.db.models import Func, TextField, Value


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
