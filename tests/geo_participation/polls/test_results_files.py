"""/c/{slug}/ergebnisse.csv|.json and the results partial: hidden until results_visible(),
numbers equal to the stored ballots, k-suppressed below 3 ballots."""

import csv
import io
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from geo_participation.polls.models import Ballot

from .conftest import EVENTS

pytestmark = pytest.mark.usefixtures("plain_static")

from tests.page_helpers import plain_static  # noqa: E402, F401 - fixture

VOTES = [["market", "run", "cinema"], ["market", "run"], ["market"], ["festival", "run"]]


def close(campaign):
    campaign.opens_at = timezone.now() - timedelta(days=3)
    campaign.closes_at = timezone.now() - timedelta(minutes=1)
    campaign.save()


@pytest.fixture
def voted(vote):
    for i, events in enumerate(VOTES):
        Ballot.objects.create(campaign=vote, client_id=f"c{i}", answers={"events": events})
    return vote


def test_hidden_results_are_403_in_the_error_shape(voted):
    for ext in ("csv", "json"):
        answer = Client().get(f"/c/{voted.slug}/ergebnisse.{ext}")
        assert answer.status_code == 403
        assert answer.json()["code"] == "results_not_public"


def test_map_campaigns_drafts_and_unknown_slugs_are_404(campaign, make_campaign):
    make_campaign("entwurf", kind="vote", draft=True, results_early=True)
    for slug in (campaign.slug, "entwurf", "nope"):
        answer = Client().get(f"/c/{slug}/ergebnisse.json")
        assert answer.status_code == 404 and answer.json()["code"] == "not_found"


def test_after_the_close_json_and_csv_count_the_stored_ballots(voted):
    close(voted)
    document = Client().get(f"/c/{voted.slug}/ergebnisse.json").json()
    assert document["ballots"] == Ballot.objects.filter(campaign=voted).count() == 4
    counts = {o["key"]: o["count"] for o in document["questions"][0]["options"]}
    stored = [e for b in Ballot.objects.filter(campaign=voted) for e in b.answers["events"]]
    assert counts == {key: stored.count(key) for key in EVENTS}
    answer = Client().get(f"/c/{voted.slug}/ergebnisse.csv")
    assert answer["Content-Type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(answer.content.decode())))
    assert {row["option"]: int(row["count"]) for row in table} == counts
    market = next(row for row in table if row["option"] == "market")
    assert market["share"] == "0.75" and market["answered"] == "4"


def test_early_results_of_two_ballots_show_no_numbers(vote):
    vote.results_early = True
    vote.save()
    for i in range(2):
        Ballot.objects.create(campaign=vote, client_id=f"c{i}", answers={"events": ["run"]})
    document = Client().get(f"/c/{vote.slug}/ergebnisse.json").json()
    assert document["suppressed"] and document["ballots"] is None
    table = list(csv.DictReader(io.StringIO(Client().get(f"/c/{vote.slug}/ergebnisse.csv").text)))
    assert {row["count"] for row in table} == {""}


def test_a_formula_in_a_label_is_defused_in_the_csv(voted):
    close(voted)
    option = voted.poll_questions.get().options.get(key="run")
    option.label = "=HYPERLINK(1)"
    option.save()
    text = Client().get(f"/c/{voted.slug}/ergebnisse.csv").content.decode()
    assert "'=HYPERLINK(1)" in text


def test_the_results_page_shows_the_chart_and_table_of_the_vote(voted):
    close(voted)
    html = Client().get(f"/c/{voted.slug}/ergebnisse/").content.decode()
    assert 'class="gp-chart"' in html
    assert "4 Personen haben abgestimmt." in html
    assert '<tr><th scope="row">Market</th><td>3</td><td>75,0 %</td>' in html
