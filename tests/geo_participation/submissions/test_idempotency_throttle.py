"""A retry answered from its stored response (same Idempotency-Key, same body) is no new write:
the submission throttle neither counts nor refuses it."""

import pytest
from rest_framework.test import APIClient

from geo_participation.submissions.models import Submission
from tests.conftest import feature, submissions_url

pytestmark = pytest.mark.django_db


def post(client, campaign, body, key=None):
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(submissions_url(campaign), body, format="json", headers=headers)


def test_fifty_retries_of_one_post_use_up_nothing(campaign, settings):
    settings.GP_SUBMISSION_RATE = "3/day"
    client = APIClient()
    first = post(client, campaign, feature(comment="einmal"), "key-1")
    assert first.status_code == 201
    for _ in range(50):
        retry = post(client, campaign, feature(comment="einmal"), "key-1")
        assert retry.status_code == 201, retry.content[:200]
        assert retry.headers["Idempotent-Replayed"] == "true"
        assert retry.json() == first.json()
    # The first post counted once: two more new ones fit, the fourth is throttled.
    assert post(client, campaign, feature(comment="zwei")).status_code == 201
    assert post(client, campaign, feature(comment="drei"), "key-3").status_code == 201
    refused = post(client, campaign, feature(comment="vier"))
    assert refused.status_code == 429
    # Past the limit, a retry is still answered: it stores nothing.
    assert post(client, campaign, feature(comment="einmal"), "key-1").status_code == 201
    assert post(client, campaign, feature(comment="drei"), "key-3").status_code == 201
    assert Submission.objects.count() == 3


def test_what_is_no_replay_still_counts(campaign, settings, make_user, make_api):
    settings.GP_SUBMISSION_RATE = "2/day"
    client = APIClient()
    assert post(client, campaign, feature(comment="a"), "key-a").status_code == 201
    # The same key with another body is refused (422), and counted like any write.
    assert post(client, campaign, feature(comment="b"), "key-a").status_code == 422
    assert post(client, campaign, feature(comment="c"), "key-c").status_code == 429
    # Another user's key of the same name is another scope: no replay of this one.
    other = make_api(make_user("bob"))
    settings.GP_SUBMISSION_RATE = "1/day"
    assert post(other, campaign, feature(comment="a"), "key-a").status_code == 201
    assert post(other, campaign, feature(comment="a"), "key-b").status_code == 429
    assert post(other, campaign, feature(comment="a"), "key-a").status_code == 201
