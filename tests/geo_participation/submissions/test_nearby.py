"""Posts near a place (the add flow's duplicate offer): published only, same category, 50 m,
measured to the public position; and whether this visitor supports a post."""

import json
import math

import pytest
from django.contrib.gis.geos import LineString, Point
from rest_framework.test import APIClient

from geo_participation.submissions import selectors
from geo_participation.submissions.models import Submission
from tests.conftest import INSIDE, submissions_url

pytestmark = pytest.mark.django_db

LON, LAT = INSIDE
METRE_LAT = 1 / 111_320  # degrees of latitude per metre
METRE_LON = METRE_LAT / math.cos(math.radians(LAT))


def north(metres, lon=LON, lat=LAT):
    return [lon, lat + metres * METRE_LAT]


def nearby(client, slug="fear", **params):
    return client.get(f"/api/campaigns/{slug}/submissions/nearby/", params)


def ids(response):
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["type"] == "FeatureCollection"
    return [f["id"] for f in body["features"]]


@pytest.fixture
def light(campaign, make_category):
    return make_category(campaign, "light", "point")


def test_only_published_posts_of_the_category_within_50_m_nearest_first(
    api, campaign, light, make_submission
):
    at_30 = make_submission(campaign, coordinates=north(30))
    at_10 = make_submission(campaign, coordinates=north(-10))
    make_submission(campaign, coordinates=north(70))  # too far
    make_submission(campaign, coordinates=north(5), status="pending")
    make_submission(campaign, coordinates=north(5), status="rejected")
    make_submission(campaign, category="light", coordinates=north(5))
    found = ids(nearby(api, category="spot", lon=LON, lat=LAT))
    assert found == [at_10.pk, at_30.pk]
    feature = nearby(api, category="spot", lon=LON, lat=LAT).json()["features"][0]
    assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
    assert set(feature["properties"]) >= {"category", "comment", "support_count", "generalised"}
    assert "photo" not in feature["properties"]


def test_lines_are_found_when_they_intersect_or_pass_within_50_m(api, campaign):
    route = campaign.categories.get(key="route")
    east = 300 * METRE_LON

    def line(metres):
        return LineString(north(metres, LON - east), north(metres, LON + east), srid=4326)

    def probe(metres):
        crossing = {"type": "LineString", "coordinates": [north(metres - 100), north(metres + 100)]}
        beside = {"type": "LineString", "coordinates": [north(metres, LON + 2 * east)]}
        beside["coordinates"].append(north(metres, LON + 3 * east))
        return json.dumps(crossing), json.dumps(beside)

    stored = Submission.objects.create(
        campaign=campaign, category=route, geom=line(0), status="approved"
    )
    crossing, _ = probe(0)
    assert ids(nearby(api, category="route", geometry=crossing)) == [stored.pk]
    # A parallel line 40 m away is near; 80 m is not.
    parallel_40 = json.dumps(
        {"type": "LineString", "coordinates": [north(40), north(40, LON + east)]}
    )
    parallel_80 = json.dumps(
        {"type": "LineString", "coordinates": [north(80), north(80, LON + east)]}
    )
    assert ids(nearby(api, category="route", geometry=parallel_40)) == [stored.pk]
    assert ids(nearby(api, category="route", geometry=parallel_80)) == []


def test_areas_are_found_when_they_intersect(api, campaign):
    zone = campaign.categories.get(key="zone")
    square = Point(LON, LAT, srid=4326).buffer(0.001)
    stored = Submission.objects.create(
        campaign=campaign, category=zone, geom=square, status="approved"
    )
    shifted = {
        "type": "Polygon",
        "coordinates": [[[c[0] + 0.0015, c[1]] for c in square.coords[0]]],
    }
    assert ids(nearby(api, category="zone", geometry=json.dumps(shifted))) == [stored.pk]


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def _snap(point, grid):
    x, y = point.transform(3857, clone=True).coords
    return round(x / grid) * grid, round(y / grid) * grid


def test_sensitive_posts_are_measured_at_and_shown_at_their_public_position(
    api, make_campaign, make_category
):
    campaign = make_campaign("dark")
    make_category(campaign, "fear", "point", sensitive=True)
    campaign.refresh_from_db()
    grid = campaign.sensitive_grid_3857
    metre = campaign.mercator_scale()
    assert grid > 100 * metre * 0.99  # a privacy cell far wider than 50 m
    # An exact place more than 60 m from its cell's centre, and a probe 30 m further out from
    # the centre that falls in the next cell: near the exact place, far from the public one.
    for step in range(60):
        exact = Point(LON + step * 7 * METRE_LON, LAT + step * 5 * METRE_LAT, srid=4326)
        centre = _snap(exact, grid)
        x, y = exact.transform(3857, clone=True).coords
        apart = math.dist((x, y), centre)
        out = 30 * metre / apart
        probe = Point(x + (x - centre[0]) * out, y + (y - centre[1]) * out, srid=3857)
        probe.transform(4326)
        if apart / metre > 60 and _snap(probe, grid) != centre:
            break
    else:
        raise AssertionError("no place fits the layout")
    stored = Submission.objects.create(
        campaign=campaign, category=campaign.categories.get(), geom=exact, status="approved"
    )
    public = selectors.submission_list(campaign=campaign, viewer=_anonymous(), client_id=None)
    public = public.get(pk=stored.pk).out_geom
    # 30 m from the exact place, but in another cell and far from the public one: nothing.
    assert ids(nearby(api, "dark", category="fear", lon=probe.x, lat=probe.y)) == []
    # At the public position, and anywhere in the same cell (the exact spot too): the post,
    # shown where the public sees it.
    for where in (public, exact):
        found = nearby(api, "dark", category="fear", lon=where.x, lat=where.y).json()["features"]
        assert [f["id"] for f in found] == [stored.pk]
        assert found[0]["geometry"]["coordinates"] == pytest.approx(list(public.coords), abs=1e-9)
        assert found[0]["properties"]["generalised"] is True


@pytest.mark.parametrize(
    "params, code",
    [
        ({"lon": LON, "lat": LAT}, "unknown_category"),
        ({"category": "nope", "lon": LON, "lat": LAT}, "unknown_category"),
        ({"category": "spot", "lon": "east", "lat": LAT}, "invalid_coordinates"),
        ({"category": "spot", "lon": LON}, "invalid_coordinates"),
        ({"category": "spot", "lon": LON, "lat": 95}, "invalid_coordinates"),
        ({"category": "spot", "lon": "nan", "lat": LAT}, "invalid_coordinates"),
        ({"category": "route", "geometry": "{not json"}, "geometry_not_geojson"),
        (
            {"category": "route", "geometry": '{"type": "Point", "coordinates": [7.77, 49.44]}'},
            None,
        ),
    ],
)
def test_bad_input_is_a_400_in_the_error_shape(api, campaign, params, code):
    response = nearby(api, **params)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["detail"] and body["code"]
    if code:
        assert body["code"] == code


def test_too_many_questions_from_one_client_are_answered_429(api, campaign, settings):
    settings.GP_NEARBY_RATE = "3/minute"

    statuses = [nearby(api, category="spot", lon=LON, lat=LAT).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    refused = nearby(api, category="spot", lon=LON, lat=LAT)
    assert refused.json()["code"] == "throttled" and int(refused["Retry-After"]) >= 1


def test_unknown_campaign_is_a_404(api, campaign):
    assert nearby(api, "nope", category="spot", lon=LON, lat=LAT).status_code == 404


def test_support_state_is_told_to_this_visitor_only(campaign, make_submission):
    post = make_submission(campaign)
    url = f"/api/submissions/{post.pk}/support/"
    mine, other = APIClient(), APIClient()
    for client in (mine, other):
        client.get(submissions_url(campaign))  # the client cookie
    assert mine.get(url).json() == {"id": post.pk, "supported": False, "support_count": 0}
    mine.post(url)
    assert mine.get(url).json() == {"id": post.pk, "supported": True, "support_count": 1}
    assert other.get(url).json() == {"id": post.pk, "supported": False, "support_count": 1}
    # Said for someone in particular: never kept in a shared cache.
    assert "private" in mine.get(url)["Cache-Control"]
    pending = make_submission(campaign, status="pending")
    assert mine.get(f"/api/submissions/{pending.pk}/support/").status_code == 404
