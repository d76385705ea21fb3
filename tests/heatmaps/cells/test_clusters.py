"""DBSCAN clusters: planted clusters found with their member counts and hulls, k suppression."""

import numpy as np
import pytest
from django.db import connection

from heatmaps.cells.selectors import cluster_layer
from heatmaps.models import Cluster
from tests.aggregate_helpers import (
    around,
    lonlat_to_mercator,
    mercator_to_lonlat,
    place_many,
)

pytestmark = pytest.mark.django_db
PLANTED = {(7.72, 49.41): 20, (7.78, 49.45): 12, (7.83, 49.47): 8}


def plant(campaign, rng):
    for (lon, lat), n in PLANTED.items():
        place_many(campaign, around(rng, lon, lat, n, metres=10), who=lambda i, at=lon: f"{at}-{i}")
    # Lone places, kilometres from each other and from the clusters: noise.
    place_many(campaign, [(7.75, 49.42), (7.80, 49.41), (7.74, 49.47)])


def test_finds_planted_clusters(campaign):
    plant(campaign, np.random.default_rng(1))
    frame = cluster_layer(campaign, eps_m=50, min_points=5)
    assert list(frame["members"]) == [20, 12, 8]
    assert list(frame["contributors"]) == [20, 12, 8]
    assert list(frame["label"]) == [1, 2, 3]
    assert set(frame.geometry.geom_type) == {"Polygon"}
    # Every member lies in its cluster's hull.
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT count(*) FROM heatmaps_cluster c JOIN submissions_submission s
               ON ST_DWithin(c.hull, s.geom, 1e-9)
               WHERE c.run_id = %s AND s.campaign_id = %s""",
            [frame.attrs["run"]["id"], campaign.pk],
        )
        assert cursor.fetchone()[0] == 40


def test_concave_hulls_contain_their_members(campaign):
    plant(campaign, np.random.default_rng(2))
    frame = cluster_layer(campaign, eps_m=50, min_points=5, hull="concave")
    assert list(frame["members"]) == [20, 12, 8]
    assert frame.attrs["parameters"]["hull"] == "concave"


def test_clusters_of_few_contributors_are_suppressed(campaign):
    plant(campaign, np.random.default_rng(3))
    # Ten places from two people: a cluster by DBSCAN, but only two contributors.
    place_many(campaign, [(7.76, 49.43)] * 10, who=lambda n: f"p{n % 2}")
    frame = cluster_layer(campaign, eps_m=50, min_points=5)
    assert list(frame["members"]) == [20, 12, 8]
    assert frame.attrs["suppressed"] == 1
    assert Cluster.objects.filter(run_id=frame.attrs["run"]["id"]).count() == 4
    assert list(cluster_layer(campaign, eps_m=50, min_points=5, k=10)["members"]) == [20, 12]


def test_sensitive_places_appear_only_as_areas(campaign, make_category):
    make_category(campaign, "fear", "point", sensitive=True)
    grid = campaign.sensitive_grid_3857
    x, y = lonlat_to_mercator(7.77, 49.44)
    gx, gy = round(x / grid) * grid, round(y / grid) * grid
    # Six different places within a third of a grid step of one grid point.
    offsets = np.random.default_rng(4).uniform(-0.3, 0.3, (6, 2)) * grid
    place_many(
        campaign, [mercator_to_lonlat(gx + dx, gy + dy) for dx, dy in offsets], category="fear"
    )
    frame = cluster_layer(campaign, eps_m=50, min_points=3)
    [cluster] = frame.itertuples()
    # All six snap to the grid point: the outline is an area around it, never a point, and
    # its centre is the generalised position, not any exact one.
    assert cluster.geometry.geom_type == "Polygon" and cluster.geometry.area > 0
    assert cluster.members == 6 and cluster.count_fear == 6
    centre = lonlat_to_mercator(*cluster.geometry.centroid.coords[0])
    assert np.hypot(centre[0] - gx, centre[1] - gy) < 0.01 * grid


def test_parameters_are_recorded(campaign):
    plant(campaign, np.random.default_rng(5))
    frame = cluster_layer(campaign, eps_m=40, min_points=6)
    parameters = frame.attrs["parameters"]
    assert (parameters["eps_m"], parameters["min_points"], parameters["k"]) == (40, 6, 3)
    assert parameters["derived"]["eps_3857"] == pytest.approx(
        40 / np.cos(np.radians(campaign.area.centroid.y))
    )
