"""Aggregate layers (grid, hotspots, clusters, contours) exported for planners, read back."""

import json

import numpy as np
import pyogrio
import pytest
from django.core.management import call_command

from heatmaps.cells.selectors import cluster_layer, grid_layer
from layers.exports.shapefile import fitted_names
from tests.aggregate_helpers import around, place_many, uniform
from tests.export_helpers import body, save


@pytest.fixture
def crowded(campaign):
    """Many places from distinct clients: dense spots and a uniform background."""
    rng = np.random.default_rng(7)
    place_many(campaign, around(rng, 7.77, 49.44, 60, 80))
    place_many(campaign, around(rng, 7.73, 49.42, 40, 60))
    place_many(campaign, uniform(rng, 60))
    return campaign


@pytest.mark.parametrize("fmt", ["gpkg", "fgb", "csv", "kml", "geojson"])
def test_grid_cells_read_back(planner_api, crowded, tmp_path, fmt):
    response = planner_api.get(f"/exports/fear/grid.{fmt}?cell_m=500")
    assert response.status_code == 200, response.content
    frame = pyogrio.read_dataframe(save(response, tmp_path, f"grid.{fmt}"))
    truth = grid_layer(crowded, cell_m=500)
    assert len(frame) == len(truth) > 0
    # CSV has no place for a CRS; every other format says WGS 84.
    assert frame.crs is None if fmt == "csv" else frame.crs.to_epsg() == 4326
    assert int(frame["count"].astype(int).sum()) == int(truth["count"].sum())
    assert "count_spot" in frame.columns


def test_hotspots_in_utm_and_as_shapefile(planner_api, crowded, tmp_path):
    response = planner_api.get("/exports/fear/hotspots.gpkg?cell_m=500&crs=EPSG:25832")
    frame = pyogrio.read_dataframe(save(response, tmp_path, "hot.gpkg"))
    assert frame.crs.to_epsg() == 25832
    assert {"z", "p_sim", "hotspot"} <= set(frame.columns)
    assert frame.total_bounds[0] > 400_000  # metres, not degrees
    zipped = planner_api.get("/exports/fear/hotspots.shp?cell_m=500")
    save(zipped, tmp_path, "hot.zip")
    shapes = pyogrio.read_dataframe(tmp_path / "fear_hotspots_polygons.shp")
    assert len(shapes) == len(frame)
    assert (tmp_path / "fear_hotspots_polygons.cpg").read_text().strip() == "UTF-8"
    fitted = fitted_names([c for c in frame.columns if c != "geometry"])
    assert set(shapes.columns) - {"geometry"} == set(fitted.values())
    parameters = json.loads((tmp_path / "parameters.json").read_text())
    assert parameters["kind"] == "hotspots"


def test_clusters_and_their_parameters(planner_api, crowded, tmp_path):
    response = planner_api.get("/exports/fear/clusters.geojson?eps_m=150&min_points=5")
    assert response.status_code == 200
    data = json.loads(body(response))
    truth = cluster_layer(crowded, eps_m=150, min_points=5)
    assert len(data["features"]) == len(truth) > 0
    assert "crs" not in data


def test_contours_read_back(planner_api, crowded, tmp_path):
    response = planner_api.get("/exports/fear/contours.gpkg?levels=1,5")
    assert response.status_code == 200, response.content
    frame = pyogrio.read_dataframe(save(response, tmp_path, "contours.gpkg"))
    assert list(frame["level"]) == [1.0, 5.0]
    assert frame.crs.to_epsg() == 4326


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("/exports/fear/grid.gpkg?cell_m=1", "cell_m"),
        ("/exports/fear/grid.gpkg?k=1", "k"),
        ("/exports/fear/clusters.gpkg?colour=red", "colour"),
        ("/exports/fear/contours.gpkg?levels=3,1", "levels"),
        ("/exports/fear/grid.geojson?crs=EPSG:25832", "always EPSG:4326"),
    ],
)
def test_bad_aggregate_parameters_are_400(planner_api, crowded, url, words):
    response = planner_api.get(url)
    assert response.status_code == 400, response.content
    assert words in response.json()["detail"]


def test_command_exports_an_aggregate(crowded, tmp_path):
    output = tmp_path / "grid.fgb"
    call_command(
        "export_layer",
        "fear",
        "grid",
        "--format",
        "fgb",
        "--param",
        "cell_m=500",
        "--output",
        str(output),
    )
    assert len(pyogrio.read_dataframe(output)) == len(grid_layer(crowded, cell_m=500))
