"""The binning statement: approved submissions counted (or weighed) per cell of the density grid.

One statement, all arithmetic in PostgreSQL: integer cell indices from the stored EPSG:3857
geometry, GROUP BY, and only the non-empty cells travel to Python. The filters are
heatmaps.sql.filter_conditions, the same as the grid cells'; every value is a parameter.
"""

from django.db import connection, transaction
from psycopg import sql as pg

from geo_participation.submissions.models import Status, Submission

from ..sql import filter_conditions
from .grid import Grid
from .params import KdeParams

# Where a submission counts: its public point (lines and polygons at a point on their surface,
# sensitive categories generalised exactly as the public sees them everywhere else): the
# surface is public and must not hold more than the published points do.
PLACE = "gp_public_point(s.geom_3857, s.category_id = ANY(%(sensitive)s), %(grid)s)"

MEASURES = {"count": "count(*)::float8", "support": "sum(1 + s.support_count)::float8"}

# generate_series(1, 1) keeps PostgreSQL from merging the subquery into the outer one, which
# would compute the place again for each coordinate; unlike OFFSET 0 it leaves the statement
# parallel-safe, so workers compute the places and group them per cell before the leader
# merges their cells (heatmaps/sql/points.sql uses the same device).
STATEMENT = """
SELECT ix, iy, {measure} AS w
FROM (
    SELECT floor((ST_X(p) - %(xmin)s) / %(cell)s)::int AS ix,
           floor((%(ymax)s - ST_Y(p)) / %(cell)s)::int AS iy,
           s.support_count
    FROM (
        SELECT {place} AS p, s.support_count, generate_series(1, 1) AS once
        FROM {table} s
        WHERE {where}
    ) AS s
) AS s
GROUP BY ix, iy
"""

# The grouping sorts every place; with the 4 MB default the sort spills to disk (a third slower
# over a million places). SET LOCAL ends with the transaction around the statement.
WORK_MEM = "SET LOCAL work_mem = '32MB'"

BASE = "s.campaign_id = %(campaign)s AND s.status = %(status)s"


def statement(params: KdeParams, campaign) -> tuple[str, dict]:
    """Return the binning SQL for these parameters, and the values of its filters."""
    where, values = filter_conditions(params.filters, campaign)
    text = pg.SQL(STATEMENT).format(
        measure=pg.SQL(MEASURES[params.weight]),
        table=pg.Identifier(Submission._meta.db_table),
        place=pg.SQL(PLACE),
        where=pg.SQL(f"{BASE} AND {where}"),
    )
    return text.as_string(), values


def binned(*, campaign, params: KdeParams, grid: Grid) -> list[tuple]:
    """Return (column, row, weight) of every non-empty cell, as one statement computes them."""
    text, filtered = statement(params, campaign)
    values = {
        "campaign": campaign.pk,
        "status": Status.APPROVED.value,
        "sensitive": list(params.sensitive_ids),
        "grid": campaign.sensitive_grid_3857,
        "xmin": grid.xmin,
        "ymax": grid.ymax,
        "cell": grid.cell,
        **filtered,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(WORK_MEM)
        cursor.execute(text, values)
        return cursor.fetchall()
