"""Rate budgets: one per anonymous client (its cookie) under a ceiling per address, one per
user, on a sliding window; over a budget the answer is 429 in the API's error shape."""

import math
from types import SimpleNamespace

import pytest
from rest_framework.test import APIClient

from geo_participation.submissions.models import Submission
from geo_participation.throttling import counters
from tests.conftest import feature, submissions_url
from tests.intake_helpers import assert_refused

pytestmark = pytest.mark.django_db

HOUR = 3600


def browser(campaign, address="127.0.0.1"):
    """Return an anonymous client that has loaded the campaign, and so has its cookie."""
    client = APIClient(REMOTE_ADDR=address)
    client.get(submissions_url(campaign))
    assert client.cookies["gp_client"].value
    return client


def post(client, campaign):
    return client.post(
        submissions_url(campaign), feature(), format="json", headers={"Accept-Language": "en"}
    )


def assert_throttled(response):
    assert_refused(response, 429, "throttled", "throttled")
    # A budget used up in one burst is back only when the burst has left the window: the
    # counter weighs the previous hour as if spread evenly, so up to two hours after it.
    assert 1 <= int(response["Retry-After"]) <= 2 * HOUR
    return int(response["Retry-After"])


@pytest.fixture
def clock(monkeypatch):
    """Set the counters' clock: [seconds since the epoch], starting a minute before an hour."""
    now = [HOUR * 500_000 - 60.0]
    monkeypatch.setattr(counters, "time", SimpleNamespace(time=lambda: now[0]))
    return now


def test_fifty_clients_behind_one_address_each_get_their_own_budget(campaign, settings):
    settings.GP_SUBMISSION_RATE = "2/hour"
    assert settings.GP_ANONYMOUS_CLIENTS_PER_ADDRESS == 50  # the documented default
    school = [browser(campaign) for _ in range(50)]
    statuses = [post(client, campaign).status_code for client in school for _ in range(2)]
    assert statuses == [201] * 100
    # The fifty used the whole ceiling (50 x 2): a fifty-first client of the address waits.
    assert_throttled(post(browser(campaign), campaign))
    assert post(browser(campaign, "192.0.2.7"), campaign).status_code == 201
    assert Submission.objects.count() == 101


def test_a_client_over_its_budget_is_refused_and_its_neighbour_is_not(campaign, settings):
    settings.GP_SUBMISSION_RATE = "3/hour"
    eager, neighbour = browser(campaign), browser(campaign)
    assert [post(eager, campaign).status_code for _ in range(3)] == [201] * 3
    assert_throttled(post(eager, campaign))
    assert post(neighbour, campaign).status_code == 201
    assert Submission.objects.count() == 4


def test_dropping_the_cookie_buys_no_fresh_budget(campaign, settings):
    settings.GP_SUBMISSION_RATE = "3/hour"
    # A script that never keeps the cookie: all its requests share one budget per address.
    assert [post(APIClient(), campaign).status_code for _ in range(3)] == [201] * 3
    assert_throttled(post(APIClient(), campaign))
    # A browser with its cookie, and another address, still have theirs.
    assert post(browser(campaign), campaign).status_code == 201
    assert post(APIClient(REMOTE_ADDR="192.0.2.7"), campaign).status_code == 201


def test_the_address_ceiling_holds_against_cookie_churn(campaign, settings, make_user):
    settings.GP_SUBMISSION_RATE = "2/hour"
    settings.GP_ANONYMOUS_CLIENTS_PER_ADDRESS = 3
    # A script that fetches a new cookie for every post: six posts (3 x 2) and no more.
    statuses = [post(browser(campaign), campaign).status_code for _ in range(10)]
    assert statuses == [201] * 6 + [429] * 4
    assert Submission.objects.count() == 6
    # A signed-in user behind the same address has a budget of their own.
    user = APIClient()
    user.force_authenticate(make_user("anna"))
    assert post(user, campaign).status_code == 201


def test_the_window_slides_over_the_full_hour(campaign, settings, clock):
    settings.GP_SUBMISSION_RATE = "4/hour"
    client = browser(campaign)
    # A burst in the last minute of one hour ...
    assert [post(client, campaign).status_code for _ in range(4)] == [201] * 4
    # ... and another at the start of the next: a clock-hour counter would let four more in.
    clock[0] += 90
    wait = assert_throttled(post(client, campaign))
    # The previous hour's four weigh by their overlap: a quarter of the hour must pass before
    # three of them are left, and Retry-After says so (and no sooner).
    assert wait == math.ceil(HOUR / 4 - 30)
    clock[0] += wait - 2
    assert_throttled(post(client, campaign))
    clock[0] += 2
    assert post(client, campaign).status_code == 201
    assert_throttled(post(client, campaign))
    assert Submission.objects.count() == 5


def test_refused_requests_are_not_counted(campaign, settings, clock):
    settings.GP_SUBMISSION_RATE = "2/hour"
    client = browser(campaign)
    assert [post(client, campaign).status_code for _ in range(2)] == [201] * 2
    # Hammering a full window does not lengthen the wait.
    for _ in range(20):
        assert_throttled(post(client, campaign))
    # Half an hour into the next hour the two weigh as one; twenty more would weigh ten.
    clock[0] += 60 + HOUR / 2
    assert post(client, campaign).status_code == 201


def test_rotating_through_an_ipv6_slash_64_buys_no_fresh_ceiling(campaign, settings):
    settings.GP_SUBMISSION_RATE = "2/hour"
    settings.GP_ANONYMOUS_CLIENTS_PER_ADDRESS = 2
    # One household's /64: every post from a new address and a new cookie, four in all.
    statuses = [
        post(browser(campaign, f"2001:db8:1:2::{n + 1:x}"), campaign).status_code for n in range(6)
    ]
    assert statuses == [201] * 4 + [429] * 2
    # The neighbouring /64 is another household.
    assert post(browser(campaign, "2001:db8:1:3::1"), campaign).status_code == 201
