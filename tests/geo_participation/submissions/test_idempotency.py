"""Idempotency-Key: a retried submission is stored once and answered with the first response."""

import io
import threading
import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from geo_participation.submissions.models import IdempotencyKey, Submission
from tests.conftest import feature, submissions_url
from tests.intake_helpers import concurrently


def post(client, campaign, body, key):
    return client.post(
        submissions_url(campaign), body, format="json", headers={"Idempotency-Key": key}
    )


def test_same_key_and_body_replays_the_first_response(campaign, api):
    first = post(api, campaign, feature(comment="dark"), "key-1")
    assert first.status_code == 201, first.json()
    assert "Idempotent-Replayed" not in first.headers

    again = post(api, campaign, feature(comment="dark"), "key-1")
    assert again.status_code == 201, again.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert Submission.objects.count() == 1
    record = IdempotencyKey.objects.get()
    assert record.key == "key-1"
    assert record.submission_id == first.json()["id"]


def test_same_key_with_another_body_is_refused(campaign, api):
    first = post(api, campaign, feature(comment="dark"), "key-1")
    assert first.status_code == 201, first.json()

    other = post(api, campaign, feature(comment="something else"), "key-1")
    assert other.status_code == 422, other.json()
    assert other.json()["code"] == "idempotency_key_reused"
    assert "Idempotency-Key" in other.json()["detail"]
    assert Submission.objects.count() == 1
    assert IdempotencyKey.objects.count() == 1


def test_refused_request_does_not_use_up_its_key(campaign, api):
    bad = post(api, campaign, feature({"type": "Point", "coordinates": [8.5, 49.0]}), "key-1")
    assert bad.status_code == 400, bad.json()
    assert not IdempotencyKey.objects.exists()

    good = post(api, campaign, feature(), "key-1")
    assert good.status_code == 201, good.json()
    assert "Idempotent-Replayed" not in good.headers
    assert Submission.objects.count() == 1
    assert IdempotencyKey.objects.get().submission_id == good.json()["id"]


def test_different_users_with_one_key_each_get_their_own_submission(campaign, make_user, make_api):
    alice = make_api(make_user("alice"))
    bob = make_api(make_user("bob"))
    a = post(alice, campaign, feature(), "shared-key")
    b = post(bob, campaign, feature(), "shared-key")
    assert a.status_code == b.status_code == 201
    assert "Idempotent-Replayed" not in b.headers
    assert a.json()["id"] != b.json()["id"]
    assert Submission.objects.count() == 2
    assert IdempotencyKey.objects.filter(key="shared-key").count() == 2


def test_anonymous_retry_without_the_cookie_is_replayed(campaign):
    # curl without a cookie jar, or a first answer (with its Set-Cookie) lost on the way.
    first = post(APIClient(), campaign, feature(), "lost-answer-key")
    retry = post(APIClient(), campaign, feature(), "lost-answer-key")
    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert retry.json()["id"] == first.json()["id"]
    assert Submission.objects.count() == 1


def test_anonymous_key_reused_for_another_body_is_refused(campaign):
    post(APIClient(), campaign, feature(), "shared-key")
    other = post(APIClient(), campaign, feature(comment="anders"), "shared-key")
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert Submission.objects.count() == 1


def test_one_user_keeps_the_key_across_clients(campaign, make_user, make_api):
    user = make_user("alice")
    first = post(make_api(user), campaign, feature(), "key-1")
    again = post(make_api(user), campaign, feature(), "key-1")
    assert again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert Submission.objects.count() == 1


@pytest.mark.parametrize("key", ["", "   ", "x" * 256, "tab\tkey"])
def test_malformed_key_is_refused(campaign, api, key):
    response = post(api, campaign, feature(), key)
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid_key"
    assert not Submission.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_with_one_key_store_one_submission(campaign, make_user):
    user = make_user("racer")
    body = feature(comment="at the same moment")
    for _ in range(10):
        key = str(uuid.uuid4())
        barrier = threading.Barrier(2)
        responses = [None, None]
        errors = []

        def send(slot, key=key, barrier=barrier, responses=responses, errors=errors):
            try:
                client = APIClient(raise_request_exception=False)
                client.force_authenticate(user)
                barrier.wait(timeout=10)
                responses[slot] = post(client, campaign, body, key)
            except Exception as exc:  # noqa: BLE001 - reported by the main thread
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=send, args=(slot,)) for slot in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

        assert not errors, errors
        statuses = [r.status_code for r in responses]
        assert statuses == [201, 201], [r.content[:300] for r in responses]
        ids = {r.json()["id"] for r in responses}
        assert len(ids) == 1, ids
        # One request ran, the other waited for it and replayed its response.
        replayed = sorted(str(r.headers.get("Idempotent-Replayed")) for r in responses)
        assert replayed == ["None", "true"]
        assert IdempotencyKey.objects.filter(key=key).count() == 1
        assert Submission.objects.filter(pk__in=ids).count() == 1
    assert Submission.objects.count() == 10


def test_an_expired_key_is_free_again_and_pruned(campaign, api, settings):
    settings.GP_IDEMPOTENCY_TTL_HOURS = 1
    url = f"/api/campaigns/{campaign.slug}/submissions/"
    first = api.post(url, feature(comment="eins"), format="json", headers={"Idempotency-Key": "k"})
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=2))
    second = api.post(url, feature(comment="zwei"), format="json", headers={"Idempotency-Key": "k"})
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["id"] != second.json()["id"]
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=2))
    call_command("prune_idempotency_keys", stdout=io.StringIO())
    assert not IdempotencyKey.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_anonymous_retries_of_one_key_store_one_submission(campaign):
    # A phone retrying a POST whose answer is slow: four copies at once, no cookie kept.
    body = feature(comment="four times at once")

    def send(slot):
        return post(APIClient(raise_request_exception=False), campaign, body, "phone-retry")

    responses = concurrently(4, send)
    assert [r.status_code for r in responses] == [201] * 4, [r.content[:200] for r in responses]
    assert len({r.json()["id"] for r in responses}) == 1
    assert sum(r.headers.get("Idempotent-Replayed") != "true" for r in responses) == 1
    assert Submission.objects.count() == 1
    assert IdempotencyKey.objects.get().submission_id == responses[0].json()["id"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_with_one_key_and_other_bodies_store_one(campaign):
    def send(slot):
        client = APIClient(raise_request_exception=False)
        return post(client, campaign, feature(comment=f"body {slot}"), "one-key")

    responses = concurrently(3, send)
    # The first to commit keeps the key; the others' writes are rolled back and refused.
    assert sorted(r.status_code for r in responses) == [201, 422, 422]
    assert Submission.objects.count() == 1
    assert IdempotencyKey.objects.count() == 1
