"""The density surface as a GeoTIFF and as contour polygons."""

import json
import shutil
import subprocess

import numpy as np
import pytest
import shapely
from django.contrib.gis.gdal import GDALRaster

from heatmaps.kde.cache import grids
from heatmaps.kde.grid import Grid
from tests.heatmaps.kde.test_kde_common import cell_centres, places, plant, reference_density

WEST = (7.745, 49.445)
EAST = (7.805, 49.430)


@pytest.fixture
def planted(campaign):
    plant(campaign, WEST, 80, spread_m=150, seed=1)
    plant(campaign, EAST, 40, spread_m=300, seed=2)
    grids.clear_local()
    return campaign


def legend(anon, campaign, query=""):
    return anon.get(f"/heatmaps/{campaign.slug}/kde/legend.json?{query}").json()


@pytest.mark.django_db
def test_geotiff_reads_back_with_crs_geotransform_and_values(anon, planted):
    response = anon.get(f"/heatmaps/{planted.slug}/kde.tif?bandwidth=200")
    assert response.status_code == 200 and response["Content-Type"] == "image/tiff"
    assert 'filename="fear-kde.tif"' in response["Content-Disposition"]
    raster = GDALRaster(response.content)
    assert raster.srs.srid == 3857 and raster.driver.name == "GTiff"
    assert (raster.width, raster.height) == (1024, 1024)
    grid = legend(anon, planted, "bandwidth=200")["grid"]
    xmin, ymin, xmax, ymax = grid["bounds"]
    assert raster.geotransform == pytest.approx([xmin, grid["cell"], 0, ymax, 0, -grid["cell"]])
    values = raster.bands[0].data()
    assert values.dtype == np.float32
    assert float(values.max()) == pytest.approx(legend(anon, planted, "bandwidth=200")["maximum"])
    # Cells around the eastern cluster, against the kernel sum computed independently.
    row, column = np.unravel_index(np.argmax(values[:, 600:]), values[:, 600:].shape)
    rows, columns = np.arange(row - 20, row + 21, 5), np.arange(column, column + 41, 5) + 600
    rr, cc = np.meshgrid(rows, columns, indexing="ij")
    described = Grid(xmin=xmin, ymax=ymax, cell=grid["cell"])  # as the legend describes it
    x, y = cell_centres(described, rr, cc)
    expected = reference_density(planted, places(planted), 200, x, y)
    assert np.abs(values[rr, cc] - expected).max() < 0.02 * values.max()
    assert raster.metadata["DEFAULT"]["unit"] == "places per km²"


@pytest.mark.django_db
@pytest.mark.skipif(shutil.which("gdalinfo") is None, reason="gdal-bin is not installed")
def test_gdalinfo_reads_the_geotiff(anon, planted, tmp_path):
    path = tmp_path / "kde.tif"
    path.write_bytes(anon.get(f"/heatmaps/{planted.slug}/kde.tif").content)
    info = json.loads(
        subprocess.run(
            ["gdalinfo", "-json", "-stats", str(path)], capture_output=True, check=True, text=True
        ).stdout
    )
    assert 'ID["EPSG",3857]' in info["coordinateSystem"]["wkt"]
    assert info["bands"][0]["type"] == "Float32"
    assert info["size"] == [1024, 1024]


@pytest.mark.django_db
def test_contours_are_valid_nested_polygons_with_their_level(anon, planted):
    top = legend(anon, planted)["maximum"]
    levels = [top * f for f in (0.05, 0.2, 0.5, 0.9)]
    query = "levels=" + ",".join(f"{v:.6f}" for v in levels)
    response = anon.get(f"/heatmaps/{planted.slug}/kde/contours.geojson?{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    features = response.json()["features"]
    assert [f["properties"]["level"] for f in features] == pytest.approx(levels, rel=1e-5)
    shapes = [shapely.geometry.shape(f["geometry"]) for f in features]
    for shape in shapes:
        assert not shape.is_empty and shape.is_valid, shapely.is_valid_reason(shape)
        minx, miny, maxx, maxy = shape.bounds  # longitude, latitude (RFC 7946)
        assert 7.6 < minx < maxx < 7.9 and 49.3 < miny < maxy < 49.6
        for polygon in shape.geoms:  # exterior rings counterclockwise
            assert polygon.exterior.is_ccw
    for lower, higher in zip(shapes, shapes[1:], strict=False):
        assert higher.difference(lower).area < 1e-6 * higher.area
        assert higher.area < lower.area
    # Both clusters reach the lowest level; only the denser western one the highest.
    assert len(shapes[0].geoms) >= 2
    assert shapes[-1].distance(shapely.Point(WEST)) < 0.003
    assert shapes[-1].distance(shapely.Point(EAST)) > 0.01


@pytest.mark.django_db
def test_contours_default_to_the_legend_steps(anon, planted):
    body = anon.get(f"/heatmaps/{planted.slug}/kde/contours.geojson").json()
    fractions = [f["properties"]["level"] / body["maximum"] for f in body["features"]]
    assert fractions == pytest.approx([0.2, 0.4, 0.6, 0.8])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "levels", ["", "a,b", "0", "-1", "5,3", "1,1", "nan", "inf", ",".join(["1"] * 21)]
)
def test_bad_levels_answer_400(anon, planted, levels):
    response = anon.get(f"/heatmaps/{planted.slug}/kde/contours.geojson?levels={levels}")
    assert response.status_code == 400
    assert "levels" in response.json()["detail"]


@pytest.mark.django_db
def test_weighted_surface_names_its_unit_everywhere(anon, planted):
    query = "weight=support&category=spot"
    body = legend(anon, planted, query)
    assert body["unit"].startswith("weighted places per km²")
    assert body["parameters"]["weight"] == "support" and body["parameters"]["category"] == ["spot"]
    raster = GDALRaster(anon.get(f"/heatmaps/{planted.slug}/kde.tif?{query}").content)
    assert raster.metadata["DEFAULT"]["unit"] == body["unit"]
    assert json.loads(raster.metadata["DEFAULT"]["param_category"]) == ["spot"]
    contours = anon.get(f"/heatmaps/{planted.slug}/kde/contours.geojson?{query}").json()
    assert contours["unit"] == body["unit"]
