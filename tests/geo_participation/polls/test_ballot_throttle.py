"""Ballot writes are rate limited on both paths, the API and the plain form: per voter
(GP_BALLOT_RATE), and all anonymous ones of an address and campaign together
(GP_BALLOT_ADDRESS_RATE), which new cookies do not reset (review of int14, finding 2)."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from geo_participation.polls.models import Ballot
from tests.intake_helpers import assert_refused

from .conftest import GOOD

pytestmark = pytest.mark.usefixtures("plain_static")

from tests.page_helpers import plain_static  # noqa: E402, F401 - fixture

HOUR = 3600


@pytest.fixture
def rates(settings):
    settings.GP_BALLOT_RATE = "30/hour"
    settings.GP_BALLOT_ADDRESS_RATE = "3/hour"


def api_voter(campaign, address="127.0.0.1") -> APIClient:
    """Return a new anonymous voter (a fresh cookie, as a script would make up) at an address."""
    client = APIClient(REMOTE_ADDR=address)
    assert client.get(f"/api/campaigns/{campaign.slug}/ballot/").status_code == 404
    assert client.cookies["gp_client"].value
    return client


def put(client, campaign, answers=GOOD):
    return client.put(
        f"/api/campaigns/{campaign.slug}/ballot/", {"answers": answers}, format="json"
    )


def form_voter(campaign, address="127.0.0.1") -> Client:
    client = Client(REMOTE_ADDR=address)
    assert client.get(f"/c/{campaign.slug}/").status_code == 200
    return client


def send(client, campaign, data):
    return client.post(f"/c/{campaign.slug}/stimme/", data)


@pytest.mark.usefixtures("rates")
def test_new_cookies_at_one_address_do_not_buy_more_api_ballots(poll, vote):
    assert [put(api_voter(poll), poll).status_code for _ in range(3)] == [201] * 3
    refused = put(api_voter(poll), poll)
    assert_refused(refused, 429, "throttled", "gedrosselt")
    assert 1 <= int(refused["Retry-After"]) <= 2 * HOUR
    # Withdrawing counts as well: it is how added ballots would be taken back.
    assert api_voter(poll).delete(f"/api/campaigns/{poll.slug}/ballot/").status_code == 429
    # Another address, and another campaign from this address, have budgets of their own.
    assert put(api_voter(poll, "192.0.2.7"), poll).status_code == 201
    assert put(api_voter(vote), vote, {"events": ["run"]}).status_code == 201
    assert Ballot.objects.filter(campaign=poll).count() == 4


@pytest.mark.usefixtures("rates")
def test_the_form_refuses_beside_the_button_in_plain_german(poll):
    data = {"colour": "red", "extras": ["sound", "timer"]}
    assert [send(form_voter(poll), poll, data).status_code for _ in range(3)] == [302] * 3
    refused = send(form_voter(poll), poll, data)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 2 * HOUR
    html = refused.content.decode()
    assert (
        '<p class="gp-error" role="alert" id="gp-ballot-refused">Von Ihrer Verbindung wurden '
        "in kurzer Zeit sehr viele Stimmen gesendet. Bitte versuchen Sie es in etwa"
    ) in html
    assert 'aria-describedby="gp-ballot-refused">Stimme abgeben</button>' in html
    assert 'value="red" checked' in html  # the answers are kept
    assert Ballot.objects.count() == 3


@pytest.mark.usefixtures("rates")
def test_form_and_api_share_the_addresss_budget(poll):
    data = {"colour": "red", "extras": ["sound"]}
    assert send(form_voter(poll), poll, data).status_code == 302
    assert put(api_voter(poll), poll).status_code == 201
    assert send(form_voter(poll), poll, data).status_code == 302
    assert put(api_voter(poll), poll).status_code == 429
    assert send(form_voter(poll), poll, data).status_code == 429


def test_an_account_has_its_own_rate_on_both_paths(poll, make_user, settings):
    settings.GP_BALLOT_RATE = "2/hour"
    settings.GP_BALLOT_ADDRESS_RATE = "1/hour"  # anonymous only: accounts are not held to it
    api = APIClient()
    api.force_login(make_user("anna"))
    assert [put(api, poll).status_code for _ in range(2)] == [201, 200]
    assert_refused(put(api, poll), 429, "throttled", "gedrosselt")
    form = Client()
    form.force_login(make_user("ben"))
    data = {"colour": "red", "extras": ["sound"]}
    assert [send(form, poll, data).status_code for _ in range(3)] == [302, 302, 429]


def test_invalid_form_posts_show_their_errors_and_cost_nothing(poll, settings):
    settings.GP_BALLOT_ADDRESS_RATE = "1/hour"
    client = form_voter(poll)
    for _ in range(3):
        assert send(client, poll, {"colour": "red", "order.a": "²"}).status_code == 400
    assert send(client, poll, {"colour": "red", "extras": ["sound"]}).status_code == 302
