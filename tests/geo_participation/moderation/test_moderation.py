"""Moderation: only moderators see the queue and approve or reject; the public listing follows."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from rest_framework.test import APIClient

from geo_participation.submissions.models import Submission
from tests.conftest import INSIDE, feature, submissions_url

QUEUE = "/api/moderation/queue/"


def approve_url(pk):
    return f"/api/moderation/submissions/{pk}/approve/"


def reject_url(pk):
    return f"/api/moderation/submissions/{pk}/reject/"


def listed_ids(campaign, client=None):
    response = (client or APIClient()).get(submissions_url(campaign))
    assert response.status_code == 200, response.json()
    return [f["id"] for f in response.json()["features"]]


@pytest.fixture
def pending(campaign):
    """A pending submission sent by an anonymous citizen through the API."""
    response = APIClient().post(submissions_url(campaign), feature(comment="dark"), format="json")
    assert response.status_code == 201, response.json()
    return Submission.objects.get(pk=response.json()["id"])


def test_queue_lists_pending_submissions_with_geometry(
    campaign, pending, moderator_api, make_submission
):
    make_submission(campaign, status="approved", moderated_at=timezone.now())
    make_submission(campaign, status="rejected", moderated_at=timezone.now())
    response = moderator_api.get(QUEUE)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["type"] == "FeatureCollection"
    assert [f["id"] for f in body["features"]] == [pending.pk]
    item = body["features"][0]
    assert item["geometry"] == {"type": "Point", "coordinates": INSIDE}
    assert item["properties"]["status"] == "pending"
    assert item["properties"]["comment"] == "dark"


def test_queue_filters_by_campaign(
    campaign, make_campaign, make_category, make_submission, moderator_api
):
    other = make_campaign("lights")
    make_category(other, "spot", "point")
    mine = make_submission(campaign, status="pending")
    make_submission(other, status="pending")
    response = moderator_api.get(QUEUE, {"campaign": campaign.slug})
    assert response.status_code == 200, response.json()
    assert [f["id"] for f in response.json()["features"]] == [mine.pk]
    assert len(moderator_api.get(QUEUE).json()["features"]) == 2


def test_queue_for_unknown_campaign_is_404(campaign, moderator_api):
    assert moderator_api.get(QUEUE, {"campaign": "nowhere"}).status_code == 404


@pytest.fixture(params=["anonymous", "citizen", "planner"])
def not_a_moderator(request, make_user, make_api):
    if request.param == "anonymous":
        return make_api()
    groups = ["planners"] if request.param == "planner" else []
    return make_api(make_user(request.param, *groups))


def refused(response):
    """Anonymous callers are asked to authenticate (401), others are forbidden (403)."""
    return response.status_code in (401, 403)


def test_anonymous_is_asked_to_authenticate(campaign, pending, make_api):
    response = make_api().get(QUEUE)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Basic")


def test_queue_is_forbidden_to_non_moderators(campaign, pending, not_a_moderator):
    response = not_a_moderator.get(QUEUE)
    assert refused(response)
    assert "features" not in response.json()


def test_approve_and_reject_are_forbidden_to_non_moderators(campaign, pending, not_a_moderator):
    assert refused(not_a_moderator.post(approve_url(pending.pk)))
    response = not_a_moderator.post(reject_url(pending.pk), {"reason": "spam"}, format="json")
    assert refused(response)
    pending.refresh_from_db()
    assert pending.status == "pending"
    assert pending.moderated_by is None
    assert pending.moderated_at is None


def test_approval_publishes_and_records_who_and_when(campaign, pending, moderator_api):
    assert listed_ids(campaign) == []
    before = timezone.now()
    response = moderator_api.post(approve_url(pending.pk))
    assert response.status_code == 200, response.json()
    assert response.json()["properties"]["status"] == "approved"
    assert response.json()["properties"]["moderated_by"] == "mod"

    pending.refresh_from_db()
    assert pending.status == "approved"
    assert pending.moderated_by == User.objects.get(username="mod")
    assert before <= pending.moderated_at <= timezone.now() + timedelta(seconds=1)
    assert listed_ids(campaign) == [pending.pk]
    assert moderator_api.get(QUEUE).json()["features"] == []


def test_approving_twice_is_a_conflict(campaign, pending, moderator_api):
    assert moderator_api.post(approve_url(pending.pk)).status_code == 200
    response = moderator_api.post(approve_url(pending.pk))
    assert response.status_code == 409, response.json()
    assert response.json()["code"] == "already_moderated"


def test_reject_needs_a_reason(campaign, pending, moderator_api):
    for body in ({}, {"reason": ""}, {"reason": "   "}):
        response = moderator_api.post(reject_url(pending.pk), body, format="json")
        assert response.status_code == 400, response.json()
        assert "reason" in response.json()["detail"]
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_reject_stores_the_reason_and_keeps_it_hidden(campaign, pending, moderator_api):
    response = moderator_api.post(reject_url(pending.pk), {"reason": "Off topic"}, format="json")
    assert response.status_code == 200, response.json()
    pending.refresh_from_db()
    assert pending.status == "rejected"
    assert pending.moderation_reason == "Off topic"
    assert pending.moderated_by.username == "mod"
    assert pending.moderated_at is not None
    assert listed_ids(campaign) == []


def test_rejecting_a_published_submission_removes_it_from_the_listing(
    campaign, pending, moderator_api
):
    assert moderator_api.post(approve_url(pending.pk)).status_code == 200
    assert listed_ids(campaign) == [pending.pk]
    response = moderator_api.post(reject_url(pending.pk), {"reason": "Abusive"}, format="json")
    assert response.status_code == 200, response.json()
    assert listed_ids(campaign) == []


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_moderating_an_unknown_submission_is_404(campaign, moderator_api, action):
    url = f"/api/moderation/submissions/999999/{action}/"
    response = moderator_api.post(url, {"reason": "spam"}, format="json")
    assert response.status_code == 404, response.json()
