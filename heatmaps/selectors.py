"""The read path of the aggregate layers: grid cells, Getis-Ord Gi* hotspots, DBSCAN clusters.

Public API (for delivery code: the GeoJSON/MVT views here, and layers/exports, layers/reports).
Everything is keyword-only after the campaign; every function applies the privacy rules, so a
caller cannot get an unsuppressed result by accident.

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
    category      a category key, or a list of keys, of the campaign (None: all categories).
    since, until  datetime.date or aware datetime.datetime, on the submission's creation time;
                  a date is the whole day in GP_TIME_ZONE; both ends inclusive.
    answers       {question key: value}, e.g. {"time_of_day": "night"}: only submissions whose
                  answers contain that value (a multiple_choice answer containing it).
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
              support_sum, count_<category key> for each category of the campaign (None where
              fewer than k contributors made that category's count), geometry (Polygon).
    hotspots  the grid columns plus z (Gi* z-score), p_norm (two-sided, normal approximation),
              p_sim (two-sided pseudo p-value from the permutations), confidence (0, 90, 95 or
              99) and hotspot ("hot", "cold" or "none").
    clusters  label (1 = the cluster with most members), members, contributors, support_sum,
              count_<category key> as for cells, geometry (the hull Polygon).
`gdf.attrs` holds what made the result: {"kind", "parameters" (every argument, normalised, plus
k), "run" (id, published_version, created_at, duration_ms), "suppressed" (how many cells or
clusters k hid)}.

Results are computed once per campaign, parameters and published_version and stored (see
heatmaps.services.ensure_run); a moderation decision bumps published_version, so a stale result
is never returned. Sensitive categories are counted at their public, generalised position, like
every other public layer, and never appear as single points.
"""
