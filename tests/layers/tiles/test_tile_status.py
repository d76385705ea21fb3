"""Tiles carry each published post's public status key (not its answer), up to date."""

from geo_participation.moderation import services
from tests.tile_helpers import LOW, features, tile_at, url


def test_a_changed_status_is_in_the_next_tile_and_the_answer_never(
    campaign, home, scattered, client, make_user
):
    planner = make_user("planner", "planners")
    before = {f["id"]: f["properties"] for f in features(client.get(url(campaign, home)))}
    assert before[scattered[0].pk]["public_status"] == "received"
    services.submission_respond(
        submission_id=scattered[0].pk, actor=planner, public_status="planned", answer="Kommt."
    )
    after = {f["id"]: f["properties"] for f in features(client.get(url(campaign, home)))}
    assert after[scattered[0].pk]["public_status"] == "planned"
    assert after[scattered[1].pk]["public_status"] == "received"
    assert all("answer" not in props for props in after.values())


def test_aggregated_cells_carry_no_status(campaign, scattered, client):
    low = tile_at(*scattered[0].geom.coords, LOW)
    found = features(client.get(url(campaign, low)))
    assert found and all("public_status" not in f["properties"] for f in found)
