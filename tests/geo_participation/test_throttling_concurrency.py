"""The rate budgets under concurrent requests, each thread with its own database connection:
the throttle's single counting statement lets exactly the limit through, and its bookkeeping
stays one statement per request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from geo_participation.submissions.models import Submission
from geo_participation.throttling import counters
from tests.conftest import feature, submissions_url
from tests.intake_helpers import concurrently


@pytest.mark.django_db(transaction=True)
def test_a_burst_from_one_client_gets_exactly_its_budget(campaign, settings):
    settings.GP_SUBMISSION_RATE = "5/hour"
    phone = APIClient()
    phone.get(submissions_url(campaign))
    cookie = phone.cookies["gp_client"].value

    def send(slot):
        client = APIClient(raise_request_exception=False)
        client.cookies["gp_client"] = cookie
        statuses = []
        for n in range(3):
            body = feature(comment=f"burst {slot}-{n}")
            response = client.post(submissions_url(campaign), body, format="json")
            statuses.append(response.status_code)
        return statuses

    statuses = [status for run in concurrently(8, send) for status in run]
    assert sorted(statuses) == [201] * 5 + [429] * 19
    assert Submission.objects.count() == 5


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_clients_behind_one_address_stays_under_its_ceiling(campaign, settings):
    settings.GP_SUBMISSION_RATE = "2/hour"
    settings.GP_ANONYMOUS_CLIENTS_PER_ADDRESS = 3

    def send(slot):
        # A new cookie for every post: only the address's ceiling (3 x 2) holds it.
        client = APIClient(raise_request_exception=False)
        client.get(submissions_url(campaign))
        body = feature(comment=f"churn {slot}")
        return client.post(submissions_url(campaign), body, format="json").status_code

    statuses = concurrently(10, send)
    assert sorted(statuses) == [201] * 6 + [429] * 4
    assert Submission.objects.count() == 6


@pytest.mark.django_db
def test_a_post_costs_one_counting_statement_and_one_key_read_and_write(campaign):
    client = APIClient()
    client.get(submissions_url(campaign))
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            submissions_url(campaign),
            feature(),
            format="json",
            headers={"Idempotency-Key": "one-round-of-bookkeeping"},
        )
    assert response.status_code == 201, response.content[:300]
    statements = [query["sql"] for query in queries.captured_queries]
    assert sum("throttling_rate_counter" in sql for sql in statements) == 1
    assert sum("submissions_idempotencykey" in sql for sql in statements) == 2
    assert not any("gp_cache" in sql for sql in statements)
    # (The test's own transaction makes the submission's a savepoint; in production it is
    # the one transaction of the request.)


@pytest.mark.django_db
def test_prune_deletes_only_buckets_no_window_weighs(campaign, settings, monkeypatch):
    settings.GP_SUBMISSION_RATE = "10/hour"
    client = APIClient()
    client.get(submissions_url(campaign))
    assert client.post(submissions_url(campaign), feature(), format="json").status_code == 201
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), min(expires) FROM throttling_rate_counter")
        rows, expires = cursor.fetchone()
    assert rows == 2  # the client's budget and its address's ceiling
    assert counters.prune(expires - 1) == 0
    assert counters.prune(expires + 1) == 2
