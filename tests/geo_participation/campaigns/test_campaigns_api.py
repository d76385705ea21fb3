"""Campaign endpoints, and the listing of a campaign's submissions with its visibility rules."""

import json
import math
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tests.conftest import AREA, RATING_QUESTION, TIME_QUESTION, feature, submissions_url

# Off every node of the 100 m grid, so generalisation visibly moves it.
EXACT = [7.771234, 49.441234]
# How far a point snapped to a 100 m grid may move: half a cell in both directions, at most.
MAX_SHIFT_M = 100 * math.sqrt(2)


def metres_between(a, b):
    """Return the distance in metres between two [lon, lat] positions (equirectangular)."""
    lat = math.radians((a[1] + b[1]) / 2)
    dx = math.radians(b[0] - a[0]) * math.cos(lat) * 6371008.8
    dy = math.radians(b[1] - a[1]) * 6371008.8
    return math.hypot(dx, dy)


def bbox_around(position, half=0.00001):
    lon, lat = position
    return f"{lon - half},{lat - half},{lon + half},{lat + half}"


def listing(campaign, client=None, **params):
    response = (client or APIClient()).get(submissions_url(campaign), params)
    assert response.status_code == 200, response.json()
    return response.json()


def listed_ids(campaign, client=None, **params):
    return [f["id"] for f in listing(campaign, client, **params)["features"]]


def submit(client, campaign, body=None):
    response = client.post(submissions_url(campaign), body or feature(), format="json")
    assert response.status_code == 201, response.json()
    return response.json()["id"]


# Campaign endpoints


def test_campaign_list_shows_each_campaign(campaign, api):
    response = api.get("/api/campaigns/")
    assert response.status_code == 200
    [item] = response.json()
    assert item["slug"] == "fear"
    assert item["is_open"] is True
    assert item["area"]["type"] == "MultiPolygon"
    assert {c["key"] for c in item["categories"]} == {"spot", "route", "zone"}


def test_campaign_detail_has_area_categories_and_questions(campaign, api):
    response = api.get(f"/api/campaigns/{campaign.slug}/")
    assert response.status_code == 200
    body = response.json()
    assert body["slug"] == "fear"
    assert body["is_open"] is True
    assert body["participation"] == "anonymous"
    assert body["moderation"] == "pre"
    assert body["area"] == json.loads(AREA.geojson)
    categories = {c["key"]: c for c in body["categories"]}
    assert categories["spot"]["geometry_type"] == "Point"
    assert categories["route"]["geometry_type"] == "LineString"
    assert categories["zone"]["geometry_type"] == "Polygon"
    assert categories["spot"]["questions"] == [TIME_QUESTION, RATING_QUESTION]
    assert categories["spot"]["sensitive"] is False


@pytest.mark.parametrize(
    ("opens_in_days", "closes_in_days"), [(-10, -1), (1, 10)], ids=["closed", "not-yet-open"]
)
def test_campaign_outside_its_dates_is_not_open(make_campaign, api, opens_in_days, closes_in_days):
    now = timezone.now()
    make_campaign(
        "later",
        opens_at=now + timedelta(days=opens_in_days),
        closes_at=now + timedelta(days=closes_in_days),
    )
    assert api.get("/api/campaigns/later/").json()["is_open"] is False


def test_unknown_campaign_is_404(campaign, api):
    assert api.get("/api/campaigns/nowhere/").status_code == 404
    assert api.get("/api/campaigns/nowhere/submissions/").status_code == 404


# Listing: who sees what


def test_listing_is_a_paginated_feature_collection(campaign, make_submission):
    ids = [make_submission(campaign).pk for _ in range(3)]
    body = listing(campaign, page_size=2)
    assert body["type"] == "FeatureCollection"
    assert body["count"] == 3
    assert len(body["features"]) == 2
    assert body["next"]
    assert sorted(ids) == sorted(
        [f["id"] for f in body["features"]]
        + [f["id"] for f in APIClient().get(body["next"]).json()["features"]]
    )


def test_pending_submission_is_seen_by_its_anonymous_author_only(campaign, make_user, make_api):
    author = APIClient()
    sid = submit(author, campaign)
    assert listed_ids(campaign, author) == [sid]
    assert listed_ids(campaign, APIClient()) == []
    assert listed_ids(campaign, make_api(make_user("other"))) == []


def test_pending_submission_is_seen_by_its_logged_in_author_only(campaign, make_user, make_api):
    author = make_user("author")
    sid = submit(make_api(author), campaign)
    # Any session of the author, not only the client that sent it.
    assert listed_ids(campaign, make_api(author)) == [sid]
    assert listed_ids(campaign, make_api(make_user("other"))) == []
    assert listed_ids(campaign, APIClient()) == []


def test_rejected_submission_is_never_listed_not_even_to_its_author(
    campaign, moderator_api, make_user, make_api
):
    anonymous_author = APIClient()
    logged_in_author = make_api(make_user("author"))
    for author in (anonymous_author, logged_in_author):
        sid = submit(author, campaign)
        response = moderator_api.post(
            f"/api/moderation/submissions/{sid}/reject/", {"reason": "spam"}, format="json"
        )
        assert response.status_code == 200
        assert listed_ids(campaign, author) == []
    assert listed_ids(campaign) == []
    assert listed_ids(campaign, moderator_api) == []


def test_approved_submissions_are_listed_to_everyone(
    campaign, make_submission, make_user, make_api
):
    published = make_submission(campaign, status="approved")
    make_submission(campaign, status="pending")
    for client in (APIClient(), make_api(make_user("someone"))):
        assert listed_ids(campaign, client) == [published.pk]


def test_bbox_filters_the_listing(campaign, make_submission):
    west = make_submission(campaign, coordinates=[7.72, 49.41])
    east = make_submission(campaign, coordinates=[7.83, 49.47])
    assert listed_ids(campaign, bbox="7.70,49.40,7.75,49.43") == [west.pk]
    assert listed_ids(campaign, bbox="7.80,49.45,7.85,49.48") == [east.pk]
    assert sorted(listed_ids(campaign, bbox="7.70,49.40,7.85,49.48")) == sorted([west.pk, east.pk])
    assert listed_ids(campaign, bbox="7.75,49.43,7.80,49.45") == []


@pytest.mark.parametrize(
    "bbox",
    [
        pytest.param("7.70,49.40,7.85", id="three-numbers"),
        pytest.param("west,south,east,north", id="text"),
        pytest.param("7.85,49.40,7.70,49.48", id="minx-greater-than-maxx"),
        pytest.param("7.70,49.48,7.85,49.40", id="miny-greater-than-maxy"),
        pytest.param("NaN,49.40,7.85,49.48", id="nan"),
        pytest.param("-inf,49.40,7.85,49.48", id="infinity"),
        pytest.param("7.70,49.40,7.85,49.48,1", id="five-numbers"),
    ],
)
def test_invalid_bbox_is_refused(campaign, make_submission, bbox):
    make_submission(campaign)
    response = APIClient().get(submissions_url(campaign), {"bbox": bbox})
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid_bbox"
    assert "bbox" in response.json()["detail"]


# Sensitive categories: exact position for the author, moderators and planners only


@pytest.fixture
def fear_spaces(make_campaign, make_category):
    c = make_campaign("fear-spaces")
    make_category(c, "fear", "point", sensitive=True)
    return c


@pytest.fixture
def sensitive_sid(fear_spaces, moderator_api):
    """Return (author client, id) of an approved submission at EXACT in a sensitive category."""
    author = APIClient()
    body = feature({"type": "Point", "coordinates": EXACT}, category="fear")
    sid = submit(author, fear_spaces, body)
    assert moderator_api.post(f"/api/moderation/submissions/{sid}/approve/").status_code == 200
    return author, sid


def only_feature(campaign, client, **params):
    [item] = listing(campaign, client, **params)["features"]
    return item


def test_public_sees_sensitive_position_generalised(
    fear_spaces, sensitive_sid, make_user, make_api
):
    _, sid = sensitive_sid
    for viewer in (APIClient(), make_api(make_user("neighbour"))):
        item = only_feature(fear_spaces, viewer)
        assert item["id"] == sid
        assert item["properties"]["generalised"] is True
        shown = item["geometry"]["coordinates"]
        assert shown[0] != EXACT[0] and shown[1] != EXACT[1]
        assert metres_between(shown, EXACT) <= MAX_SHIFT_M


@pytest.mark.parametrize("viewer", ["author", "moderator", "planner"])
def test_author_moderators_and_planners_see_exact_sensitive_position(
    fear_spaces, sensitive_sid, moderator_api, planner_api, viewer
):
    author, sid = sensitive_sid
    client = {"author": author, "moderator": moderator_api, "planner": planner_api}[viewer]
    item = only_feature(fear_spaces, client)
    assert item["id"] == sid
    assert item["properties"]["generalised"] is False
    assert item["geometry"]["coordinates"] == EXACT


def test_logged_in_author_sees_own_sensitive_position_exactly(
    fear_spaces, make_user, make_api, moderator_api
):
    author = make_api(make_user("author"))
    body = feature({"type": "Point", "coordinates": EXACT}, category="fear")
    sid = submit(author, fear_spaces, body)
    moderator_api.post(f"/api/moderation/submissions/{sid}/approve/")
    item = only_feature(fear_spaces, author)
    assert item["geometry"]["coordinates"] == EXACT
    assert item["properties"]["generalised"] is False


def test_tiny_bbox_around_exact_position_does_not_reveal_sensitive_submission(
    fear_spaces, sensitive_sid
):
    author, sid = sensitive_sid
    shown = only_feature(fear_spaces, APIClient())["geometry"]["coordinates"]
    # The generalised position lies outside the tiny box; the public must not find it there.
    assert metres_between(shown, EXACT) > 5
    assert listed_ids(fear_spaces, APIClient(), bbox=bbox_around(EXACT)) == []
    assert listed_ids(fear_spaces, APIClient(), bbox=bbox_around(shown)) == [sid]
    assert listed_ids(fear_spaces, author, bbox=bbox_around(EXACT)) == [sid]
