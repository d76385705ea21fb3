"""The public GeoJSON and vector tiles of grid cells, hotspots and clusters."""

import mapbox_vector_tile
import numpy as np
import pytest
from django.core.management import call_command

from geo_participation.submissions.models import Submission
from heatmaps.models import AggregateRun
from tests.aggregate_helpers import around, place_many
from tests.tile_helpers import tile_at

pytestmark = pytest.mark.django_db
CENTRE = (7.775, 49.44)


@pytest.fixture
def places(campaign):
    rng = np.random.default_rng(1)
    place_many(campaign, around(rng, *CENTRE, 60, metres=150))
    return campaign


def url(campaign, name):
    return f"/heatmaps/{campaign.slug}/{name}"


@pytest.mark.parametrize("name", ["grid.geojson", "hotspots.geojson", "clusters.geojson"])
def test_geojson_is_rfc_7946(anon, places, name):
    response = anon.get(url(places, name), {"eps_m": 200, "min_points": 3} if "clu" in name else {})
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    body = response.json()
    assert body["type"] == "FeatureCollection" and body["features"]
    assert body["parameters"]["k"] == 3 and body["run"]["published_version"] >= 1
    for feature in body["features"]:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Polygon"
        ring = np.array(feature["geometry"]["coordinates"][0])
        assert (ring[:, 0] > 7).all() and (ring[:, 1] > 49).all()  # longitude first
        # Exterior rings counter-clockwise (shoelace area positive).
        x, y = ring[:, 0], ring[:, 1]
        assert (x[:-1] * y[1:] - x[1:] * y[:-1]).sum() > 0


def test_etag_and_304(anon, places):
    first = anon.get(url(places, "grid.geojson"), {"cell_m": 300})
    again = anon.get(url(places, "grid.geojson"), {"cell_m": 300}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    other = anon.get(url(places, "grid.geojson"), {"cell_m": 400})
    assert other["ETag"] != first["ETag"]


def test_stale_results_are_recomputed_after_moderation(anon, places, moderator_api):
    before = anon.get(url(places, "grid.geojson"), {"cell_m": 5000}).json()
    assert sum(f["properties"]["count"] for f in before["features"]) == 60
    [pending] = place_many(places, [CENTRE], status="pending")
    same = anon.get(url(places, "grid.geojson"), {"cell_m": 5000}).json()
    assert same["run"]["id"] == before["run"]["id"]

    moderator_api.post(f"/api/moderation/submissions/{pending.pk}/approve/")
    after = anon.get(url(places, "grid.geojson"), {"cell_m": 5000}).json()
    assert after["run"]["published_version"] > before["run"]["published_version"]
    assert sum(f["properties"]["count"] for f in after["features"]) == 61

    one = Submission.objects.filter(campaign=places, status="approved").first()
    moderator_api.post(
        f"/api/moderation/submissions/{one.pk}/reject/", {"reason": "spam"}, format="json"
    )
    later = anon.get(url(places, "grid.geojson"), {"cell_m": 5000}).json()
    assert sum(f["properties"]["count"] for f in later["features"]) == 60
    # The stale runs are gone, not merely shadowed.
    assert AggregateRun.objects.filter(kind="grid").count() == 1


@pytest.mark.parametrize(
    "name, query, parameter",
    [
        ("grid.geojson", {"cell_m": "10"}, "cell_m"),
        ("grid.geojson", {"cell_m": "abc"}, "cell_m"),
        ("grid.geojson", {"cell_m": "nan"}, "cell_m"),
        ("grid.geojson", {"cell_m": "25"}, "cell_m"),  # too many cells over the area
        ("grid.geojson", {"shape": "circle"}, "shape"),
        ("grid.geojson", {"colour": "red"}, "colour"),
        ("grid.geojson", {"k": "1"}, "k"),
        ("grid.geojson", {"k": "x"}, "k"),
        ("grid.geojson", {"category": "nope"}, "category"),
        ("grid.geojson", {"since": "yesterday"}, "since"),
        ("grid.geojson", {"since": "2026-05-02", "until": "2026-05-01"}, "until"),
        ("grid.geojson", {"answers.nope": "x"}, "answers.nope"),
        ("grid.geojson", {"answers.time_of_day": "noon"}, "answers.time_of_day"),
        ("grid.geojson", {"answers.rating": "9"}, "answers.rating"),
        ("grid.geojson", {"permutations": "99"}, "permutations"),
        ("hotspots.geojson", {"permutations": "5"}, "permutations"),
        ("hotspots.geojson", {"fdr": "maybe"}, "fdr"),
        ("hotspots.geojson", {"seed": "-1"}, "seed"),
        ("clusters.geojson", {"eps_m": "1"}, "eps_m"),
        ("clusters.geojson", {"min_points": "1"}, "min_points"),
        ("clusters.geojson", {"hull": "alpha"}, "hull"),
        ("clusters.geojson", {"cell_m": "100"}, "cell_m"),
        ("grid/10/1/1.mvt", {"cell_m": "1e9"}, "cell_m"),
    ],
)
def test_bad_parameters_answer_400_naming_them(anon, places, settings, name, query, parameter):
    settings.GP_AGGREGATE_MAX_CELLS = 20_000
    response = anon.get(url(places, name), query)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["parameter"] == parameter and parameter in body["detail"]


def test_repeated_parameters_and_unknown_campaigns(anon, places):
    response = anon.get(url(places, "grid.geojson") + "?cell_m=100&cell_m=200")
    assert response.status_code == 400 and "more than once" in response.json()["detail"]
    assert anon.get("/heatmaps/nope/grid.geojson").status_code == 404
    assert anon.get("/heatmaps/nope/grid/1/0/0.mvt").status_code == 404
    assert anon.get(url(places, "grid/99/0/0.mvt")).status_code == 400
    assert anon.get(url(places, "grid/2/4/0.mvt")).status_code == 400
    assert anon.get(url(places, "grid/a/0/0.mvt")).status_code == 400


def test_grid_tiles_carry_the_published_cells(anon, places):
    tile = tile_at(*CENTRE, 10)  # holds every place, so every shown cell
    response = anon.get(url(places, f"grid/{tile.z}/{tile.x}/{tile.y}.mvt"), {"cell_m": 100})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.mapbox-vector-tile"
    layer = mapbox_vector_tile.decode(response.content)["grid"]
    geojson = anon.get(url(places, "grid.geojson"), {"cell_m": 100}).json()
    assert len(layer["features"]) == len(geojson["features"]) > 0
    for feature in layer["features"]:
        props = feature["properties"]
        assert props["contributors"] >= 3 and props["count"] == props["count_spot"]
    assert sum(f["properties"]["count"] for f in layer["features"]) == sum(
        f["properties"]["count"] for f in geojson["features"]
    )
    again = anon.get(
        url(places, f"grid/{tile.z}/{tile.x}/{tile.y}.mvt"),
        {"cell_m": 100},
        HTTP_IF_NONE_MATCH=response["ETag"],
    )
    assert again.status_code == 304
    empty = anon.get(url(places, "grid/12/0/0.mvt"), {"cell_m": 100})
    assert empty.status_code == 204


def test_refresh_aggregates_command(places, capsys):
    call_command("refresh_aggregates", "--campaign", places.slug)
    kinds = set(AggregateRun.objects.values_list("kind", flat=True))
    assert kinds == {"grid", "hotspots", "clusters"}
    place_many(places, [CENTRE])
    call_command("refresh_aggregates")
    versions = set(AggregateRun.objects.values_list("published_version", flat=True))
    assert len(versions) == 1 and AggregateRun.objects.count() == 3
    assert "hotspots" in capsys.readouterr().out


def test_refresh_skips_results_over_todays_cell_limit(places, settings):
    from heatmaps.cells.selectors import grid_layer

    grid_layer(places, cell_m=100)
    settings.GP_AGGREGATE_MAX_CELLS = 100
    place_many(places, [CENTRE])
    call_command("refresh_aggregates", "--campaign", places.slug)
    assert not AggregateRun.objects.filter(params__cell_m=100).exists()
