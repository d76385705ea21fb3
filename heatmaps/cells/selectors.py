"""The read path of the aggregate layers: grid cells, Getis-Ord Gi* hotspots, DBSCAN clusters.

Delivery code reaches these through heatmaps.api. Everything is keyword-only after the
campaign; every function applies the privacy rules, so a caller cannot get an unsuppressed
result by accident.

    grid_layer(campaign, *, cell_m=250, shape="hexagon", category=None, since=None,
               until=None, answers=None, k=None) -> geopandas.GeoDataFrame
    hotspot_layer(campaign, *, cell_m=250, shape="hexagon", category=None, since=None,
                  until=None, answers=None, k=None, permutations=999, seed=12345,
                  fdr=False) -> geopandas.GeoDataFrame
    cluster_layer(campaign, *, eps_m=100, min_points=5, hull="convex", category=None,
                  since=None, until=None, answers=None, k=None) -> geopandas.GeoDataFrame

    layer_kwargs(kind, campaign, query) -> dict
        Validate request query parameters (a QueryDict or a plain dict of strings) for kind
        "grid", "hotspots" or "clusters" and return the keyword arguments of the matching
        *_layer function. Unknown or bad parameters raise geo_participation.errors.Rejected
        (HTTP 400, code "invalid_parameter", with the parameter's name in `parameter`).
    LAYERS = {"grid": grid_layer, "hotspots": hotspot_layer, "clusters": cluster_layer}

Arguments (the *_layer functions validate them the same way and raise Rejected too):
    campaign      a Campaign instance.
    cell_m        cell size in ground metres (scaled by 1/cos(latitude of the campaign centroid)
                  into EPSG:3857 units): the side of a square, or the side (= circumradius) of a
                  flat-topped hexagon, as ST_SquareGrid / ST_HexagonGrid take it. 25 to 5,000;
                  the grid over the campaign area may have at most GP_AGGREGATE_MAX_CELLS cells.
    shape         "hexagon" or "square".
    category, since, until, answers
                  the filters of heatmaps.filters: category keys (a key, "a,b" or a list),
                  since (inclusive) and until (exclusive) as dates, date-times or ISO text
                  (a date is the start of that day in TIME_ZONE), and {question key: value or
                  [alternative values]}, e.g. {"time_of_day": "night"}.
    k             minimum distinct contributors (author, else anonymous client) a cell or
                  cluster needs to be shown; None means GP_AGGREGATE_MIN_CONTRIBUTORS (3), and a
                  smaller value is refused: a caller may only suppress more.
    permutations  conditional permutations for Gi* pseudo p-values (99 to 999).
    seed          random seed of the permutations (results are reproducible).
    fdr           classify with the Benjamini-Hochberg false discovery rate (esda.fdr) instead of
                  the raw pseudo p-values.
    eps_m, min_points, hull
                  ST_ClusterDBSCAN's distance (ground metres, 5 to 2,000) and minimum points
                  (2 to 1,000); the cluster outline "convex" (ST_ConvexHull) or "concave"
                  (ST_ConcaveHull, 0.5).

Every GeoDataFrame is in EPSG:4326, one row per published cell or cluster (suppressed ones are
left out), with these columns:
    grid      cell_i, cell_j (the ST_HexagonGrid/ST_SquareGrid indexes), count, contributors,
              support_sum, count_<category key> for each category of the campaign (pandas
              Int64; <NA> where fewer than k contributors made that category's count),
              geometry (Polygon).
    hotspots  the grid columns plus z (Gi* z-score), p_norm (two-sided, normal approximation),
              p_sim (two-sided pseudo p-value from the permutations), confidence (0, 90, 95 or
              99) and hotspot ("hot", "cold" or "none").
    clusters  label (1 = the cluster with most members), members, contributors, support_sum,
              count_<category key> as for cells, geometry (the hull Polygon).
`gdf.attrs` holds what made the result: {"kind", "parameters" (every argument, normalised, plus
k), "run" (id, published_version, created_at, duration_ms), "suppressed" (how many cells or
clusters k hid)}.

Results are computed once per campaign, parameters and published_version and stored (see
heatmaps.cells.services.ensure_run); a moderation decision bumps published_version, so a stale
result is never returned. Sensitive categories are counted at their public, generalised
position, like every other public layer, and never appear as single points.
"""

import geopandas as gpd
import pandas as pd
import shapely
from django.contrib.gis.db.models.functions import AsWKB, Transform

from geo_participation.campaigns.models import Campaign
from geo_participation.gis_functions import ForcePolygonCCW

from ..models import AggregateRun, Cluster, GridCell, Kind
from .params import from_query, normalise
from .services import ensure_run

CELL_COLUMNS = ["cell_i", "cell_j", "count", "contributors", "support_sum"]
GI_COLUMNS = ["z", "p_norm", "p_sim", "confidence", "hotspot"]
CLUSTER_COLUMNS = ["label", "members", "contributors", "support_sum"]


def grid_layer(campaign: Campaign, **kwargs) -> gpd.GeoDataFrame:
    """Return the published grid cells of a campaign (EPSG:4326), small ones suppressed."""
    return _cells(Kind.GRID, campaign, kwargs)


def hotspot_layer(campaign: Campaign, **kwargs) -> gpd.GeoDataFrame:
    """Return the grid cells with Getis-Ord Gi* results (EPSG:4326), small ones suppressed."""
    return _cells(Kind.HOTSPOTS, campaign, kwargs)


def cluster_layer(campaign: Campaign, **kwargs) -> gpd.GeoDataFrame:
    """Return the DBSCAN clusters with their hulls (EPSG:4326), small ones suppressed."""
    params, k = normalise(Kind.CLUSTERS, campaign, **kwargs)
    run = ensure_run(campaign=campaign, params=params)
    stored = Cluster.objects.filter(run=run)
    shown = stored.filter(contributors__gte=k).order_by("label")
    rows = list(
        shown.values_list(
            "label",
            "members",
            "contributors",
            "support_sum",
            "counts",
            "category_contributors",
            AsWKB(ForcePolygonCCW("hull")),
        )
    )
    frame = _frame(rows, CLUSTER_COLUMNS, campaign, k)
    return _described(frame, run, params, k, suppressed=stored.count() - len(rows))


LAYERS = {Kind.GRID: grid_layer, Kind.HOTSPOTS: hotspot_layer, Kind.CLUSTERS: cluster_layer}


def layer_kwargs(kind: str, campaign: Campaign, query) -> dict:
    """Return the layer function's keyword arguments from request query parameters."""
    kwargs = from_query(kind, query)
    # Checked here too, so a bad request is refused before anything is computed.
    normalise(kind, campaign, **kwargs)
    return kwargs


def grid_run(kind: str, campaign: Campaign, **kwargs) -> tuple[AggregateRun, dict, int]:
    """Return the stored run of a grid or hotspot layer, its arguments and k (for tiles)."""
    params, k = normalise(kind, campaign, **kwargs)
    return ensure_run(campaign=campaign, params=params), params, k


def _cells(kind, campaign, kwargs):
    run, params, k = grid_run(kind, campaign, **kwargs)
    stored = GridCell.objects.filter(run=run)
    shown = stored.filter(contributors__gte=k).order_by("cell_i", "cell_j")
    extra = GI_COLUMNS if kind == Kind.HOTSPOTS else []
    rows = list(
        shown.values_list(
            "cell_i",
            "cell_j",
            "total",
            "contributors",
            "support_sum",
            *extra,
            "counts",
            "category_contributors",
            AsWKB(ForcePolygonCCW(Transform("geom_3857", 4326))),
        )
    )
    frame = _frame(rows, CELL_COLUMNS + extra, campaign, k)
    return _described(frame, run, params, k, suppressed=stored.count() - len(rows))


def _frame(rows, columns, campaign, k) -> gpd.GeoDataFrame:
    keys = list(campaign.categories.order_by("position", "key").values_list("key", flat=True))
    table = pd.DataFrame([r[: len(columns)] for r in rows], columns=columns)
    for key in keys:
        # A category's count is shown only where at least k people make it: a cell of many
        # contributors must not single out the one who marked a rare (or sensitive) category.
        values = [
            r[-3].get(key, 0) if r[-2].get(key, 0) >= k or not r[-3].get(key) else None
            for r in rows
        ]
        table[f"count_{key}"] = pd.array(values, dtype="Int64")
    geometry = shapely.from_wkb([bytes(r[-1]) for r in rows])
    return gpd.GeoDataFrame(table, geometry=geometry, crs="EPSG:4326")


def _described(frame, run, params, k, *, suppressed) -> gpd.GeoDataFrame:
    # What made the result travels with it, into every export.
    arguments = {key: value for key, value in params.items() if key != "kind"}
    frame.attrs = {
        "kind": run.kind,
        # Sorted: a run just computed holds them in insertion order, one read back in jsonb's.
        "parameters": arguments | {"k": k, "derived": dict(sorted(run.params["derived"].items()))},
        "run": run.describe(),
        "suppressed": suppressed,
    }
    return frame
