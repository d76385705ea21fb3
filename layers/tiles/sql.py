"""The only place with ST_AsMVT SQL: one parameterised statement per tile, for every layer kind.

Identifiers (tables, the geometry column) and the property list come from the layer registry
and are quoted here; every value (zoom, column, row, campaign, run, grid, k, limit) is a
parameter. Kinds: "submissions" (EXACT and AGGREGATED), "grid_cells" (GRID_CELLS) and
"sections" (SECTIONS).
"""

from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router
from psycopg import sql as pg

from geo_participation.submissions.models import (
    TILE_CELL_LEVEL,
    TILE_CELL_LEVELS,
    Status,
    Submission,
)
from layers.registry import Layer

from .addressing import Tile

EXTENT = 4096
BUFFER = 64
NEVER_DENSE = 2**62  # a density limit no tile reaches

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
    SELECT s.id, s.category_id, s.support_count, s.created_at, s.public_status, s.{geom} AS g,
           s.category_id = ANY(ARRAY(
               SELECT c.id FROM {category} c
               WHERE c.campaign_id = %(campaign)s AND c.sensitive AND NOT %(exact)s
           )) AS generalised
    FROM {table} s
    WHERE s.campaign_id = %(campaign)s AND s.status = %(status)s
      AND s.{geom} && ST_TileEnvelope(%(z)s, %(x)s, %(y)s, margin => %(reach)s)
)"""

# Where a row is shown: the public-position rule (sensitive places, for the public, generalised).
SHOWN = "gp_public_geom(g, generalised, %(grid)s)"

# Both statements feed ST_AsMVT in a fixed order, so the same data always gives the same bytes
# (the ETag promises that), whatever join order the planner picks.
#
# High zooms: one feature per submission, clipped by ST_AsMVTGeom. A tile with more
# published places than the feature cap (counted from the base tile cells, a cheap index-only
# sum) reads no rows at all and says so in its third column: the caller answers it aggregated
# instead of showing an arbitrary subset. The cheap bbox test against the buffered tile comes
# before the cap, so the cap counts features that can be in the tile (the buffer's few extra
# places are cut in id order). The snapped geometry is computed again after the cap rather
# than carried through the sort: PostgreSQL would postpone it past the sort, and then the sort
# could not keep only the first rows (it spills every candidate of a dense tile to disk).
EXACT = """
WITH dense AS (
    SELECT coalesce(sum(c.count), 0) > %(dense_limit)s AS over
    FROM {cells} c
    WHERE c.campaign_id = %(campaign)s AND c.exact = %(exact)s AND c.level = %(level)s
      AND c.cx >= %(base_x0)s AND c.cx < %(base_x1)s
      AND c.cy >= %(base_y0)s AND c.cy < %(base_y1)s
),
{rows},
f AS (
    SELECT * FROM rows
    WHERE NOT (SELECT over FROM dense)
      AND {shown} && ST_TileEnvelope(%(z)s, %(x)s, %(y)s, margin => %(buffer)s)
    ORDER BY id LIMIT %(limit)s
)
SELECT ST_AsMVT(t, %(layer)s, {extent}, 'geom', 'id'), count(*), (SELECT over FROM dense) FROM (
    SELECT f.id AS id, {columns},
           ST_AsMVTGeom({shown}, ST_TileEnvelope(%(z)s, %(x)s, %(y)s), {extent}, {buffer}, true)
               AS geom
    FROM f JOIN {category} k ON k.id = f.category_id
    ORDER BY f.id
) t WHERE t.geom IS NOT NULL
"""

# Low zooms: one feature per pixel cell of the tile, at the cell centre, from the tile cells
# that triggers keep (geo_participation.submissions.models.TileCell): each cell of the tile is
# an exact union of stored cells of the finest level not coarser than it (at most 4 x 4 of
# them), found by a shift of their integer numbers. The stored cells already hold
# each submission at its point on surface, sensitive ones snapped for the public, so this is
# the same as grouping the submissions themselves, without reading them. The range on cx and cy
# is what the covering index serves; no per-row ST_AsMVTGeom, the tile coordinates follow
# from the cell numbers.
AGGREGATED = """
WITH cells AS MATERIALIZED (
    SELECT (c.cx >> %(shift)s) - %(col0)s AS cx, (c.cy >> %(shift)s) - %(row0)s AS cy,
           sum(c.count) AS n, sum(c.support_sum) AS support_count,
           -- A category key only when all the cell's submissions share it (keys are unique
           -- within a campaign).
           CASE WHEN min(k.key) = max(k.key) THEN min(k.key) END AS category
    FROM {cells} c JOIN {category} k ON k.id = c.category_id
    WHERE c.campaign_id = %(campaign)s AND c.exact = %(exact)s AND c.level = %(level)s
      AND c.cx >= %(base_x0)s AND c.cx < %(base_x1)s
      AND c.cy >= %(base_y0)s AND c.cy < %(base_y1)s
    GROUP BY 1, 2
),
f AS (
    SELECT * FROM cells
    ORDER BY n DESC, cy, cx LIMIT %(limit)s
)
SELECT ST_AsMVT(t, %(layer)s, {extent}, 'geom', 'id'), count(*), false FROM (
    SELECT (%(row0)s::bigint + f.cy) * %(stride)s + %(col0)s + f.cx AS id, {columns},
           ST_Point(f.cx * %(step)s + %(half)s, f.cy * %(step)s + %(half)s) AS geom
    FROM f
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
    "public_status": "f.public_status",
}
CELL_COLUMNS = {
    "category": "f.category",
    "support_count": "f.support_count",
    "generalised": "true",
    "count": "f.n",
}

# The cells of a stored grid run (heatmaps), for layers of kind "grid_cells": cells of at least
# k contributors, clipped to the tile and its buffer. A category's count is a property only
# where at least k people make it (jsonb keys become MVT properties, named prefix + key).
# Ordered by id, so the same run gives the same bytes.
GRID_CELLS = """
SELECT ST_AsMVT(t, %(layer)s, {extent}, 'geom', 'id') FROM (
    SELECT {columns},
           (SELECT jsonb_object_agg(%(prefix)s || n.key, n.value)
            FROM jsonb_each(c.counts) n
            WHERE coalesce((c.category_contributors ->> n.key)::int, 0) >= %(k)s
           ) AS categories,
           ST_AsMVTGeom(c.{geom}, ST_TileEnvelope(%(z)s, %(x)s, %(y)s), {extent}, {buffer}, true)
               AS geom
    FROM {table} c
    WHERE c.run_id = %(run)s AND c.contributors >= %(k)s
      AND c.{geom} && ST_TileEnvelope(%(z)s, %(x)s, %(y)s, margin => %(buffer)s)
    ORDER BY c.id
) t
"""
GRID_COLUMNS = {
    "id": "c.id",
    "cell_i": "c.cell_i",
    "cell_j": "c.cell_j",
    "count": "c.total",
    "contributors": "c.contributors",
    "support_sum": "c.support_sum",
}


# The sections of a campaign's reference layers, for layers of kind "sections": their numbers
# come computed and k-suppressed from heatmaps (the one home of that rule) as parallel arrays,
# so this statement only clips the geometries; a NULL number is no property at all.
SECTIONS = """
SELECT ST_AsMVT(t, %(layer)s, {extent}, 'geom', 'id') FROM (
    SELECT {columns},
           ST_AsMVTGeom(f.{geom}, ST_TileEnvelope(%(z)s, %(x)s, %(y)s), {extent}, {buffer}, true)
               AS geom
    FROM {table} f
    JOIN unnest(%(ids)s::integer[], %(names)s::text[], %(ratings)s::integer[],
                %(contributors)s::integer[], %(means)s::float8[], %(supports)s::integer[])
        AS n(id, name, ratings, contributors, mean, support_sum) ON n.id = f.id
    WHERE f.campaign_id = %(campaign)s
      AND f.{geom} && ST_TileEnvelope(%(z)s, %(x)s, %(y)s, margin => %(buffer)s)
    ORDER BY f.id
) t WHERE t.geom IS NOT NULL
"""
SECTION_COLUMNS = {
    "id": "f.id",
    "name": "n.name",
    "layer": "f.layer_id",
    "ratings": "n.ratings",
    "contributors": "n.contributors",
    "mean": "n.mean",
    "support_sum": "n.support_sum",
}
# The arrays SECTIONS takes, by the numbers' column names.
SECTION_ARRAYS = {
    "ids": "id",
    "names": "name",
    "ratings": "ratings",
    "contributors": "contributors",
    "means": "mean",
    "supports": "support_sum",
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
        "cells": pg.Identifier(layer.cell_table),
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


@cache
def grid_statement(layer: Layer) -> str:
    """Return the tile statement of a "grid_cells" layer, with its identifiers quoted."""
    columns = pg.SQL(", ").join(
        pg.SQL("{} AS {}").format(pg.SQL(GRID_COLUMNS[name]), pg.Identifier(name))
        for name in layer.fields
    )
    return (
        pg.SQL(GRID_CELLS)
        .format(
            columns=columns,
            table=pg.Identifier(layer.table),
            geom=pg.Identifier(layer.geom_column),
            extent=pg.Literal(EXTENT),
            buffer=pg.Literal(BUFFER),
        )
        .as_string()
    )


@cache
def section_statement(layer: Layer) -> str:
    """Return the tile statement of a "sections" layer, with its identifiers quoted."""
    columns = pg.SQL(", ").join(
        pg.SQL("{} AS {}").format(pg.SQL(SECTION_COLUMNS[name]), pg.Identifier(name))
        for name in layer.fields
    )
    return (
        pg.SQL(SECTIONS)
        .format(
            columns=columns,
            table=pg.Identifier(layer.table),
            geom=pg.Identifier(layer.geom_column),
            extent=pg.Literal(EXTENT),
            buffer=pg.Literal(BUFFER),
        )
        .as_string()
    )


# Every statement a layer's tiles may run, by kind: their text is part of the tiles' revision.
STATEMENTS = {
    "submissions": lambda layer: tuple(statement(layer, aggregated=f) for f in (False, True)),
    "grid_cells": lambda layer: (grid_statement(layer),),
    "sections": lambda layer: (section_statement(layer),),
}


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
    params = {
        "campaign": campaign_id,
        "exact": exact,
        "layer": layer.name,
        "limit": limit,
    }
    if not aggregated:
        # ST_TileEnvelope's margin is a fraction of the tile's width. Only the public snaps
        # places.
        reach = (0 if exact else grid / tile.size) + BUFFER / EXTENT
        # The base cells under the tile, for the density test; past the base grid's zoom a
        # tile lies inside one base cell, never aggregated (nothing finer to aggregate to).
        depth = TILE_CELL_LEVEL - tile.z
        if depth >= 0:
            x0, y0 = tile.x << depth, tile.y << depth
            x1, y1 = tile.x + 1 << depth, tile.y + 1 << depth
        else:
            x0, y0 = tile.x >> -depth, tile.y >> -depth
            x1, y1 = x0 + 1, y0 + 1
        return params | {
            "status": Status.APPROVED.value,
            "z": tile.z,
            "x": tile.x,
            "y": tile.y,
            "reach": reach,
            "grid": grid,
            "buffer": BUFFER / EXTENT,
            "tz": settings.TIME_ZONE,
            "level": TILE_CELL_LEVEL,
            "dense_limit": limit if depth >= 0 else NEVER_DENSE,
            "base_x0": x0,
            "base_x1": x1,
            "base_y0": y0,
            "base_y1": y1,
        }
    # A cell of the tile is 2^shift x 2^shift stored cells of one level: the coarsest level
    # that is still as fine as the tile's cells, so the statement reads as few rows as it can.
    # Above the base grid's zoom (a dense tile answered aggregated for its caps) a tile's cells
    # are the base cells themselves, fewer than aggregate_cells a side.
    cells = min(layer.aggregate_cells, 1 << max(TILE_CELL_LEVEL - tile.z, 0))
    wanted = tile.z + cells.bit_length() - 1
    level = min((lv for lv in TILE_CELL_LEVELS if lv >= wanted), default=None)
    if cells & (cells - 1) or level is None:
        raise ImproperlyConfigured(
            f"{layer.name}: aggregate_cells must be a power of two, not {cells}; "
            f"tiles above zoom {TILE_CELL_LEVEL} cannot be aggregated."
        )
    shift = level - wanted
    params |= {"level": level, "shift": shift}
    # A cell id is its row and column in the whole zoom level's grid, so it is stable across
    # requests and tiles.
    params |= {"col0": tile.x * cells, "row0": tile.y * cells, "stride": (1 << tile.z) * cells}
    params |= {
        "base_x0": tile.x * cells << shift,
        "base_x1": (tile.x + 1) * cells << shift,
        "base_y0": tile.y * cells << shift,
        "base_y1": (tile.y + 1) * cells << shift,
    }
    step = EXTENT // cells
    return params | {"step": step, "half": step // 2}


def tile_query(**kwargs) -> tuple[str, dict]:
    """Return the statement (PREAMBLE included) and parameters of one tile; see parameters()."""
    return statement(kwargs["layer"], aggregated=kwargs["aggregated"]), parameters(**kwargs)


def _reading():
    # Where the request reads (a replica for public tiles; geo_participation.replicas).
    return connections[router.db_for_read(Submission)]


def fetch_tile(**kwargs) -> tuple[bytes, int, bool]:
    """Return a tile's MVT bytes, its number of features, and whether it was too dense to show
    single features (then empty); see parameters()."""
    query, params = tile_query(**kwargs)
    with _reading().cursor() as cursor:
        cursor.execute(query, params)
        while cursor.description is None:  # past the PREAMBLE's SETs to the tile
            cursor.nextset()
        data, count, dense = cursor.fetchone()
    return (bytes(data) if data is not None else b""), count, dense


def fetch_grid_tile(*, layer: Layer, run_id: int, k: int, tile: Tile) -> bytes:
    """Return the MVT bytes of a grid run's tile, cells under k contributors left out."""
    prefix = layer.category_field[0] if layer.category_field else ""
    params = {
        "layer": layer.name,
        "run": run_id,
        "k": k,
        "prefix": prefix,
        "buffer": BUFFER / EXTENT,
    }
    params |= {"z": tile.z, "x": tile.x, "y": tile.y}
    with _reading().cursor() as cursor:
        cursor.execute(grid_statement(layer), params)
        data = cursor.fetchone()[0]
    return bytes(data) if data is not None else b""


def fetch_section_tile(*, layer: Layer, campaign_id: int, numbers: dict, tile: Tile) -> bytes:
    """Return the MVT bytes of a campaign's sections in a tile; numbers holds one list per
    column (id, name, ratings, contributors, mean, support_sum), None where suppressed."""
    params = {name: numbers[column] for name, column in SECTION_ARRAYS.items()}
    params |= {"layer": layer.name, "campaign": campaign_id, "buffer": BUFFER / EXTENT}
    params |= {"z": tile.z, "x": tile.x, "y": tile.y}
    with _reading().cursor() as cursor:
        cursor.execute(section_statement(layer), params)
        data = cursor.fetchone()[0]
    return bytes(data) if data is not None else b""
