"""Numbers posted in the ballot form (scale values, ranks) that are no short whole number are
refused beside their question with a 400 page, never a 500 (review of int14, finding 3)."""

import pytest
from django.test import Client

from geo_participation.polls.models import Ballot

from .conftest import GOOD

pytestmark = pytest.mark.usefixtures("plain_static")

from tests.page_helpers import plain_static  # noqa: E402, F401 - fixture

# "²" passes str.isdigit() but not int(); 5000 digits pass neither int() nor the cap.
BAD_NUMBERS = ["²", "9" * 5000, "-1", "1.5", "٣", " 4 4"]


def post(client, campaign, data):
    return client.post(f"/c/{campaign.slug}/stimme/", data)


def base_form() -> dict:
    return {"colour": GOOD["colour"], "extras": GOOD["extras"]}


@pytest.mark.parametrize("raw", BAD_NUMBERS)
def test_a_scale_value_that_is_no_whole_number_in_range_is_refused_beside_it(poll, raw):
    client = Client()
    client.get(f"/c/{poll.slug}/")
    refused = post(client, poll, {**base_form(), "mood": raw})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert 'id="gp-q-mood-error" aria-live="polite">Wählen Sie eine ganze Zahl von 1 bis 5.' in html
    assert not Ballot.objects.exists()


@pytest.mark.parametrize("raw", [*BAD_NUMBERS, "0", "4"])
def test_a_rank_that_is_not_one_of_the_offered_ranks_is_refused_beside_it(poll, raw):
    client = Client()
    client.get(f"/c/{poll.slug}/")
    data = {**base_form(), "order.a": "1", "order.b": raw, "order.c": "2"}
    refused = post(client, poll, data)
    assert refused.status_code == 400
    html = refused.content.decode()
    assert 'id="gp-q-order-error" aria-live="polite">Wählen Sie jeden Rang aus der Liste' in html
    assert not Ballot.objects.exists()


def test_a_short_whole_number_with_spaces_is_still_taken(poll):
    client = Client()
    client.get(f"/c/{poll.slug}/")
    data = {**base_form(), "mood": " 4 ", "order.a": "2", "order.b": " 1", "order.c": "3"}
    assert post(client, poll, data).status_code == 302
    assert Ballot.objects.get().answers["mood"] == 4
    assert Ballot.objects.get().answers["order"] == ["b", "a", "c"]


def test_a_huge_number_in_the_api_is_400_not_500(poll, anon):
    body = '{"answers": {"colour": "red", "extras": ["sound"], "mood": %s}}' % ("9" * 5000)
    answer = anon.put(f"/api/campaigns/{poll.slug}/ballot/", body, content_type="application/json")
    assert answer.status_code == 400
    assert answer.json()["detail"]
