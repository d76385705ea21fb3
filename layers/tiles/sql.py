"""The only place with ST_AsMVT SQL: one parameterised statement per tile.

Identifiers (tables, the geometry column) and the property list come from the layer registry
and are quoted here; every value (zoom, column, row, campaign, grid, limit) is a parameter.
"""

from functools import cache

from django.conf import settings
from django.db import connection
from psycopg import sql as pg

from geo_participation.submissions.models import Status
from layers.registry import Layer

from .coords import Tile

EXTENT = 4096
BUFFER = 64

# Sent in front of every tile statement, in the same round trip. PostgreSQL runs a
# multi-statement query string as one implicit transaction, so SET LOCAL covers exactly the
# tile statement. (Clients that split on ";", such as psql and pgbench, must send it as one
# message: pgbench with "\;". JIT is off for every connection, see settings.DATABASES.)
# - work_mem: the cap's ORDER BY keeps only the first rows in memory (a top-N heap) only if
#   they fit; with the 4 MB default a dense tile spills all its candidates to disk instead.
# - parallel workers: at aggregated zooms every row would pass from the workers through one
#   queue to the grouping, and under concurrent tile requests the CPUs are busy anyway.
PREAMBLE = "SET LOCAL work_mem = '32MB'; SET LOCAL max_parallel_workers_per_gather = 0;\n"

# Rows of the campaign that are published, with the stored Mercator geometry and whether the
# viewer gets them generalised. The && test on the stored column is what the GiST index serves;
# its margin ("reach") is wide enough for every row that could end up in this tile, including
# sensitive places that snapping moves by up to half a grid cell.
ROWS = """rows AS (
    SELECT s.id, s.category_id, s.support_count, s.created_at, s.{geom} AS g,
           s.category_id = ANY(ARRAY(
               SELECT c.id FROM {category} c
               WHERE c.campaign_id = %(campaign)s AND c.sensitive AND NOT %(exact)s
           )) AS generalised
    FROM {table} s
    WHERE s.campaign_id = %(campaign)s AND s.status = %(status)s
      AND s.{geom} && ST_TileEnvelope(%(z)s, %(x)s, %(y)s, margin => %(reach)s)
)"""

# Where a row is shown: sensitive places (for the public) as one point snapped to the grid.
SHOWN = "CASE WHEN generalised THEN ST_SnapToGrid(ST_PointOnSurface(g), %(grid)s) ELSE g END"

# Both statements feed ST_AsMVT in a fixed order, so the same data always gives the same bytes
# (the ETag promises that), whatever join order the planner picks.
#
# High zooms: one feature per submission, clipped by ST_AsMVTGeom. The cheap bbox test against
# the buffered tile comes before the cap, so the cap counts features that can be in the tile.
# The snapped geometry is computed again after the cap rather than carried through the sort:
# PostgreSQL would postpone it past the sort, and then the sort could not keep only the first
# rows (it spills every candidate of a dense tile to disk instead).
EXACT = """
WITH {rows},
f AS (
    SELECT * FROM rows
    WHERE {shown} && ST_TileEnvelope(%(z)s, %(x)s, %(y)s, margin => %(buffer)s)
    ORDER BY id LIMIT %(limit)s
)
SELECT ST_AsMVT(t, %(layer)s, {extent}, 'geom', 'id'), count(*) FROM (
    SELECT f.id AS id, {columns},
           ST_AsMVTGeom({shown}, ST_TileEnvelope(%(z)s, %(x)s, %(y)s), {extent}, {buffer}, true)
               AS geom
    FROM f JOIN {category} k ON k.id = f.category_id
    ORDER BY f.id
) t WHERE t.geom IS NOT NULL
"""

# Low zooms: each submission becomes one point (its generalised point if sensitive, else a
# point on its surface), grouped by the tile's pixel cell on integer cell numbers, one feature
# per cell at the cell centre. No per-row ST_AsMVTGeom: the tile coordinates follow from the
# cell numbers. Cells outside the tile are dropped, so every submission counts in one tile.
AGGREGATED = """
WITH {rows},
placed AS (
    SELECT support_count, category_id,
           CASE WHEN generalised THEN ST_SnapToGrid(ST_PointOnSurface(g), %(grid)s)
                WHEN GeometryType(g) = 'POINT' THEN g
                ELSE ST_PointOnSurface(g) END AS p
    FROM rows
    -- A fence: p is computed once per row, not once inside ST_X and again inside ST_Y.
    OFFSET 0
),
-- A fence too: the in-tile test on cx and cy would otherwise be pushed below the grouping and
-- evaluated on every row.
cells AS MATERIALIZED (
    SELECT floor((ST_X(p) - %(xmin)s) / %(cell)s)::int AS cx,
           floor((%(ymax)s - ST_Y(p)) / %(cell)s)::int AS cy,
           count(*) AS n, sum(support_count) AS support_count,
           min(category_id) AS lo, max(category_id) AS hi
    FROM placed GROUP BY 1, 2
),
f AS (
    SELECT * FROM cells
    WHERE cx >= 0 AND cx < %(cells)s AND cy >= 0 AND cy < %(cells)s
    ORDER BY n DESC, cy, cx LIMIT %(limit)s
)
SELECT ST_AsMVT(t, %(layer)s, {extent}, 'geom', 'id'), count(*) FROM (
    SELECT (%(row0)s::bigint + f.cy) * %(stride)s + %(col0)s + f.cx AS id, {columns},
           ST_Point(f.cx * %(step)s + %(half)s, f.cy * %(step)s + %(half)s) AS geom
    FROM f LEFT JOIN {category} k ON k.id = f.lo AND f.lo = f.hi
    ORDER BY f.n DESC, f.cy, f.cx
) t
"""

# How each property of the registry is computed; a registry field missing here fails loudly.
EXACT_COLUMNS = {
    "id": "f.id",
    "category": "k.key",
    "support_count": "f.support_count",
    "created": "to_char(f.created_at AT TIME ZONE %(tz)s, 'YYYY-MM-DD')",
    "generalised": "f.generalised",
}
CELL_COLUMNS = {
    # A cell shows a category only when all its submissions share it (see the LEFT JOIN).
    "category": "k.key",
    "support_count": "f.support_count",
    "generalised": "true",
    "count": "f.n",
}


@cache
def statement(layer: Layer, *, aggregated: bool) -> str:
    """Return the tile statement of a layer, with its identifiers quoted."""
    template, expressions = (AGGREGATED, CELL_COLUMNS) if aggregated else (EXACT, EXACT_COLUMNS)
    columns = pg.SQL(", ").join(
        pg.SQL("{} AS {}").format(pg.SQL(expressions[name]), pg.Identifier(name))
        for name in layer.field_names(aggregated=aggregated)
    )
    identifiers = {
        "table": pg.Identifier(layer.table),
        "category": pg.Identifier(layer.category_table),
        "geom": pg.Identifier(layer.geom_column),
    }
    rows = pg.SQL(ROWS).format(**identifiers)
    return PREAMBLE + (
        pg.SQL(template)
        .format(
            rows=rows,
            shown=pg.SQL(SHOWN),
            columns=columns,
            extent=pg.Literal(EXTENT),
            buffer=pg.Literal(BUFFER),
            **identifiers,
        )
        .as_string()
    )


def parameters(
    *,
    layer: Layer,
    campaign_id: int,
    tile: Tile,
    exact: bool,
    grid: float,
    aggregated: bool,
    limit: int,
) -> dict:
    """Return the parameters of the tile statement."""
    # ST_TileEnvelope's margin is a fraction of the tile's width. Only the public snaps places.
    reach = (0 if exact else grid / tile.size) + (0 if aggregated else BUFFER / EXTENT)
    params = {
        "campaign": campaign_id,
        "status": Status.APPROVED.value,
        "exact": exact,
        "z": tile.z,
        "x": tile.x,
        "y": tile.y,
        "reach": reach,
        "grid": grid,
        "layer": layer.name,
        "limit": limit,
        "tz": settings.TIME_ZONE,
    }
    if not aggregated:
        return params | {"buffer": BUFFER / EXTENT}
    cells = layer.aggregate_cells
    params |= {"cells": cells, "cell": tile.size / cells, "xmin": tile.xmin, "ymax": tile.ymax}
    # A cell id is its row and column in the whole zoom level's grid, so it is stable across
    # requests and tiles.
    params |= {"col0": tile.x * cells, "row0": tile.y * cells, "stride": (1 << tile.z) * cells}
    step = EXTENT // cells
    return params | {"step": step, "half": step // 2}


def tile_query(**kwargs) -> tuple[str, dict]:
    """Return the statement (PREAMBLE included) and parameters of one tile; see parameters()."""
    return statement(kwargs["layer"], aggregated=kwargs["aggregated"]), parameters(**kwargs)


def fetch_tile(**kwargs) -> tuple[bytes, int]:
    """Return the MVT bytes of one tile and its number of features; see parameters()."""
    query, params = tile_query(**kwargs)
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        while cursor.description is None:  # past the PREAMBLE's SETs to the tile
            cursor.nextset()
        data, count = cursor.fetchone()
    return (bytes(data) if data is not None else b""), count
