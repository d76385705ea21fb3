"""Reading a layer's rows in chunks from a server-side cursor, as GeoJSON text or file rows.

PostgreSQL does the per-row work (transforming, encoding geometries, flattening answers), and
rows arrive in chunks of CHUNK_ROWS through a server-side cursor, so memory stays flat however
many rows a campaign has.
"""

from collections.abc import Iterator
from itertools import islice

from django.contrib.gis.db.models.functions import AsGeoJSON, AsWKB, Transform
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import Func, TextField
from django.db.models.functions import Cast

from geo_participation.gis_functions import JSONBuildObject

from .columns import DATETIME, EpochSeconds
from .formats import WGS84
from .sources import Rows

CHUNK_ROWS = 20_000
# Seven decimals of a degree are about a centimetre.
GEOJSON_PRECISION = 7


class FeatureText(Func):
    """A GeoJSON Feature as text, joined from its geometry's and its properties' JSON texts."""

    # Plain concatenation: json_build_object would parse ST_AsGeoJSON's text back into JSON and
    # serialise it again, which made the whole statement three times slower.
    template = """('{"type":"Feature","geometry":' || %(expressions)s || '}')"""
    arg_joiner = """ || ',"properties":' || """
    output_field = TextField()


def feature_texts(rows: Rows) -> Iterator[list[str]]:
    """Yield lists of GeoJSON Feature texts (RFC 7946, WGS 84), CHUNK_ROWS at a time."""
    properties = JSONBuildObject(
        **{c.name: e for c, e in zip(rows.columns, rows.expressions, strict=True)}
    )
    feature = FeatureText(
        AsGeoJSON("export_geom", precision=GEOJSON_PRECISION), Cast(properties, TextField())
    )
    yield from _chunks(rows.queryset.values_list(feature, flat=True))


def file_rows(rows: Rows, *, srid: int) -> Iterator[list[tuple]]:
    """Yield lists of (WKB geometry in srid, column values...) tuples, CHUNK_ROWS at a time."""
    geometry = "export_geom" if srid == WGS84 else Transform("export_geom", srid)
    values = [
        # Seconds since 1970 become datetimes in one vectorised step, not one object per row.
        EpochSeconds(expression) if column.kind == DATETIME else expression
        for column, expression in zip(rows.columns, rows.expressions, strict=True)
    ]
    query = rows.queryset.values_list(AsWKB(geometry), *values).query
    # The plain cursor, not the queryset's iterator: every value is already what the writers
    # want (bytes, numbers, text), and Django's per-value converters would cost more than
    # the rest of reading put together.
    try:
        sql, params = query.sql_with_params()
    except EmptyResultSet:
        # Django refuses to write SQL that can match nothing (a campaign without categories
        # filters on category IN ()); no rows, and the writers still make a file with fields.
        return
    with transaction.atomic(), connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(CHUNK_ROWS):
            yield chunk


def _chunks(queryset) -> Iterator[list]:
    # Inside a transaction the server-side cursor is declared WITHOUT HOLD, so PostgreSQL
    # sends rows as it finds them; in autocommit it would first materialise the whole result.
    # Callers close the iterator when they stop early (contextlib.closing; Django closes a
    # streamed response's), which ends the transaction at once, not at garbage collection.
    with transaction.atomic():
        rows = queryset.iterator(chunk_size=CHUNK_ROWS)
        while chunk := list(islice(rows, CHUNK_ROWS)):
            yield chunk
