"""The layer registry: every registered layer gets tiles, TileJSON and the server cache alike."""

import re
from pathlib import Path

import mapbox_vector_tile
import numpy as np
import pytest
from django.conf import settings as django_settings
from django.test import Client

from layers.registry import GRID_CELLS, LAYERS
from tests.aggregate_helpers import around, place_many
from tests.conftest import AREA
from tests.tile_helpers import tile_at

CENTRE = (7.775, 49.44)
ROOT = Path(django_settings.BASE_DIR)


@pytest.fixture
def places(campaign):
    rng = np.random.default_rng(1)
    place_many(campaign, around(rng, *CENTRE, 60, metres=150))
    return campaign


def grid_tile(campaign, tile):
    return f"/heatmaps/{campaign.slug}/grid/{tile.z}/{tile.x}/{tile.y}.mvt"


def tile_statements(captured):
    return [q["sql"] for q in captured.captured_queries if "ST_AsMVT(" in q["sql"]]


def test_every_layer_has_tiles_and_tilejson(campaign):
    # An entry is all it takes: both routes exist for every layer, answered by the same views.
    for layer in LAYERS.values():
        base = f"/{layer.mount}/{campaign.slug}" + (f"/{layer.path}" if layer.path else "")
        doc = Client().get(f"{base}.json").json()
        assert [entry["id"] for entry in doc["vector_layers"]] == [layer.name]
        (template,) = doc["tiles"]
        assert template.startswith(f"http://testserver{base}/{{z}}/{{x}}/{{y}}.mvt")
        path = template.removeprefix("http://testserver").format(z=3, x=4, y=2)
        assert Client().get(path).status_code in (200, 204)


def test_grid_tilejson_is_tilejson_3_with_the_registry_fields_and_the_filters(
    places, client, settings
):
    query = "cell_m=100&category=spot&shape=square"
    response = client.get(f"/heatmaps/{places.slug}/grid.json?{query}")
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "public, max-age=60"
    doc = response.json()
    assert doc["tilejson"] == "3.0.0" and doc["scheme"] == "xyz"
    assert doc["name"] == places.title and doc["attribution"]
    # The filters travel into the tiles URL: every tile shows the cells the document describes.
    base = f"http://testserver/heatmaps/{places.slug}/grid"
    assert doc["tiles"] == [f"{base}/{{z}}/{{x}}/{{y}}.mvt?{query}"]
    assert doc["minzoom"] == 0 and doc["maxzoom"] == settings.GP_TILE_MAX_ZOOM
    assert doc["bounds"] == pytest.approx(list(AREA.extent))
    west, south, east, north = doc["bounds"]
    lon, lat, zoom = doc["center"]
    assert west < lon < east and south < lat < north and 0 <= zoom <= doc["maxzoom"]

    (layer,) = doc["vector_layers"]
    assert layer["id"] == GRID_CELLS.name == "grid"
    categories = {f"count_{key}" for key in ("spot", "route", "zone")}
    assert set(layer["fields"]) == set(GRID_CELLS.fields) | categories
    for name, field in GRID_CELLS.fields.items():
        assert layer["fields"][name] == field.type
    assert set(layer["fields"].values()) <= {"Number", "String", "Boolean"}
    assert set(layer["field_descriptions"]) == set(layer["fields"])
    assert layer["minzoom"] == 0 and layer["maxzoom"] == settings.GP_TILE_MAX_ZOOM

    # The template works, and what the tile carries is what the document lists.
    tile = tile_at(*CENTRE, 10)
    path = doc["tiles"][0].removeprefix("http://testserver").format(z=tile.z, x=tile.x, y=tile.y)
    decoded = mapbox_vector_tile.decode(client.get(path).content)
    features = decoded["grid"]["features"]
    assert features
    for feature in features:
        assert set(feature["properties"]) <= set(layer["fields"])


def test_grid_tilejson_refuses_bad_filters_and_unknown_campaigns(places, client):
    response = client.get(f"/heatmaps/{places.slug}/grid.json", {"cell_m": "abc"})
    assert response.status_code == 400
    assert response.json()["parameter"] == "cell_m"
    assert client.get("/heatmaps/nope/grid.json").status_code == 404


def test_a_second_grid_tile_is_served_from_the_server_cache(
    places, settings, django_assert_num_queries, django_assert_max_num_queries
):
    settings.GP_TILE_CACHE = True
    tile = tile_at(*CENTRE, 10)
    first = Client().get(grid_tile(places, tile), {"cell_m": 100})
    assert first.status_code == 200
    # Another client (no If-None-Match): only the campaign row; no run, no tile statement.
    with django_assert_num_queries(1) as captured:
        second = Client().get(grid_tile(places, tile), {"cell_m": 100})
    assert not tile_statements(captured)
    assert second.status_code == 200 and second.content == first.content
    assert second["ETag"] == first["ETag"]
    # Other filters are another key: computed and drawn.
    with django_assert_max_num_queries(100) as captured:
        other = Client().get(grid_tile(places, tile), {"cell_m": 200})
    assert tile_statements(captured) and other["ETag"] != first["ETag"]


def test_moderation_changes_the_grid_tile_key(places, settings, moderator_api):
    settings.GP_TILE_CACHE = True
    tile = tile_at(*CENTRE, 10)

    def total():
        response = Client().get(grid_tile(places, tile), {"cell_m": 5000})
        layer = mapbox_vector_tile.decode(response.content)["grid"]
        return response["ETag"], sum(f["properties"]["count"] for f in layer["features"])

    before, count = total()
    assert count == 60
    [pending] = place_many(places, [CENTRE], status="pending")
    assert total() == (before, 60)  # nothing published changed: the same key
    assert moderator_api.post(f"/api/moderation/submissions/{pending.pk}/approve/").status_code
    after, count = total()
    # A new published_version is a new key: the cached tile of the old one is not served.
    assert after != before and count == 61


def test_st_asmvt_is_in_exactly_one_module():
    found = set()
    for package in ("geo_participation", "heatmaps", "layers"):
        for path in (ROOT / package).rglob("*"):
            if path.suffix not in (".py", ".sql") or "migrations" in path.parts:
                continue
            if re.search(r"ST_AsMVT\(", path.read_text(), flags=re.IGNORECASE):
                found.add(path.relative_to(ROOT).as_posix())
    assert found == {"layers/tiles/sql.py"}
