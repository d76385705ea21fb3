"""The binning statement: approved submissions counted (or weighed) per cell of the density grid.

One statement, all arithmetic in PostgreSQL: integer cell indices from the stored EPSG:3857
geometry, GROUP BY, and only the non-empty cells travel to Python. Filters are fixed SQL
fragments chosen by which parameters are present; every value is a query parameter.
"""

from django.db import connection, transaction
from psycopg import sql as pg

from geo_participation.submissions.models import Status, Submission

from .kde_grid import Grid
from .kde_params import KdeParams

# Where a submission counts: lines and polygons at a point on their surface (inside them, unlike
# a centroid). Sensitive categories at that point snapped to the campaign's grid, exactly as the
# public sees them everywhere else (tiles, OGC API): the surface is public and must not hold
# more than the published points do. ST_PointOnSurface of a point is the point itself; the
# CASE spares a million points the function call.
PLACE = """CASE
    WHEN s.category_id = ANY(%(sensitive)s)
        THEN ST_SnapToGrid(ST_PointOnSurface(s.geom_3857), %(grid)s)
    WHEN GeometryType(s.geom_3857) = 'POINT' THEN s.geom_3857
    ELSE ST_PointOnSurface(s.geom_3857)
END"""

MEASURES = {"count": "count(*)::float8", "support": "sum(1 + s.support_count)::float8"}

STATEMENT = """
SELECT ix, iy, {measure} AS w
FROM (
    SELECT floor((ST_X(p) - %(xmin)s) / %(cell)s)::int AS ix,
           floor((%(ymax)s - ST_Y(p)) / %(cell)s)::int AS iy,
           s.support_count
    FROM {table} s
    CROSS JOIN LATERAL (SELECT {place} AS p) AS at
    WHERE {where}
) AS s
GROUP BY ix, iy
"""

# The grouping sorts every place; with the 4 MB default the sort spills to disk (a third slower
# over a million places). SET LOCAL ends with the transaction around the statement.
WORK_MEM = "SET LOCAL work_mem = '32MB'"

FILTERS = {
    "base": "s.campaign_id = %(campaign)s AND s.status = %(status)s",
    "category": "s.category_id = ANY(%(categories)s)",
    "since": "s.created_at >= %(since)s",
    "until": "s.created_at < %(until)s",
}


def statement(params: KdeParams) -> tuple[str, dict]:
    """Return the binning SQL for these parameters, and the names of its answer parameters."""
    where = [FILTERS["base"]]
    if not params.every_category:
        where.append(FILTERS["category"])
    if params.since:
        where.append(FILTERS["since"])
    if params.until:
        where.append(FILTERS["until"])
    values = {}
    for number, (_key, documents) in enumerate(params.answers):
        # One key's values are alternatives; jsonb containment serves every question type.
        names = [f"answer_{number}_{i}" for i in range(len(documents))]
        values.update(zip(names, documents, strict=True))
        where.append("(" + " OR ".join(f"s.answers @> %({name})s::jsonb" for name in names) + ")")
    text = pg.SQL(STATEMENT).format(
        measure=pg.SQL(MEASURES[params.weight]),
        table=pg.Identifier(Submission._meta.db_table),
        place=pg.SQL(PLACE),
        where=pg.SQL(" AND ".join(where)),
    )
    return text.as_string(), values


def binned(*, campaign, params: KdeParams, grid: Grid) -> list[tuple]:
    """Return (column, row, weight) of every non-empty cell, as one statement computes them."""
    text, answers = statement(params)
    values = {
        "campaign": campaign.pk,
        "status": Status.APPROVED.value,
        "categories": list(params.category_ids),
        "sensitive": list(params.sensitive_ids),
        "grid": campaign.sensitive_grid_3857,
        "since": params.since,
        "until": params.until,
        "xmin": grid.xmin,
        "ymax": grid.ymax,
        "cell": grid.cell,
        **answers,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(WORK_MEM)
        cursor.execute(text, values)
        return cursor.fetchall()
