"""Vector tiles: decoded with mapbox-vector-tile and compared with what PostGIS says is there."""

import base64
import math

import pytest
import shapely.geometry
from django.contrib.gis.geos import LineString, Point, Polygon
from django.test import Client
from django.utils.timezone import localtime

from geo_participation.submissions.models import Submission
from geo_participation.submissions.selectors import sensitive_grid
from layers.registry import SUBMISSIONS
from layers.tiles.addressing import Tile
from tests.conftest import INSIDE
from tests.tile_helpers import (
    LOW,
    add,
    at,
    basic,
    features,
    in_tile_sql,
    lonlat,
    mercator,
    pixel,
    point,
    tile_at,
    url,
)


def test_high_zoom_tile_carries_exactly_the_approved_submissions_in_it(
    campaign, home, scattered, client
):
    response = client.get(url(campaign, home))
    assert response["Content-Type"] == "application/vnd.mapbox-vector-tile"
    found = features(response)
    expected = in_tile_sql(campaign, home, buffered=True)
    assert {f["id"]: f["properties"]["category"] for f in found} == expected
    assert len(expected) == 6
    first = next(f for f in found if f["id"] == scattered[1].pk)
    assert first["properties"] == {
        "id": scattered[1].pk,
        "category": "spot",
        "support_count": 1,
        "created": localtime(scattered[1].created_at).date().isoformat(),
        "generalised": False,
        "public_status": "received",
    }
    x, y = pixel(home, *mercator(home, 0.5, 0.5))
    assert first["geometry"]["coordinates"] == pytest.approx([x, y], abs=1)
    assert set().union(*(f["properties"] for f in found)) <= set(SUBMISSIONS.fields)


def test_pending_and_rejected_are_in_no_tile_for_anyone(
    campaign, home, scattered, client, make_user
):
    hidden = set(Submission.objects.exclude(status="approved").values_list("pk", flat=True))
    low = tile_at(*INSIDE, LOW)
    client.force_login(make_user("mod", "moderators"))
    for viewer in (Client(), client):
        assert not {f["id"] for f in features(viewer.get(url(campaign, home)))} & hidden
        counts = [f["properties"]["count"] for f in features(viewer.get(url(campaign, low)))]
        assert sum(counts) == len(in_tile_sql(campaign, low, buffered=False))


def test_low_zoom_aggregates_into_cells_whose_counts_add_up(campaign, home, scattered, client):
    add(campaign, "route", LineString(at(home, 0.2, 0.2), at(home, 0.4, 0.3), srid=4326))
    zone = [at(home, 0.6, 0.6), at(home, 0.8, 0.6), at(home, 0.8, 0.8), at(home, 0.6, 0.6)]
    add(campaign, "zone", Polygon(zone, srid=4326), support_count=5)
    # Two points in one z10 cell (a cell is 1/8 of a z15 tile, aligned with its edges).
    add(campaign, geom=point(home, 0.55, 0.55))
    add(campaign, geom=point(home, 0.56, 0.56))
    low = tile_at(*INSIDE, LOW)
    found = features(client.get(url(campaign, low)))
    expected = in_tile_sql(campaign, low, buffered=False)
    assert sum(f["properties"]["count"] for f in found) == len(expected) >= 10
    assert sum(f["properties"]["support_count"] for f in found) == sum(range(5)) + 5
    assert len({f["id"] for f in found}) == len(found)
    for f in found:
        assert f["geometry"]["type"] == "Point"
        assert f["properties"]["generalised"] is True
        assert "id" not in f["properties"] and "created" not in f["properties"]
        assert 0 <= min(f["geometry"]["coordinates"]) <= max(f["geometry"]["coordinates"]) < 4096
    assert max(f["properties"]["count"] for f in found) >= 2


@pytest.fixture
def secret(campaign, make_category, home):
    """A sensitive point placed so that snapping to the privacy grid moves it visibly."""
    make_category(campaign, "fear", "point", sensitive=True)
    grid = sensitive_grid(campaign)
    cx, cy = mercator(home, 0.5, 0.5)
    exact = ((math.floor(cx / grid) + 0.3) * grid, (math.floor(cy / grid) + 0.3) * grid)
    snapped = (math.floor(cx / grid) * grid, math.floor(cy / grid) * grid)
    row = add(campaign, "fear", Point(*lonlat(*exact), srid=4326))
    return row, exact, snapped


def test_sensitive_places_are_generalised_for_the_public(campaign, home, secret, client):
    row, exact, snapped = secret
    (found,) = features(client.get(url(campaign, home)))
    assert found["id"] == row.pk and found["properties"]["generalised"] is True
    assert found["geometry"]["coordinates"] == pytest.approx(pixel(home, *snapped), abs=1)
    assert math.dist(pixel(home, *exact), pixel(home, *snapped)) > 100


@pytest.mark.parametrize("role", ["moderators", "planners"])
def test_moderators_and_planners_see_sensitive_places_exactly(
    campaign, home, secret, make_user, role
):
    row, exact, _ = secret
    user = make_user("someone", role)
    session = Client()
    session.force_login(user)
    for response in (
        session.get(url(campaign, home)),
        Client().get(url(campaign, home), headers=basic(user)),
    ):
        (found,) = features(response)
        assert found["properties"]["generalised"] is False
        assert found["geometry"]["coordinates"] == pytest.approx(pixel(home, *exact), abs=1)
        assert response["Cache-Control"].startswith("private")


def test_generalisation_holds_in_aggregated_tiles(campaign, secret, client, make_user):
    _, exact, snapped = secret
    low = tile_at(*INSIDE, 12)

    def centre(position):
        cells = SUBMISSIONS.aggregate_cells
        cell, step = low.size / cells, 4096 // cells
        col, row = (position[0] - low.xmin) // cell, (low.ymax - position[1]) // cell
        return [col * step + step // 2, row * step + step // 2]

    assert centre(exact) != centre(snapped)
    (public,) = features(client.get(url(campaign, low)))
    assert public["geometry"]["coordinates"] == centre(snapped)
    planner = Client()
    planner.force_login(make_user("planner", "planners"))
    (seen,) = features(planner.get(url(campaign, low)))
    assert seen["geometry"]["coordinates"] == centre(exact)


def test_a_sensitive_place_is_only_in_the_tile_of_its_generalised_position(
    campaign, make_category, make_user
):
    # Which tile shows a place must not tell more than its generalised position: find a z17
    # tile with a grid node near its east edge, and put the place east of the tile (beyond its
    # buffer) but close enough to that node to snap onto it.
    make_category(campaign, "fear", "point", sensitive=True)
    grid, start = sensitive_grid(campaign), tile_at(*INSIDE, 17)
    for dx in range(40):
        tile = Tile(17, start.x + dx, start.y)
        east, buffer = tile.xmin + tile.size, tile.size / 64
        node_x = math.floor(east / grid) * grid
        if east + buffer - 0.45 * grid < node_x < east - buffer:
            break
    else:
        pytest.fail("no z17 tile with a grid node near its east edge")
    node_y = math.ceil((tile.ymax - tile.size + buffer) / grid) * grid
    add(campaign, "fear", Point(*lonlat(node_x + 0.45 * grid, node_y), srid=4326))
    beside = Tile(17, tile.x + 1, tile.y)
    (public,) = features(Client().get(url(campaign, tile)))
    assert public["geometry"]["coordinates"] == pytest.approx(pixel(tile, node_x, node_y), abs=1)
    assert Client().get(url(campaign, beside)).status_code == 204
    planner = Client()
    planner.force_login(make_user("planner", "planners"))
    assert planner.get(url(campaign, tile)).status_code == 204
    assert len(features(planner.get(url(campaign, beside)))) == 1


def test_wrong_basic_credentials_are_refused(campaign, home, make_user):
    make_user("planner", "planners")
    token = base64.b64encode(b"planner:wrong").decode()
    response = Client().get(url(campaign, home), headers={"Authorization": f"Basic {token}"})
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic")


def test_lines_and_polygons_are_clipped_and_valid_at_high_zoom(campaign, home, client):
    line = add(campaign, "route", LineString(at(home, -0.5, 0.5), at(home, 1.5, 0.5), srid=4326))
    ring = [at(home, -0.5, -0.5), at(home, 0.4, -0.5), at(home, 0.4, 0.4), at(home, -0.5, 0.4)]
    zone = add(campaign, "zone", Polygon([*ring, ring[0]], srid=4326))
    found = {f["id"]: f for f in features(client.get(url(campaign, home)))}
    assert set(found) == {line.pk, zone.pk}
    for f in found.values():
        shape = shapely.geometry.shape(f["geometry"])
        assert shape.is_valid
        minx, miny, maxx, maxy = shape.bounds
        assert -64 <= minx and -64 <= miny and maxx <= 4096 + 64 and maxy <= 4096 + 64
    assert shapely.geometry.shape(found[line.pk]["geometry"]).bounds == pytest.approx(
        (-64, 2048, 4160, 2048), abs=1
    )
    assert shapely.geometry.shape(found[zone.pk]["geometry"]).bounds == pytest.approx(
        (-64, -64, 0.4 * 4096, 0.4 * 4096), abs=1
    )


def test_a_tile_over_the_feature_cap_is_answered_as_grid_cells(
    campaign, home, scattered, client, settings
):
    # The home tile holds five published places, and one more lies in its buffer.
    settings.GP_TILE_MAX_FEATURES = 5
    found = features(client.get(url(campaign, home)))
    assert all("count" not in f["properties"] for f in found)
    # At the cap, the buffer's extra place is the one cut: lowest ids first.
    assert sorted(f["id"] for f in found) == sorted(s.pk for s in scattered)[:5]
    settings.GP_TILE_MAX_FEATURES = 4
    found = features(client.get(url(campaign, home)))
    # Not an arbitrary four of the five: cells that say where places are and how many.
    assert len(found) == 4
    assert all(f["properties"]["count"] == 1 for f in found)
    assert not {f["id"] for f in found} & {s.pk for s in scattered}
    assert len(features(client.get(url(campaign, tile_at(*INSIDE, LOW))))) <= 4


def test_a_tile_over_the_byte_cap_is_answered_aggregated(campaign, home, scattered, settings):
    full = Client().get(url(campaign, home))
    settings.GP_TILE_MAX_BYTES = len(full.content) - 1
    response = Client().get(url(campaign, home))
    assert len(response.content) <= settings.GP_TILE_MAX_BYTES
    found = features(response)
    assert found and all("count" in f["properties"] for f in found)
    settings.GP_TILE_MAX_BYTES = 5  # smaller than any feature: nothing fits
    assert Client().get(url(campaign, home)).status_code == 204


def test_an_aggregated_tile_over_the_byte_cap_keeps_its_largest_cells(
    campaign, home, scattered, settings
):
    for i in range(3):  # one cell with four points
        add(campaign, geom=point(home, 0.52 + i / 100, 0.52))
    low = tile_at(*INSIDE, LOW)
    full = Client().get(url(campaign, low))
    settings.GP_TILE_MAX_BYTES = len(full.content) // 2
    response = Client().get(url(campaign, low))
    assert 0 < len(response.content) <= settings.GP_TILE_MAX_BYTES
    counts = sorted((f["properties"]["count"] for f in features(full)), reverse=True)
    kept = sorted((f["properties"]["count"] for f in features(response)), reverse=True)
    assert kept == counts[: len(kept)] and 0 < len(kept) < len(counts)
