"""The "sections" vector-tile layer: sections with their numbers, k-suppressed for the public."""

import mapbox_vector_tile
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from geo_participation.submissions.models import Submission
from tests.section_helpers import build_sections
from tests.tile_helpers import tile_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def sections(campaign, make_category):
    return build_sections(campaign, make_category)


def tile_path(campaign, tile, query=""):
    return f"/heatmaps/{campaign.slug}/sections/{tile.z}/{tile.x}/{tile.y}.mvt{query}"


def features(response) -> dict[int, dict]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/vnd.mapbox-vector-tile"
    layer = mapbox_vector_tile.decode(response.content)["sections"]
    return {f["id"]: f for f in layer["features"]}


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_public_tiles_carry_numbers_of_k_contributors_only(campaign, sections):
    tile = tile_at(7.767, 49.44, 14)
    found = features(Client().get(tile_path(campaign, tile)))
    assert set(found) == {s.pk for s in sections}
    one, two = found[sections[0].pk], found[sections[1].pk]
    assert one["geometry"]["type"] == "LineString"
    assert one["properties"] == {
        "name": "Pirmasenser Straße",
        "layer": sections[0].layer_id,
        "ratings": 3,
        "contributors": 3,
        "mean": 4.0,
        "support_sum": 3,
    }
    # Two people: only the section itself.
    assert two["properties"] == {"name": "Pirmasenser Straße", "layer": sections[1].layer_id}


def test_planners_tiles_carry_every_number_privately(campaign, sections, make_user):
    tile = tile_at(7.767, 49.44, 14)
    response = signed_in(make_user("planner", "planners")).get(tile_path(campaign, tile))
    assert response["Cache-Control"].startswith("private")
    assert "Cookie" in response["Vary"]
    two = features(response)[sections[1].pk]["properties"]
    assert (two["ratings"], two["contributors"], two["mean"], two["support_sum"]) == (2, 2, 1.5, 4)


def test_the_tile_key_follows_published_ratings_and_filters(campaign, sections, settings):
    settings.GP_TILE_CACHE = True
    tile = tile_at(7.767, 49.44, 14)
    first = Client().get(tile_path(campaign, tile))
    assert features(first)[sections[0].pk]["properties"]["ratings"] == 3
    again = Client().get(tile_path(campaign, tile), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    Submission.objects.filter(reference=sections[0], status="pending").update(status="approved")
    fresh = features(Client().get(tile_path(campaign, tile)))
    assert fresh[sections[0].pk]["properties"]["ratings"] == 4
    filtered = features(Client().get(tile_path(campaign, tile, "?answers.score=4")))
    assert "ratings" not in filtered[sections[0].pk]["properties"]  # 1 < k
    refused = Client().get(tile_path(campaign, tile, "?cell_m=100"))
    assert refused.status_code == 400 and refused.json()["parameter"] == "cell_m"


def test_tilejson_lists_the_fields_and_keeps_the_filters(campaign, sections):
    doc = Client().get(f"/heatmaps/{campaign.slug}/sections.json?since=2026-01-01").json()
    (entry,) = doc["vector_layers"]
    assert entry["id"] == "sections"
    assert set(entry["fields"]) == {
        "id",
        "name",
        "layer",
        "ratings",
        "contributors",
        "mean",
        "support_sum",
    }
    assert doc["tiles"][0].endswith("/sections/{z}/{x}/{y}.mvt?since=2026-01-01")
    bad = Client().get(f"/heatmaps/{campaign.slug}/sections.json?since=never")
    assert bad.status_code == 400 and bad.json()["parameter"] == "since"


def test_a_tile_away_from_the_sections_is_empty(campaign, sections):
    tile = tile_at(7.71, 49.47, 15)
    assert Client().get(tile_path(campaign, tile)).status_code == 204


def test_the_numbers_are_counted_once_for_the_tiles_of_a_view(campaign, sections):
    tiles = [tile_at(7.762, 49.44, 15), tile_at(7.772, 49.44, 15)]
    assert tiles[0] != tiles[1]
    with CaptureQueriesContext(connection) as queries:
        for tile in tiles:
            assert features(Client().get(tile_path(campaign, tile)))
    counted = [q for q in queries.captured_queries if "WITH rated AS" in q["sql"]]
    assert len(counted) == 1
    # A new version is counted anew.
    Submission.objects.filter(reference=sections[0], status="pending").update(status="approved")
    with CaptureQueriesContext(connection) as queries:
        found = features(Client().get(tile_path(campaign, tiles[0])))
    assert len([q for q in queries.captured_queries if "WITH rated AS" in q["sql"]]) == 1
    assert found[sections[0].pk]["properties"]["ratings"] == 4


def test_public_tiles_carry_no_numbers_until_results_are_visible(campaign, sections, make_user):
    campaign.results_early = False
    campaign.save()
    tile = tile_at(7.767, 49.44, 14)
    hidden = Client().get(tile_path(campaign, tile))
    one = features(hidden)[sections[0].pk]["properties"]
    assert one == {"name": "Pirmasenser Straße", "layer": sections[0].layer_id}
    planner = signed_in(make_user("planner", "planners")).get(tile_path(campaign, tile))
    assert features(planner)[sections[0].pk]["properties"]["ratings"] == 3
    campaign.results_early = True  # staff show results early: no version bump needed
    campaign.save(update_fields=["results_early"])
    shown = Client().get(tile_path(campaign, tile), HTTP_IF_NONE_MATCH=hidden["ETag"])
    assert features(shown)[sections[0].pk]["properties"]["ratings"] == 3
