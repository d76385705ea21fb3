"""DBSCAN clusters of published places, found and stored by one ST_ClusterDBSCAN statement."""

from django.db import connection

from geo_participation.campaigns.models import Campaign

from ..models import AggregateRun, Cluster
from ..sql import load
from . import grid

# The outline of a cluster: fixed expressions, chosen by name, never taken from a request.
HULLS = {
    "convex": "ST_ConvexHull(ST_Collect(p))",
    "concave": "ST_ConcaveHull(ST_Collect(p), 0.5)",
}


def statement(hull: str, points_cte: str) -> str:
    """Return the cluster statement with the given outline over the given points."""
    names = grid.tables() | {"clusters_table": connection.ops.quote_name(Cluster._meta.db_table)}
    return load("clusters").format(points=points_cte, hull=HULLS[hull], **names)


def derived(campaign: Campaign, params: dict) -> dict:
    """Return what the cluster SQL derives from the arguments, for the run's record."""
    eps = params["eps_m"] * campaign.mercator_scale()
    return {
        "eps_3857": eps,
        "mercator_scale": campaign.mercator_scale(),
        "sensitive_grid_3857": campaign.sensitive_grid_3857,
        "hull_sql": HULLS[params["hull"]],
        "degenerate_hull_buffer_3857": eps / 2,
        "position": "point on surface; sensitive categories snapped to the sensitive grid",
    }


def store_clusters(run: AggregateRun, campaign: Campaign, params: dict) -> int:
    """Find the run's clusters in PostgreSQL and store them; return how many."""
    eps = params["eps_m"] * campaign.mercator_scale()
    points_cte, values = grid.points(campaign, params)
    values |= {
        "run": run.pk,
        "eps": eps,
        "min_points": params["min_points"],
        "pad": eps / 2,
    }
    with connection.cursor() as cursor:
        cursor.execute(grid.WORK_MEM)
        cursor.execute(statement(params["hull"], points_cte), values)
        return cursor.rowcount
