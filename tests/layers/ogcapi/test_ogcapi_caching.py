"""OGC API answers for shared caches: public with an ETag for anonymous clients, private else."""

import pytest
from django.test import Client

from geo_participation.clients import COOKIE as CLIENT_COOKIE
from tests.tile_helpers import add, basic

ITEMS = "/ogc/collections/fear/items?f=json"


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def test_anonymous_items_are_public_with_the_etag_of_the_version(campaign, client):
    add(campaign)
    first = client.get(ITEMS)
    assert first["Cache-Control"] == "public, max-age=60"
    # The same version gives the same ETag, though every answer holds the time it was made.
    again = client.get(ITEMS)
    assert again["ETag"] == first["ETag"] and again.content != first.content
    assert client.get(ITEMS, headers={"If-None-Match": first["ETag"]}).status_code == 304
    # A new post is a new version: a new ETag, and the old one no longer answers 304.
    add(campaign)
    changed = client.get(ITEMS, headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_other_json_answers_get_the_etag_of_their_bytes(campaign, client):
    first = client.get("/ogc/collections?f=json")
    assert first["Cache-Control"] == "public, max-age=60" and first["ETag"]
    again = client.get("/ogc/collections?f=json", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and "Cookie" in again["Vary"]


def test_answers_to_someone_are_private(campaign, client, make_user):
    add(campaign)
    moderator = make_user("mod", "moderators")
    assert client.get(ITEMS, headers=basic(moderator))["Cache-Control"].startswith("private")
    session = Client()
    session.force_login(moderator)
    assert session.get(ITEMS)["Cache-Control"].startswith("private")


def test_pages_and_errors_carry_no_lifetime(campaign, client):
    assert "Cache-Control" not in client.get("/ogc/collections/fear/items?f=html")
    assert "Cache-Control" not in client.get("/ogc/collections/nothing/items?f=json")
    assert "Cache-Control" not in client.get(f"{ITEMS}&limit=abc")


EXACT = [7.77123, 49.44321]


def coordinates(response) -> list:
    assert response.status_code == 200, response.content
    (feature,) = response.json()["features"]
    return feature["geometry"]["coordinates"]


@pytest.mark.parametrize("role", ["moderators", "planners"])
def test_staffs_etag_never_validates_the_public_copy(
    campaign, client, make_category, make_submission, make_user, role
):
    # Staff get a sensitive place exactly, the public generalised: two answers, two ETags, so
    # a shared browser sending staff's ETag without credentials is not told to keep its copy.
    make_category(campaign, "fearspot", sensitive=True)
    make_submission(campaign, category="fearspot", coordinates=EXACT)
    staff = client.get(ITEMS, headers=basic(make_user("staff", role)))
    assert coordinates(staff) == pytest.approx(EXACT)
    public = client.get(ITEMS)
    assert coordinates(public) != pytest.approx(EXACT)
    assert staff["ETag"] != public["ETag"]

    # The same browser without the credentials, its anonymous client cookie still set.
    shared = Client(raise_request_exception=False)
    shared.cookies[CLIENT_COOKIE] = "shared-browser"
    for browser in (client, shared):
        answered = browser.get(ITEMS, headers={"If-None-Match": staff["ETag"]})
        assert coordinates(answered) == coordinates(public) != pytest.approx(EXACT)
        assert answered["ETag"] == public["ETag"]
        assert browser.get(ITEMS, headers={"If-None-Match": public["ETag"]}).status_code == 304


def test_a_citizens_etag_is_their_own(campaign, client, make_category, make_user):
    # A signed-in citizen sees their own sensitive post exactly: neither the public's ETag nor
    # another citizen's.
    make_category(campaign, "fearspot", sensitive=True)
    author, other = make_user("author"), make_user("other")
    add(campaign, category="fearspot", author=author)
    mine = client.get(ITEMS, headers=basic(author))
    theirs = client.get(ITEMS, headers=basic(other))
    public = client.get(ITEMS)
    assert len({mine["ETag"], theirs["ETag"], public["ETag"]}) == 3
    assert coordinates(theirs) == coordinates(public) != coordinates(mine)
