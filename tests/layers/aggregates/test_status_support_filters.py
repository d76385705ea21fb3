"""public_status and min_support filter every aggregate layer, density output and export.

The scene: two dense spots of 30 places each from distinct people, one "planned" with 5
supports each, one "received" without support; plus a pair of well-supported places, too few
for any aggregate to show them (k = 3 applies after filtering too).
"""

import mapbox_vector_tile
import numpy as np
import pyogrio
import pytest
from django.contrib.gis.gdal import GDALRaster

from heatmaps.kde.cache import grids
from tests.aggregate_helpers import around, place_many
from tests.export_helpers import save
from tests.tile_helpers import tile_at

pytestmark = pytest.mark.django_db
PLANNED_AT, RECEIVED_AT, PAIR_AT = (7.745, 49.445), (7.805, 49.43), (7.77, 49.455)


@pytest.fixture
def spots(campaign):
    rng = np.random.default_rng(3)
    place_many(campaign, around(rng, *PLANNED_AT, 30, 80), public_status="planned", support_count=5)
    place_many(campaign, around(rng, *RECEIVED_AT, 30, 80), public_status="received")
    place_many(campaign, around(rng, *PAIR_AT, 2, 20), public_status="done", support_count=50)
    grids.clear_local()
    return campaign


def _get(client, path, **query):
    response = client.get(f"/heatmaps/fear/{path}", query)
    assert response.status_code == 200, response.content[:300]
    return response


def _cell_total(anon, name, **query):
    features = _get(anon, name, cell_m=500, **query).json()["features"]
    return sum(f["properties"]["count"] for f in features)


@pytest.mark.parametrize("name", ["grid.geojson", "hotspots.geojson"])
def test_cells_count_only_matching_posts(anon, spots, name):
    assert _cell_total(anon, name) == 60  # the pair is too few for a cell of its own
    assert _cell_total(anon, name, public_status="planned") == 30
    assert _cell_total(anon, name, public_status="received,planned") == 60
    assert _cell_total(anon, name, min_support=1) == 30
    assert _cell_total(anon, name, min_support=5, public_status="received") == 0
    # Two people only: still suppressed once the filters leave nothing else.
    assert _cell_total(anon, name, min_support=6) == 0
    assert _cell_total(anon, name, public_status="done") == 0


def test_clusters_count_only_matching_posts(anon, spots):
    def members(**query):
        body = _get(anon, "clusters.geojson", eps_m=200, min_points=3, **query).json()
        return sorted(f["properties"]["members"] for f in body["features"])

    assert sum(members()) == 60
    assert members(public_status="planned") == [30]
    assert members(min_support=1) == [30]
    assert members(min_support=6) == []


def test_density_outputs_follow_the_filters(anon, spots):
    legend = _get(anon, "kde/legend.json", public_status="planned").json()
    assert legend["places"] == 30
    assert legend["parameters"]["public_status"] == ["planned"]
    assert _get(anon, "kde/legend.json", min_support=1).json()["places"] == 32
    assert _get(anon, "kde/legend.json", min_support=1).json()["parameters"]["min_support"] == 1
    assert _get(anon, "kde/legend.json").json()["places"] == 62
    tif = GDALRaster(_get(anon, "kde.tif", public_status="received").content)
    assert tif.metadata["DEFAULT"]["places"] == "30"
    assert tif.metadata["DEFAULT"]["param_public_status"] == '["received"]'
    contours = _get(anon, "kde/contours.geojson", min_support=1000).json()
    assert contours["features"] == []
    tile = tile_at(*PLANNED_AT, 13)
    path = f"kde/{tile.z}/{tile.x}/{tile.y}.png"
    assert _get(anon, path, public_status="planned")["ETag"] != _get(anon, path)["ETag"]


def test_grid_tiles_follow_the_filters(anon, spots):
    tile = tile_at(*PLANNED_AT, 11)

    def total(**query):
        path = f"/heatmaps/fear/grid/{tile.z}/{tile.x}/{tile.y}.mvt"
        response = anon.get(path, {"cell_m": 500, **query})
        if response.status_code == 204:  # no cell in the tile
            return 0
        assert response.status_code == 200, response.content[:300]
        layers = mapbox_vector_tile.decode(response.content)
        return sum(f["properties"]["count"] for layer in layers.values() for f in layer["features"])

    assert total(public_status="planned") == 30
    assert total(public_status="received") == 30  # the same tile holds both spots
    assert total(min_support=6) == 0


def test_etags_and_cache_keys_name_the_filters(anon, spots):
    plain = _get(anon, "grid.geojson")
    planned = _get(anon, "grid.geojson", public_status="planned")
    supported = _get(anon, "grid.geojson", min_support=1)
    assert len({plain["ETag"], planned["ETag"], supported["ETag"]}) == 3
    # min_support=0 is every post: the same answer under the same name.
    assert _get(anon, "grid.geojson", min_support=0)["ETag"] == plain["ETag"]
    again = anon.get(
        "/heatmaps/fear/grid.geojson?public_status=planned", HTTP_IF_NONE_MATCH=planned["ETag"]
    )
    assert again.status_code == 304


@pytest.mark.parametrize(
    "path",
    [
        "grid.geojson",
        "hotspots.geojson",
        "clusters.geojson",
        "kde/legend.json",
        "kde.tif",
        "kde/contours.geojson",
        "kde/13/4285/2808.png",
        "grid/11/1068/700.mvt",
    ],
)
@pytest.mark.parametrize(
    "query, parameter",
    [
        ({"public_status": "soon"}, "public_status"),
        ({"public_status": ","}, "public_status"),
        ({"min_support": "-1"}, "min_support"),
        ({"min_support": "1.5"}, "min_support"),
        ({"min_support": "many"}, "min_support"),
        ({"min_support": "99999999999"}, "min_support"),
        ({"min_support": "١"}, "min_support"),  # an Arabic-Indic one: a digit, not ASCII
    ],
)
def test_bad_values_are_400_naming_the_parameter(anon, spots, path, query, parameter):
    response = anon.get(f"/heatmaps/fear/{path}", query)
    assert response.status_code == 400, response.content[:300]
    body = response.json()
    assert body["parameter"] == parameter and parameter in body["detail"]


def _frame(planner_api, tmp_path, name, **query):
    response = planner_api.get(f"/exports/fear/{name}", query)
    assert response.status_code == 200, response.content[:300]
    return pyogrio.read_dataframe(save(response, tmp_path, name))


def test_exports_of_every_layer_follow_the_filters(planner_api, spots, tmp_path):
    posts = _frame(planner_api, tmp_path, "submissions.gpkg", public_status="planned,done")
    assert len(posts) == 32 and set(posts["public_status"]) == {"planned", "done"}
    supported = _frame(planner_api, tmp_path, "submissions.csv", min_support=6)
    assert len(supported) == 2
    grid = _frame(planner_api, tmp_path, "grid.gpkg", cell_m=500, public_status="planned")
    assert int(grid["count"].sum()) == 30
    hot = _frame(planner_api, tmp_path, "hotspots.fgb", cell_m=500, min_support=1)
    assert int(hot["count"].sum()) == 30
    clusters = _frame(
        planner_api, tmp_path, "clusters.geojson", eps_m=200, min_points=3, min_support=1
    )
    assert list(clusters["members"]) == [30]
    contours = planner_api.get("/exports/fear/contours.gpkg", {"public_status": "received"})
    assert contours.status_code == 200


@pytest.mark.parametrize("name", ["submissions.csv", "grid.gpkg", "contours.gpkg"])
def test_exports_refuse_bad_values_naming_them(planner_api, spots, name):
    for query, parameter in (
        ({"public_status": "soon"}, "public_status"),
        ({"min_support": "x"}, "min_support"),
    ):
        response = planner_api.get(f"/exports/fear/{name}", query)
        assert response.status_code == 400
        assert response.json()["parameter"] == parameter


def test_the_report_follows_the_filters(planner_api, spots):
    html = planner_api.get("/reports/fear/", {"public_status": "planned"}).content.decode()
    assert "public_status=planned" in html
    every = planner_api.get("/reports/fear/").content.decode()
    assert "public_status=" not in every
    refused = planner_api.get("/reports/fear/", {"min_support": "-2"})
    assert refused.status_code == 400 and refused.json()["parameter"] == "min_support"
    assert planner_api.get("/reports/fear/", {"colour": "red"}).status_code == 400
