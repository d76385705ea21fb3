"""Intake limits, campaign policies, what is stored for valid input, and throttling."""

import json
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from geo_participation.submissions.models import IdempotencyKey, Submission
from tests.conftest import feature, submissions_url
from tests.intake_helpers import SQUARE, assert_refused, line, point, polygon, post


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
    settings.GP_SUBMISSION_RATE = "3/day"
    cache.clear()
    client = APIClient()
    for _ in range(3):
        assert post(client, intake, feature()).status_code == 201
    response = post(client, intake, feature())
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert Submission.objects.count() == 3


def test_reads_are_not_throttled(intake, settings):
    settings.GP_SUBMISSION_RATE = "3/day"
    cache.clear()
    client = APIClient()
    for _ in range(3):
        assert post(client, intake, feature()).status_code == 201
    assert post(client, intake, feature()).status_code == 429
    for _ in range(5):
        response = client.get(submissions_url(intake))
        assert response.status_code == 200
        assert len(response.json()["features"]) == 3
