"""Grid cells: published submissions counted per hexagon or square, in one SQL statement."""

import math

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


def tables() -> dict:
    """Return the quoted table names the SQL files name, from the models."""
    quote = connection.ops.quote_name
    return {
        "submissions": quote(Submission._meta.db_table),
        "categories": quote(Category._meta.db_table),
        "campaigns": quote(Campaign._meta.db_table),
        "cells_table": quote(GridCell._meta.db_table),
    }


def points(campaign: Campaign, params: dict) -> tuple[str, dict]:
    """Return the CTE of the filtered public points (heatmaps/sql/points.sql) and its values."""
    where, values = filter_conditions(filters_of(campaign, params), campaign)
    text = load("points").format(filters=where, **tables())
    published = Status.APPROVED.value
    return text, values | {
        "campaign": campaign.pk,
        "published": published,
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


def statement(shape: str, *, whole_area: bool, points_cte: str) -> str:
    """Return the grid statement for a shape, over data cells or the whole campaign area."""
    cell, grid, locate, _, _ = SHAPES[shape]
    names = tables()
    cover = load("cover_area" if whole_area else "cover_data").format(grid=grid, **names)
    return load("grid_cells").format(
        points=points_cte, located=load(locate), cover=cover, cell=cell, **names
    )


def statement_values(run_id: int, campaign: Campaign, params: dict) -> dict:
    """Return the grid parameters of the grid statement for one run (the filters aside)."""
    size = cell_size_3857(campaign, params["cell_m"])
    return {
        "run": run_id,
        "size": size,
        "height": size * SHAPES[params["shape"]][3],
        "column": 1.5 * size,  # the distance between hexagon columns
    }


def store_cells(run: AggregateRun, campaign: Campaign, params: dict, *, whole_area: bool) -> int:
    """Compute the run's cells in PostgreSQL and store them; return how many."""
    with connection.cursor() as cursor:
        # Grouping a million places by cell and contributor fits in memory with room to spare;
        # with the 4 MB default it would spill to disk. LOCAL: only this run's transaction.
        cursor.execute(WORK_MEM)
        points_cte, values = points(campaign, params)
        cursor.execute(
            statement(params["shape"], whole_area=whole_area, points_cte=points_cte),
            values | statement_values(run.pk, campaign, params),
        )
        return cursor.rowcount
