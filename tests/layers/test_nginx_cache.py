"""Debian's nginx with deploy/nginx/ in front of our server: what it keeps, and what never.

The cache keeps what our Cache-Control makes public (tiles, TileJSON, OGC API JSON), asks
again with our ETag when max-age has passed, and never stores or serves an answer made for a
signed-in viewer. Each test counts the requests that reach our server behind nginx.
"""

import json
import re
import time

import mapbox_vector_tile
import pytest
from django.conf import settings
from django.contrib.gis.geos import Point
from django.test import Client

from geo_participation.moderation.services import submission_approve
from layers.registry import LAYERS
from tests import nginx_helpers
from tests.conftest import INSIDE
from tests.layers.tiles.test_tiles import secret  # noqa: F401 - a fixture
from tests.nginx_helpers import TEMPLATE, UpstreamCounter, started
from tests.tile_helpers import HIGH, add, basic, tile_at, url

pytestmark = pytest.mark.django_db(transaction=True)

# nginx counts whole seconds: an entry is fresh for max-age to max-age + 1 s. Two seconds leave
# a loaded machine a second between two requests that must both fall within max-age.
MAX_AGE = 2
# A browser's CSRF cookie (a well-formed one: a malformed one is replaced with Set-Cookie).
CSRF = "csrftoken=" + "a" * 32


@pytest.fixture
def nginx(live_server):
    server = started(live_server)
    yield server
    server.stop()


@pytest.fixture
def upstream():
    """Count what reaches our server behind nginx."""
    counter = UpstreamCounter()
    yield counter
    counter.close()


@pytest.fixture(autouse=True)
def _short_max_age(settings):
    # The live server runs in this process: it answers with this max-age.
    settings.GP_TILE_MAX_AGE = MAX_AGE


def decoded(body: bytes) -> list[dict]:
    """Return the features of the submissions layer of a tile's bytes."""
    layers = mapbox_vector_tile.decode(body, default_options={"y_coord_down": True})
    return layers["submissions"]["features"] if layers else []


def feature_ids(body: bytes) -> set:
    """Return the ids of an OGC API items answer's features."""
    return {feature["id"] for feature in json.loads(body)["features"]}


def ids(body: bytes) -> set:
    return {feature["id"] for feature in decoded(body)}


def after_max_age():
    """Wait until every answer kept now is stale (nginx counts max-age in whole seconds)."""
    time.sleep(MAX_AGE + 1.1)


def test_a_second_public_tile_request_is_a_cache_hit(campaign, home, nginx, upstream):
    post = add(campaign)
    path = url(campaign, home)
    first = nginx.get(path)
    second = nginx.get(path)
    assert first[0] == second[0] == 200
    assert (first[1]["X-Cache-Status"], second[1]["X-Cache-Status"]) == ("MISS", "HIT")
    assert first[2] == second[2] and ids(second[2]) == {post.pk}
    assert upstream.count(path) == 1


def test_a_moderation_change_is_new_bytes_after_max_age(campaign, home, nginx, upstream, make_user):
    shown = add(campaign)
    waiting = add(campaign, status="pending", geom=Point(*INSIDE, srid=4326))
    path = url(campaign, home)
    assert ids(nginx.get(path)[2]) == {shown.pk}
    submission_approve(submission_id=waiting.pk, moderator=make_user("mod", "moderators"))
    # Within max-age the kept tile is served: the staleness is bounded by max-age.
    status, headers, body = nginx.get(path)
    assert headers["X-Cache-Status"] == "HIT" and ids(body) == {shown.pk}
    after_max_age()
    # nginx asks again with the old ETag; the new version has a new one: 200 with new bytes.
    status, headers, body = nginx.get(path)
    assert status == 200 and headers["X-Cache-Status"] == "EXPIRED"
    assert ids(body) == {shown.pk, waiting.pk}
    assert upstream.count(path) == 2
    # Kept again: the next request is a hit with the new bytes.
    status, headers, again = nginx.get(path)
    assert headers["X-Cache-Status"] == "HIT" and again == body


def test_an_unchanged_tile_is_revalidated_with_our_etag(campaign, home, nginx, upstream):
    add(campaign)
    path = url(campaign, home)
    _, first_headers, first = nginx.get(path)
    after_max_age()
    status, headers, body = nginx.get(path)
    # REVALIDATED: our server answered nginx's If-None-Match with 304, nginx sent the bytes.
    assert status == 200 and headers["X-Cache-Status"] == "REVALIDATED"
    assert body == first and headers["ETag"] == first_headers["ETag"]
    assert upstream.count(path) == 2


# After max-age nginx asks again with the ETag kept, and our 304 renews the entry
# (REVALIDATED); TileJSON carries no ETag, so it is fetched whole again (EXPIRED).
@pytest.mark.parametrize(
    ("path", "renewed"),
    [
        ("/tiles/fear.json", "EXPIRED"),
        ("/heatmaps/fear/grid.json", "EXPIRED"),
        ("/ogc/collections/fear/items?f=json", "REVALIDATED"),
        ("/ogc/collections/fear/items?f=json&limit=1", "REVALIDATED"),
        ("/ogc/collections", "REVALIDATED"),
    ],
)
def test_tilejson_and_ogc_answers_are_kept_and_renewed(campaign, nginx, upstream, path, renewed):
    add(campaign)
    first = nginx.get(path)
    second = nginx.get(path)
    assert first[0] == second[0] == 200
    assert first[1]["Cache-Control"] == f"public, max-age={MAX_AGE}"
    assert (first[1]["X-Cache-Status"], second[1]["X-Cache-Status"]) == ("MISS", "HIT")
    assert second[2] == first[2]
    assert upstream.count(path) == 1
    after_max_age()
    third = nginx.get(path)
    assert third[1]["X-Cache-Status"] == renewed and third[2] == first[2]
    assert upstream.count(path) == 2
    # TileJSON and OGC links are absolute: made from the Host the client used, not upstream's.
    if path.startswith("/tiles/"):
        assert f"//127.0.0.1:{nginx.port}/tiles/fear/" in first[2].decode()


# An empty tile (a grid tile of one post: cells of fewer than k people are left out) is a
# 204 No Content, kept like any other: most tiles of a map are empty.
@pytest.mark.parametrize(
    ("layer", "z", "status"),
    [
        ("/tiles/fear", HIGH, 200),
        ("/tiles/fear", 3, 200),
        ("/heatmaps/fear/grid", HIGH, 204),
        ("/heatmaps/fear/kde", 12, 200),
    ],
)
def test_every_kind_of_public_tile_is_kept(campaign, nginx, upstream, layer, z, status):
    add(campaign)
    tile = tile_at(*INSIDE, z)
    path = f"{layer}/{tile.z}/{tile.x}/{tile.y}.{'png' if 'kde' in layer else 'mvt'}"
    first, second = nginx.get(path), nginx.get(path)
    assert first[0] == second[0] == status
    assert first[1]["Cache-Control"] == f"public, max-age={MAX_AGE}"
    assert (first[1]["X-Cache-Status"], second[1]["X-Cache-Status"]) == ("MISS", "HIT")
    assert second[2] == first[2] and upstream.count(path) == 1


def test_compressed_and_plain_answers_are_kept_apart(campaign, nginx, upstream):
    path = "/tiles/fear.json"
    gzip = {"Accept-Encoding": "gzip"}
    plain = nginx.get(path)
    assert "Content-Encoding" not in plain[1] and "Accept-Encoding" in plain[1]["Vary"]
    # Our Vary names Accept-Encoding: nginx keeps the gzip answer as an entry of its own.
    packed = nginx.get(path, gzip)
    assert packed[1]["X-Cache-Status"] == "MISS" and packed[1]["Content-Encoding"] == "gzip"
    assert nginx.get(path, gzip)[1]["Content-Encoding"] == "gzip"
    again = nginx.get(path)
    assert again[1]["X-Cache-Status"] == "HIT" and again[2] == plain[2]
    assert "Content-Encoding" not in again[1]
    assert upstream.count(path) == 2


def test_the_ogc_items_of_a_moderation_change_are_new_after_max_age(campaign, nginx, make_user):
    shown = add(campaign)
    waiting = add(campaign, status="pending")
    path = "/ogc/collections/fear/items?f=json"
    assert feature_ids(nginx.get(path)[2]) == {shown.pk}
    submission_approve(submission_id=waiting.pk, moderator=make_user("mod", "moderators"))
    after_max_age()
    status, headers, body = nginx.get(path)
    assert status == 200 and headers["X-Cache-Status"] == "EXPIRED"
    assert feature_ids(body) == {shown.pk, waiting.pk}


def generalised(body: bytes) -> bool:
    (feature,) = decoded(body)
    return feature["properties"]["generalised"]


def moderator_credentials(make_user, how: str) -> dict:
    """Return the headers a moderator's browser (session cookie) or GIS client (Basic) sends."""
    user = make_user("mod", "moderators")
    if how == "basic":
        return basic(user)
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"Cookie": f"{CSRF}; {settings.SESSION_COOKIE_NAME}={cookie}"}


@pytest.mark.parametrize("how", ["session", "basic"])
def test_a_moderators_exact_tile_is_never_kept_nor_served_to_the_public(
    campaign, home, nginx, upstream, make_user, how, request
):
    # A sensitive post placed where the privacy grid moves it visibly (tests/layers/tiles).
    request.getfixturevalue("secret")
    credentials = moderator_credentials(make_user, how)
    path = url(campaign, home)
    status, headers, exact = nginx.get(path, credentials)
    assert status == 200 and not generalised(exact)
    assert headers["X-Cache-Status"] == "BYPASS"
    assert headers["Cache-Control"] == f"private, max-age={MAX_AGE}"
    # The public after the moderator: our server is asked, and the answer is generalised.
    status, headers, public = nginx.get(path)
    assert headers["X-Cache-Status"] == "MISS" and generalised(public)
    assert nginx.get(path)[1]["X-Cache-Status"] == "HIT"
    # The moderator after the public: never the kept public tile, always our server's answer.
    status, headers, again = nginx.get(path, credentials)
    assert headers["X-Cache-Status"] == "BYPASS" and again == exact
    assert upstream.count(path) == 3
    # Not even on disk: no cache entry holds the moderator's bytes.
    entries = nginx.cached_entries()
    assert any(public in entry for entry in entries)
    assert not any(exact in entry for entry in entries)


def test_other_cookies_get_their_own_entry_as_our_vary_asks(campaign, home, nginx, upstream):
    add(campaign)
    path = url(campaign, home)
    assert "Cookie" in nginx.get(path)[1]["Vary"]
    assert nginx.get(path)[1]["X-Cache-Status"] == "HIT"
    # nginx keys entries on the headers our Vary names: a cookie that is not a session gets an
    # entry of its own (the same public bytes), never the one made for a cookieless request.
    status, headers, _ = nginx.get(path, {"Cookie": CSRF})
    assert status == 200 and headers["X-Cache-Status"] == "MISS"
    assert headers["Cache-Control"] == f"public, max-age={MAX_AGE}"
    assert nginx.get(path, {"Cookie": CSRF})[1]["X-Cache-Status"] == "HIT"
    assert upstream.count(path) == 2


@pytest.mark.parametrize(
    ("path", "status"),
    [("/tiles/fear/3/8/0.mvt", 400), ("/tiles/nothing/3/0/0.mvt", 404)],
)
def test_errors_are_not_kept(campaign, nginx, upstream, path, status):
    for _ in range(2):
        answer = nginx.get(path)
        assert answer[0] == status and answer[1]["X-Cache-Status"] == "MISS"
    assert upstream.count(path) == 2


def test_pages_and_the_api_pass_through_uncached(campaign, nginx, upstream):
    for path in ("/api/campaigns/", f"/api/campaigns/{campaign.slug}/submissions/"):
        for _ in range(2):
            status, headers, _ = nginx.get(path)
            assert status == 200 and "X-Cache-Status" not in headers
        assert upstream.count(path) == 2


def test_every_layer_mount_is_a_cached_location():
    cached = set(
        re.findall(
            r"location (/\w+)/? \{\s*include snippets/gp_delivery_cache", TEMPLATE.read_text()
        )
    )
    assert {f"/{layer.mount}" for layer in LAYERS.values()} <= cached
    assert {"/ogc", "/static"} <= cached


def test_the_bypass_names_our_session_cookie():
    assert f"{settings.SESSION_COOKIE_NAME}=" in TEMPLATE.read_text()


def test_missing_nginx_fails_under_gp_require_browser(monkeypatch):
    monkeypatch.setattr(nginx_helpers, "NGINX", "/nonexistent/nginx")
    monkeypatch.setattr(nginx_helpers.web_browser, "REQUIRE_BROWSER", True)
    with pytest.raises(pytest.fail.Exception, match="/nonexistent/nginx"):
        started(None)
    monkeypatch.setattr(nginx_helpers.web_browser, "REQUIRE_BROWSER", False)
    with pytest.raises(pytest.skip.Exception):
        started(None)


def test_make_test_installs_nginx():
    makefile = (settings.BASE_DIR / "Makefile").read_text()
    assert re.search(r"\$\(SETUP\) [a-z ]*\bnginx\b", makefile.split("\ntest:")[1].split("\n\n")[0])
