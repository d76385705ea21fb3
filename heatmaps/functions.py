"""PostGIS functions Django lacks, as small Func subclasses."""

from django.contrib.gis.db.models import GeometryField
from django.db.models import Func


class ForcePolygonCCW(Func):
    """ST_ForcePolygonCCW(geom): exterior rings counter-clockwise, as RFC 7946 asks."""

    function = "ST_ForcePolygonCCW"
    output_field = GeometryField()
