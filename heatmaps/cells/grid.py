"""Grid cells: published submissions counted per hexagon or square, in one SQL statement."""

import math
from contextlib import contextmanager

from django.conf import settings
from django.db import connection

from geo_participation.campaigns.models import Campaign, Category
from geo_participation.errors import Rejected
from geo_participation.submissions.models import Status, Submission

from ..models import AggregateRun, GridCell
from ..sql import filter_conditions, load
from .params import filters_of

# Per shape: the PostGIS cell constructor, the grid generator, the point-to-cell arithmetic,
# the cell height in units of its size and its area in units of size squared.
SHAPES = {
    "hexagon": ("ST_Hexagon", "ST_HexagonGrid", "locate_hexagon", math.sqrt(3), 1.5 * math.sqrt(3)),
    "square": ("ST_Square", "ST_SquareGrid", "locate_square", 1.0, 1.0),
}


WORK_MEM = "SET LOCAL work_mem = '256MB'"
# For the grid statement only, and put back after it (docs/analytics.md, "How the cells are
# counted"):
# - grouping sets by hashing: a sort of a million contributor names costs several times more;
# - one worker per share rather than a parallel scan under each share: a scan's workers would
#   hand every place to one process, which would then group them all alone.
PARALLEL_BY_SHARE = {"enable_sort": "off", "min_parallel_table_scan_size": "1TB"}


@contextmanager
def parallel_by_share(cursor):
    """Set PARALLEL_BY_SHARE for the statements inside, then put the previous values back."""
    # set_config(..., true) is SET LOCAL: it would hold to the end of the transaction, where
    # the run's other statements (Gi*'s reads and updates) want the planner's usual choices.
    names = list(PARALLEL_BY_SHARE)
    cursor.execute("SELECT " + ", ".join(["current_setting(%s)"] * len(names)), names)
    before = dict(zip(names, cursor.fetchone(), strict=True))
    set_all = "SELECT " + ", ".join(["set_config(%s, %s, true)"] * len(names))
    cursor.execute(set_all, [v for pair in PARALLEL_BY_SHARE.items() for v in pair])
    try:
        yield
    finally:
        cursor.execute(set_all, [v for pair in before.items() for v in pair])


def tables() -> dict:
    """Return the quoted table names the SQL files name, from the models."""
    quote = connection.ops.quote_name
    return {
        "submissions": quote(Submission._meta.db_table),
        "categories": quote(Category._meta.db_table),
        "campaigns": quote(Campaign._meta.db_table),
        "cells_table": quote(GridCell._meta.db_table),
    }


def points(campaign: Campaign, params: dict, *, share: str = "TRUE") -> tuple[str, dict]:
    """Return the CTE of the filtered public points (heatmaps/sql/points.sql) and its values."""
    where, values = filter_conditions(filters_of(campaign, params), campaign)
    text = load("points").format(filters=where, share=share, **tables())
    published = Status.APPROVED.value
    sensitive = campaign.categories.filter(sensitive=True).values_list("id", flat=True)
    return text, values | {
        "campaign": campaign.pk,
        "published": published,
        "sensitive": list(sensitive),
        "grid": campaign.sensitive_grid_3857,
    }


def cell_size_3857(campaign: Campaign, cell_m: float) -> float:
    """Return the cell size in EPSG:3857 units for a size in ground metres."""
    # Web Mercator stretches lengths by 1/cos(latitude): scaled at the campaign's centroid, a
    # 250 m cell is 250 m on the ground there, as the sensitive grid is.
    return cell_m * campaign.mercator_scale()


def check_cell_count(campaign: Campaign, params: dict) -> int:
    """Refuse a grid with more cells over the campaign area than GP_AGGREGATE_MAX_CELLS."""
    size = cell_size_3857(campaign, params["cell_m"])
    area = campaign.area.transform(3857, clone=True)
    cell_area = SHAPES[params["shape"]][4]
    # Cells inside the area plus those its boundary crosses: an estimate made before any grid
    # exists, so a request for 10^8 cells costs nothing.
    estimate = int(area.area / (cell_area * size**2) + area.boundary.length / size + 4)
    limit = settings.GP_AGGREGATE_MAX_CELLS
    if estimate > limit:
        smallest = math.sqrt(area.area / (cell_area * limit)) / campaign.mercator_scale()
        raise Rejected(
            f"cell_m: about {estimate:,} cells over the campaign area, more than {limit:,}; "
            f"use cell_m of at least {math.ceil(smallest * 1.05)}.",
            code="invalid_parameter",
            parameter="cell_m",
        )
    return estimate


def derived(campaign: Campaign, params: dict) -> dict:
    """Return what the grid SQL derives from the arguments, for the run's record."""
    return {
        "cell_size_3857": cell_size_3857(campaign, params["cell_m"]),
        "mercator_scale": campaign.mercator_scale(),
        "sensitive_grid_3857": campaign.sensitive_grid_3857,
        "grid_origin": "EPSG:3857 (0, 0)",
        "position": "point on surface; sensitive categories snapped to the sensitive grid",
    }


def share_condition(share: int, shares: int) -> str:
    """Return the condition on submissions "s" that keeps one share of the contributors."""
    if shares == 1:
        return "TRUE"
    # The contributor of points.sql (the author, else the client), hashed without building its
    # name: any hash will do that sends each contributor to exactly one share.
    who = "CASE WHEN s.author_id IS NULL THEN hashtext(s.client_id) ELSE hashint4(s.author_id) END"
    return f"({who} & 2147483647) %% {int(shares)} = {int(share)}"


def statement(shape: str, *, whole_area: bool, campaign: Campaign, params: dict) -> tuple:
    """Return the grid SELECT for a shape, over data cells or the whole area, and its values."""
    _, grid, locate, _, _ = SHAPES[shape]
    names = tables()
    shares = max(1, settings.GP_AGGREGATE_SHARES)
    parts = []
    for share in range(shares):
        points_cte, values = points(campaign, params, share=share_condition(share, shares))
        parts.append(load("grid_share").format(points=points_cte, located=load(locate)))
    cover = load("cover_area" if whole_area else "cover_data").format(grid=grid, **names)
    text = load("grid_cells").format(shares="\nUNION ALL\n".join(parts), cover=cover, **names)
    return text, values


def statement_values(campaign: Campaign, params: dict) -> dict:
    """Return the grid parameters of the grid statement (the filters aside)."""
    size = cell_size_3857(campaign, params["cell_m"])
    return {
        "size": size,
        "height": size * SHAPES[params["shape"]][3],
        "lattice": 3 * size,  # the distance between hexagon centres of even columns
    }


def store_cells(run: AggregateRun, campaign: Campaign, params: dict, *, whole_area: bool) -> int:
    """Compute the run's cells in PostgreSQL and store them; return how many."""
    shape = params["shape"]
    text, values = statement(shape, whole_area=whole_area, campaign=campaign, params=params)
    grid_values = statement_values(campaign, params)
    with connection.cursor() as cursor:
        # Grouping a million places by cell and contributor fits in memory with room to spare;
        # with the 4 MB default it would spill to disk. LOCAL: only this run's transaction.
        cursor.execute(WORK_MEM)
        with parallel_by_share(cursor):
            cursor.execute(text, values | grid_values)
            rows = cursor.fetchall()
        if not rows:
            return 0
        columns = ("i", "j", "total", "people", "support", "counts", "category_people")
        arrays = dict(zip(columns, (list(c) for c in zip(*rows, strict=True)), strict=True))
        store = load("grid_store").format(cell=SHAPES[shape][0], **tables())
        cursor.execute(store, arrays | {"run": run.pk, "size": grid_values["size"]})
        return cursor.rowcount
