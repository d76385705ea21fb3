"""Hardening found in review: odd lookups, concurrent bursts, index use, stored invariants."""

import threading

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction
from rest_framework.test import APIClient

from geo_participation.campaigns.models import Category
from geo_participation.submissions.models import Submission
from geo_participation.submissions.selectors import parse_bbox, submission_list
from tests.conftest import feature, submissions_url


def test_unknown_api_path_answers_json_404(db):
    response = APIClient().get("/api/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_nul_in_campaign_lookup_is_a_404_not_a_500(db):
    response = APIClient(raise_request_exception=False).get("/api/campaigns/%00/")
    assert response.status_code == 404


def test_queue_refuses_a_campaign_that_is_no_slug(campaign, moderator_api):
    response = moderator_api.get("/api/moderation/queue/", {"campaign": "a\x00b"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_campaign"


@pytest.mark.django_db(transaction=True)
def test_a_concurrent_burst_gets_no_more_than_the_limit(campaign, settings):
    settings.GP_SUBMISSION_RATE = "3/day"
    barrier = threading.Barrier(12)
    codes = []

    def submit():
        try:
            client = APIClient()
            barrier.wait()
            codes.append(
                client.post(submissions_url(campaign), feature(), format="json").status_code
            )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(codes) == [201] * 3 + [429] * 9
    assert Submission.objects.count() == 3


def test_public_bbox_listing_can_use_the_spatial_index(campaign):
    campaign.categories.filter(key="spot").update(sensitive=True)
    qs = submission_list(
        campaign=campaign,
        viewer=AnonymousUser(),
        client_id=None,
        bbox=parse_bbox("7.76,49.43,7.78,49.45"),
    )
    with transaction.atomic(), connection.cursor() as cursor:
        # With sequential scans priced out, the plan shows whether an index condition exists.
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = qs.explain()
    assert "submissions_submission_geom_" in plan, plan


def test_planners_get_no_admin_rights_and_moderators_only_what_they_need(db):
    assert not Group.objects.get(name="planners").permissions.exists()
    codenames = set(
        Group.objects.get(name="moderators").permissions.values_list("codename", flat=True)
    )
    assert codenames == {
        "view_submission",
        "change_submission",
        "view_submissionchange",
        "view_campaign",
        "view_category",
    }


def test_a_malformed_question_schema_is_never_stored(campaign):
    with pytest.raises(ValidationError):
        Category.objects.create(
            campaign=campaign, key="bad", label="Bad", geometry_kind="point", questions=[{"x": 1}]
        )
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO campaigns_category (campaign_id, key, label, geometry_kind, colour,"
            " sensitive, questions, position) VALUES (%s, 'raw', 'Raw', 'point', '#000000',"
            " false, '{}'::jsonb, 0)",
            [campaign.pk],
        )
    assert not Category.objects.filter(key__in=["bad", "raw"]).exists()
