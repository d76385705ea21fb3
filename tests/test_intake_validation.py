"""Intake of one GeoJSON Feature: what is stored, what is refused (and then nothing is stored)."""

import json
import re
from datetime import timedelta

import pytest
from django.contrib.gis.geos import Point
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from geo_participation.submissions.models import IdempotencyKey, Submission
from tests.conftest import INSIDE, feature, submissions_url

OUTSIDE = [8.50, 49.00]
SWAPPED = [INSIDE[1], INSIDE[0]]
# A square well inside the campaign area, closed as GeoJSON requires.
SQUARE = [[7.76, 49.43], [7.78, 49.43], [7.78, 49.45], [7.76, 49.45], [7.76, 49.43]]
LIGHT_QUESTION = {
    "key": "lit",
    "label": "Is it lit?",
    "type": "single_choice",
    "choices": [{"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"}],
}


NOTE_QUESTION = {"key": "note", "label": "Anything else?", "type": "short_text"}


@pytest.fixture
def intake(campaign, make_category):
    """The test campaign plus point categories with a single-choice and a short-text question."""
    make_category(campaign, "light", "point", questions=[LIGHT_QUESTION])
    make_category(campaign, "remark", "point", questions=[NOTE_QUESTION])
    return campaign


@pytest.fixture
def anon():
    # Server errors come back as 500 responses instead of exceptions, so a test can say so.
    return APIClient(raise_request_exception=False)


def point(coordinates):
    return {"type": "Point", "coordinates": coordinates}


def line(coordinates):
    return {"type": "LineString", "coordinates": coordinates}


def polygon(*rings):
    return {"type": "Polygon", "coordinates": list(rings)}


def raw_point_body(coordinates_text):
    """Return a Feature as raw JSON text with the coordinates written verbatim."""
    return (
        '{"type": "Feature", "geometry": {"type": "Point", "coordinates": '
        + coordinates_text
        + '}, "properties": {"category": "spot", "answers": {"time_of_day": "night"}}}'
    )


def with_crs_on_geometry():
    geometry = point(INSIDE)
    geometry["crs"] = {"type": "name", "properties": {"name": "EPSG:4326"}}
    return feature(geometry)


def with_crs_on_feature():
    body = feature()
    body["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4326"}}
    return body


def without_category():
    body = feature()
    del body["properties"]["category"]
    return body


def post(client, campaign, body, *, key=None):
    """POST a body: dicts and lists as JSON, str and bytes as the raw request body."""
    headers = {"Idempotency-Key": key} if key else {}
    if isinstance(body, (str, bytes)):
        return client.post(
            submissions_url(campaign), body, content_type="application/json", headers=headers
        )
    return client.post(submissions_url(campaign), body, format="json", headers=headers)


def assert_refused(response, status, code, word):
    """Assert a clear JSON refusal: status, code, and a detail naming the problem."""
    assert response.status_code < 500, response.content[:500]
    assert response.status_code == status, response.content[:500]
    body = response.json()
    assert body["code"] == code, body
    assert re.search(word, body["detail"], re.IGNORECASE), body


BOW_TIE = [[7.76, 49.43], [7.78, 49.45], [7.78, 49.43], [7.76, 49.45], [7.76, 49.43]]

BAD_INPUT = [
    pytest.param(b'{"type": "Feature", "geometry": ', 400, "parse_error", "JSON", id="not-json"),
    pytest.param(point(INSIDE), 400, "not_a_feature", "Feature", id="bare-geometry"),
    pytest.param(
        {"type": "FeatureCollection", "features": [feature()]},
        400,
        "not_a_feature",
        "Feature",
        id="feature-collection",
    ),
    pytest.param([feature()], 400, "not_a_feature", "Feature", id="json-list"),
    pytest.param('"Feature"', 400, "not_a_feature", "Feature", id="json-string"),
    pytest.param(
        feature(line([INSIDE, [7.78, 49.45]])),
        400,
        "geometry_type",
        "Point",
        id="linestring-to-point-category",
    ),
    pytest.param(
        feature(point(INSIDE), category="zone"),
        400,
        "geometry_type",
        "Polygon",
        id="point-to-polygon-category",
    ),
    pytest.param(feature("POINT(7.77 49.44)"), 400, "geometry_not_geojson", "WKT", id="wkt-string"),
    pytest.param(
        feature("SRID=4326;POINT(7.77 49.44)"),
        400,
        "geometry_not_geojson",
        "EWKT",
        id="ewkt-string",
    ),
    pytest.param(
        feature(Point(*INSIDE, srid=4326).hex.decode()),
        400,
        "geometry_not_geojson",
        "hex",
        id="hex-wkb-string",
    ),
    pytest.param(with_crs_on_feature(), 400, "crs_not_supported", "crs", id="crs-on-feature"),
    pytest.param(with_crs_on_geometry(), 400, "crs_not_supported", "crs", id="crs-on-geometry"),
    pytest.param(raw_point_body("[NaN, 49.4]"), 400, "parse_error", "NaN", id="nan"),
    pytest.param(raw_point_body("[Infinity, 49.4]"), 400, "parse_error", "Infinity", id="inf"),
    pytest.param(raw_point_body("[7.77, -Infinity]"), 400, "parse_error", "Infinity", id="-inf"),
    pytest.param(raw_point_body("[1e400, 49.4]"), 400, "parse_error", "1e400", id="1e400"),
    pytest.param(
        feature(point([200, 49.44])), 400, "coordinates_out_of_range", "range", id="lon-200"
    ),
    pytest.param(
        feature(point([7.77, -95])), 400, "coordinates_out_of_range", "range", id="lat-minus-95"
    ),
    pytest.param(
        feature(point(["7.77", "49.44"])),
        400,
        "coordinates_not_numbers",
        "number",
        id="coordinates-as-strings",
    ),
    pytest.param(feature(point(SWAPPED)), 400, "outside_area", "swapped", id="swapped-lon-lat"),
    pytest.param(feature(point(OUTSIDE)), 400, "outside_area", "outside", id="outside-area"),
    pytest.param(
        feature(polygon(BOW_TIE), category="zone"),
        400,
        "invalid_geometry",
        "Self-intersection",
        id="bow-tie-polygon",
    ),
    pytest.param(
        feature(polygon(SQUARE[:-1] + [[7.765, 49.43]]), category="zone"),
        400,
        "invalid_geometry",
        "closed",
        id="unclosed-ring",
    ),
    pytest.param(feature(point([])), 400, "empty_geometry", "empty|position", id="empty-point"),
    pytest.param(
        feature(line([]), category="route"), 400, "empty_geometry", "empty", id="empty-line"
    ),
    pytest.param(
        feature({"type": "MultiPoint", "coordinates": [INSIDE]}),
        400,
        "geometry_type",
        "MultiPoint",
        id="multipoint-to-point-category",
    ),
    pytest.param(
        {"type": "Feature", "geometry": None, "properties": {"category": "spot"}},
        400,
        "missing_geometry",
        "geometry",
        id="null-geometry",
    ),
    pytest.param(
        {"type": "Feature", "geometry": point(INSIDE), "properties": ["spot"]},
        400,
        "invalid_properties",
        "properties",
        id="properties-not-an-object",
    ),
    pytest.param(
        feature(answers=["night"]),
        400,
        "invalid_answers",
        "answers",
        id="answers-not-an-object",
    ),
    pytest.param(
        feature({"type": "GeometryCollection", "geometries": [point(INSIDE)]}),
        400,
        "geometry_type",
        "GeometryCollection",
        id="geometry-collection",
    ),
    pytest.param(feature(point([*INSIDE, 100])), 400, "dimensions", "Z", id="z-coordinate-refused"),
    pytest.param(
        feature(answers={"time_of_day": "night", "mood": "sad"}),
        400,
        "invalid_answers",
        "mood",
        id="answer-to-unknown-question",
    ),
    pytest.param(
        feature(answers={"rating": 3}),
        400,
        "invalid_answers",
        "time_of_day.*required",
        id="required-answer-missing",
    ),
    pytest.param(
        feature(answers={"time_of_day": "night", "rating": 6}),
        400,
        "invalid_answers",
        "rating",
        id="rating-6",
    ),
    pytest.param(
        feature(answers={"time_of_day": "night", "rating": "3"}),
        400,
        "invalid_answers",
        "rating",
        id="rating-as-string",
    ),
    pytest.param(
        feature(answers={"time_of_day": "midnight"}),
        400,
        "invalid_answers",
        "time_of_day",
        id="bad-time-of-day",
    ),
    pytest.param(
        feature(category="light", answers={"lit": "maybe"}),
        400,
        "invalid_answers",
        "lit",
        id="bad-choice",
    ),
    pytest.param(
        feature(category="bench"), 400, "unknown_category", "category", id="unknown-category"
    ),
    pytest.param(without_category(), 400, "unknown_category", "category", id="missing-category"),
    pytest.param(
        feature(colour="red", urgent=True),
        400,
        "unknown_properties",
        "colour.*urgent",
        id="unknown-extra-properties",
    ),
]


@pytest.mark.parametrize(("body", "status", "code", "word"), BAD_INPUT)
def test_bad_input_is_refused_clearly_and_nothing_is_stored(intake, anon, body, status, code, word):
    before = Submission.objects.count()
    response = post(anon, intake, body, key="bad-input-key")
    assert_refused(response, status, code, word)
    assert Submission.objects.count() == before
    assert not IdempotencyKey.objects.exists()


# Inputs beyond the list above that must still be refused, never answered with a server error.
# PostgreSQL text cannot hold NUL characters, a 400-digit integer overflows a float, and
# deeply nested JSON exhausts the parser's recursion.
UNSTORABLE_INPUT = [
    pytest.param(feature(comment="dark\x00underpass"), id="nul-in-comment"),
    pytest.param(feature(category="sp\x00ot"), id="nul-in-category"),
    pytest.param(
        feature(category="remark", answers={"note": "under\x00pass"}), id="nul-in-text-answer"
    ),
    pytest.param(raw_point_body("[1" + "0" * 400 + ", 49.4]"), id="400-digit-integer"),
    # Nesting deeper than Python's recursion limit, well within the body size limit.
    pytest.param("[" * 50_000 + "]" * 50_000, id="deeply-nested-json"),
]


@pytest.mark.parametrize("body", UNSTORABLE_INPUT)
def test_unstorable_input_gets_400_not_500(intake, anon, body):
    before = Submission.objects.count()
    response = post(anon, intake, body, key="unstorable-key")
    assert response.status_code == 400, response.content[:300]
    assert response.json()["detail"]
    assert Submission.objects.count() == before
    assert not IdempotencyKey.objects.exists()


def test_too_many_vertices_is_refused(intake, anon, settings):
    settings.GP_MAX_VERTICES = 10
    vertices = [[7.75 + i * 0.001, 49.44] for i in range(11)]
    response = post(anon, intake, feature(line(vertices), category="route"), key="k")
    assert_refused(response, 400, "too_many_vertices", "10")
    assert not Submission.objects.exists()
    assert not IdempotencyKey.objects.exists()


def test_vertex_limit_itself_is_accepted(intake, anon, settings):
    settings.GP_MAX_VERTICES = 10
    vertices = [[7.75 + i * 0.001, 49.44] for i in range(10)]
    response = post(anon, intake, feature(line(vertices), category="route"))
    assert response.status_code == 201, response.json()


def test_default_vertex_limit_is_2000(settings):
    assert settings.GP_MAX_VERTICES == 2000


def test_body_over_size_limit_gets_413(intake, anon, settings):
    settings.GP_MAX_BODY_BYTES = 200
    body = json.dumps(feature(comment="x" * 300))
    assert len(body.encode()) > 200
    response = post(anon, intake, body, key="k")
    assert_refused(response, 413, "body_too_large", "200")
    assert not Submission.objects.exists()
    assert not IdempotencyKey.objects.exists()


def test_comment_over_limit_is_refused(intake, anon, settings):
    settings.GP_MAX_COMMENT_LENGTH = 20
    response = post(anon, intake, feature(comment="x" * 21), key="k")
    assert_refused(response, 400, "comment_too_long", "comment")
    assert not Submission.objects.exists()
    assert not IdempotencyKey.objects.exists()


def test_comment_at_limit_is_accepted(intake, anon, settings):
    settings.GP_MAX_COMMENT_LENGTH = 20
    response = post(anon, intake, feature(comment="x" * 20))
    assert response.status_code == 201, response.json()
    assert Submission.objects.get().comment == "x" * 20


def test_unknown_campaign_gets_404(intake, anon):
    response = anon.post("/api/campaigns/nowhere/submissions/", feature(), format="json")
    assert response.status_code == 404
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    ("opens_in_days", "closes_in_days", "state"),
    [
        pytest.param(-10, -1, "closed", id="closed"),
        pytest.param(1, 10, "not open yet", id="not-yet-open"),
    ],
)
def test_campaign_outside_its_dates_refuses_input(
    make_campaign, make_category, anon, opens_in_days, closes_in_days, state
):
    now = timezone.now()
    closed = make_campaign(
        "later",
        opens_at=now + timedelta(days=opens_in_days),
        closes_at=now + timedelta(days=closes_in_days),
    )
    make_category(closed, "spot", "point")
    response = post(anon, closed, feature(answers={}), key="k")
    assert_refused(response, 403, "campaign_not_open", state)
    body = response.json()
    assert body["opens_at"] == closed.opens_at.isoformat()
    assert body["closes_at"] == closed.closes_at.isoformat()
    assert not Submission.objects.exists()
    assert not IdempotencyKey.objects.exists()


def test_registered_only_campaign_refuses_anonymous_and_takes_logged_in(
    make_campaign, make_category, make_user, anon
):
    members = make_campaign("members", participation="registered")
    make_category(members, "spot", "point")
    response = post(anon, members, feature(answers={}), key="k")
    assert_refused(response, 403, "login_required", "registered|log in")
    assert not Submission.objects.exists()
    assert not IdempotencyKey.objects.exists()

    user = make_user("citizen")
    anon.force_authenticate(user)
    response = post(anon, members, feature(answers={}))
    assert response.status_code == 201, response.json()
    assert Submission.objects.get().author == user


@pytest.mark.parametrize(
    ("category", "geometry"),
    [
        pytest.param("spot", point([7.771234, 49.441234]), id="point"),
        pytest.param("route", line([[7.76, 49.43], [7.775, 49.44], [7.79, 49.45]]), id="line"),
        pytest.param("zone", polygon(SQUARE), id="polygon"),
    ],
)
def test_valid_geometry_is_stored_exactly_with_its_mercator_copy(intake, anon, category, geometry):
    body = feature(geometry, category=category, comment="  dark underpass ")
    response = post(anon, intake, body)
    assert response.status_code == 201, response.json()
    out = response.json()
    assert out["type"] == "Feature"
    assert out["geometry"] == geometry
    assert out["properties"]["status"] == "pending"
    assert out["properties"]["category"] == category
    assert out["properties"]["comment"] == "dark underpass"

    stored = Submission.objects.get(pk=out["id"])
    assert stored.geom.srid == 4326
    assert stored.geom.geom_type == geometry["type"]
    assert json.loads(stored.geom.geojson)["coordinates"] == geometry["coordinates"]
    assert stored.geom_3857 is not None
    assert stored.geom_3857.srid == 3857
    expected = stored.geom.transform(3857, clone=True)
    assert stored.geom_3857.equals_exact(expected, tolerance=0.01)
    assert stored.status == "pending"
    assert stored.comment == "dark underpass"


def test_answers_are_stored_as_given(intake, anon):
    answers = {"time_of_day": "evening", "rating": 4}
    response = post(anon, intake, feature(answers=answers))
    assert response.status_code == 201, response.json()
    assert response.json()["properties"]["answers"] == answers
    assert Submission.objects.get().answers == answers


def test_post_moderated_campaign_publishes_immediately(make_campaign, make_category, anon):
    open_campaign = make_campaign("open-map", moderation="post")
    make_category(open_campaign, "spot", "point")
    response = post(anon, open_campaign, feature(answers={}))
    assert response.status_code == 201, response.json()
    assert response.json()["properties"]["status"] == "approved"
    assert Submission.objects.get().status == "approved"
    stranger = APIClient()
    listed = stranger.get(submissions_url(open_campaign)).json()["features"]
    assert [f["id"] for f in listed] == [response.json()["id"]]


def test_fourth_post_in_a_minute_is_throttled(intake, settings):
    settings.GP_SUBMISSION_RATE = "3/minute"
    cache.clear()
    client = APIClient()
    for _ in range(3):
        assert post(client, intake, feature()).status_code == 201
    response = post(client, intake, feature())
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert Submission.objects.count() == 3


def test_throttle_counter_is_shared_by_clients_from_one_address(intake, settings):
    settings.GP_SUBMISSION_RATE = "3/minute"
    cache.clear()
    for _ in range(3):
        assert post(APIClient(), intake, feature()).status_code == 201
    # The counter lives in the shared (database) cache, keyed by the address.
    assert cache.get("throttle_submission_addr-127.0.0.1")
    assert post(APIClient(REMOTE_ADDR="127.0.0.1"), intake, feature()).status_code == 429
    assert post(APIClient(REMOTE_ADDR="192.0.2.7"), intake, feature()).status_code == 201


def test_reads_are_not_throttled(intake, settings):
    settings.GP_SUBMISSION_RATE = "3/minute"
    cache.clear()
    client = APIClient()
    for _ in range(3):
        assert post(client, intake, feature()).status_code == 201
    assert post(client, intake, feature()).status_code == 429
    for _ in range(5):
        response = client.get(submissions_url(intake))
        assert response.status_code == 200
        assert len(response.json()["features"]) == 3
