"""The lean tile path: round trips, prepared statements, kept campaign metadata, the fast path
past the middleware, and compressed tiles."""

import gzip

import brotli
import mapbox_vector_tile
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from geo_participation.campaigns.models import Campaign
from layers.tiles import campaigns
from layers.tiles.fastpath import TileFastPathMiddleware
from tests.tile_helpers import basic, features, url

FAST_PATH = "layers.tiles.fastpath.TileFastPathMiddleware"


@pytest.fixture
def kept(settings):
    """Campaign metadata kept for a minute (tests default to 0: read on every request)."""
    settings.GP_TILE_METADATA_TTL = 60
    return settings


def full_stack(settings) -> Client:
    """Return a client whose requests skip the fast path (the whole middleware stack)."""
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != FAST_PATH]
    return Client()


def tile_queries(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries]


def test_an_uncached_public_tile_costs_one_round_trip(campaign, home, scattered, kept, client):
    kept.GP_TILE_CACHE = False
    client.get(url(campaign, home))  # reads the campaign once, then keeps it
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url(campaign, home))
    assert response.status_code == 200 and features(response)
    [statement] = tile_queries(captured)
    assert "ST_AsMVT" in statement and "published_version" in statement


def test_a_cached_public_tile_costs_no_round_trip(campaign, home, scattered, kept, client):
    kept.GP_TILE_CACHE = True
    first = client.get(url(campaign, home))
    with CaptureQueriesContext(connection) as captured:
        second = client.get(url(campaign, home))
    assert tile_queries(captured) == []
    assert second.content == first.content and second["ETag"] == first["ETag"]


def test_the_tile_statement_is_prepared_on_the_server(campaign, home, scattered, client):
    assert client.get(url(campaign, home)).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    # Parameters bound on the server ($1...), not inlined by the client.
    assert any("ST_AsMVT" in text and "$1" in text for text in prepared), prepared
    assert any("set_config('work_mem'" in text for text in prepared), prepared


def test_the_etag_follows_the_version_the_tile_statement_read(
    campaign, home, scattered, kept, client
):
    kept.GP_TILE_CACHE = False
    before = client.get(url(campaign, home))
    Campaign.objects.filter(pk=campaign.pk).update(published_version=campaign.published_version + 7)
    # The kept metadata is older, but an uncached tile reads the version with its bytes.
    after = client.get(url(campaign, home))
    assert after["ETag"] != before["ETag"]
    assert (
        client.get(url(campaign, home), headers={"If-None-Match": after["ETag"]}).status_code == 304
    )


@pytest.mark.parametrize("change", ["draft", "deleted"])
def test_a_campaign_no_longer_public_stops_being_served_within_the_ttl(
    campaign, home, scattered, kept, client, monkeypatch, change
):
    kept.GP_TILE_CACHE = True
    elsewhere = home.__class__(home.z, home.x + 1, home.y)
    assert client.get(url(campaign, home)).status_code == 200
    if change == "draft":
        Campaign.all_objects.filter(pk=campaign.pk).update(draft=True)
    else:
        Campaign.all_objects.filter(pk=campaign.pk).delete()
    # An uncached tile: its statement sees the campaign is gone, at once.
    assert client.get(url(campaign, elsewhere)).status_code == 404
    # A cached tile within the TTL may still be answered; after it, never.
    clock = campaigns.time.monotonic() + kept.GP_TILE_METADATA_TTL + 1
    monkeypatch.setattr(campaigns.time, "monotonic", lambda: clock)
    gone = client.get(url(campaign, home))
    assert gone.status_code == 404 and gone.json()["code"] == "not_found"


def paths(campaign, home):
    """Tile requests whose answers the fast path and the full stack must agree on."""
    return [
        (url(campaign, home), {}),  # a tile with features
        (f"/tiles/{campaign.slug}/3/0/0.mvt", {}),  # an empty tile: 204
        (f"/tiles/{campaign.slug}/3/9/0.mvt", {}),  # a bad address: 400
        ("/tiles/nobody/3/0/0.mvt", {}),  # no such campaign: 404
        (url(campaign, home), {"Accept-Encoding": "gzip, br"}),
        (url(campaign, home), {"Accept-Encoding": "gzip"}),
        (f"/heatmaps/{campaign.slug}/grid/3/0/0.mvt", {}),  # another mount
    ]


def test_the_fast_path_answers_as_the_full_stack_does(campaign, home, scattered, settings):
    settings.GP_TILE_CACHE = False
    fast = [Client().get(path, headers=headers) for path, headers in paths(campaign, home)]
    full = [
        full_stack(settings).get(path, headers=headers) for path, headers in paths(campaign, home)
    ]
    for ours, theirs in zip(fast, full, strict=True):
        assert ours.status_code == theirs.status_code
        assert ours.content == theirs.content
        assert dict(ours.headers) == dict(theirs.headers)
    assert [r.status_code for r in fast] == [200, 204, 400, 404, 200, 200, 204]
    assert fast[2].json()["code"] == "invalid_tile"


def test_the_fast_path_answers_the_draft_and_the_304(campaign, home, scattered, settings, rf):
    middleware = TileFastPathMiddleware(lambda request: pytest.fail("took the full stack"))
    etag = middleware(rf.get(url(campaign, home)))["ETag"]
    assert middleware(rf.get(url(campaign, home), HTTP_IF_NONE_MATCH=etag)).status_code == 304
    Campaign.all_objects.filter(pk=campaign.pk).update(draft=True)
    assert middleware(rf.get(url(campaign, home))).status_code == 404


def test_requests_naming_someone_take_the_full_stack(campaign, home, rf, make_user):
    middleware = TileFastPathMiddleware(lambda request: "full stack")
    user = make_user("mod", "moderators")
    for request in (
        rf.get(url(campaign, home), headers=basic(user)),
        rf.post(url(campaign, home)),
        rf.get("/tiles/fear.json"),
    ):
        assert middleware(request) == "full stack"


def test_credentials_still_get_exact_private_tiles(campaign, home, scattered, make_user):
    moderator = make_user("mod", "moderators")
    signed_in = Client()
    signed_in.force_login(moderator)
    for response in (
        signed_in.get(url(campaign, home)),
        Client().get(url(campaign, home), headers=basic(moderator)),
    ):
        assert response.status_code == 200
        assert response["Cache-Control"].startswith("private")
    public = Client().get(url(campaign, home))
    assert public["Cache-Control"].startswith("public")


@pytest.mark.parametrize("cache", [False, True])
def test_gzip_and_br_tiles_decode_to_the_same_tile(campaign, home, scattered, settings, cache):
    settings.GP_TILE_CACHE = cache
    plain = Client().get(url(campaign, home))
    assert "Content-Encoding" not in plain
    decoded = {}
    for coding, decompress in (("br", brotli.decompress), ("gzip", gzip.decompress)):
        for _ in range(2):  # the second may come from the cache
            response = Client().get(url(campaign, home), headers={"Accept-Encoding": coding})
            assert response["Content-Encoding"] == coding
            assert "Accept-Encoding" in response["Vary"]
            assert decompress(response.content) == plain.content
            decoded[coding] = response["ETag"]
    assert len({plain["ETag"], *decoded.values()}) == 3  # one strong ETag per representation
    layers = mapbox_vector_tile.decode(gzip.decompress(response.content))
    assert len(layers["submissions"]["features"]) == len(features(plain)) > 0


def test_empty_tiles_stay_204_without_encoding(campaign, client):
    response = client.get(f"/tiles/{campaign.slug}/3/0/0.mvt", headers={"Accept-Encoding": "br"})
    assert response.status_code == 204 and response.content == b""
    assert "Content-Encoding" not in response
