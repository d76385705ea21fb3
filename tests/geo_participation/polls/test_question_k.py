"""Per-question k: an optional question answered by fewer than k (3) ballots shows no number in
any public tally (JSON, CSV, the results page, zahlen.json), while the others and the planners'
exact tally show theirs (review of int14, finding 1)."""

import csv
import io
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from geo_participation.polls.models import Ballot
from heatmaps.api import ballot_tally

pytestmark = pytest.mark.usefixtures("plain_static")

from tests.page_helpers import plain_static  # noqa: E402, F401 - fixture

# Three ballots; the optional scale "mood" answered by two of them (5 and 2): its mean 3.5
# and which values were picked would tell each of the two what the other chose.
BALLOTS = [
    {"colour": "red", "extras": ["sound"], "mood": 5, "order": ["a", "b", "c"]},
    {"colour": "green", "extras": ["timer"], "mood": 2, "order": ["b", "a", "c"]},
    {"colour": "red", "extras": ["sound", "arrow"], "order": ["a", "c", "b"]},
]


@pytest.fixture
def closed(poll):
    for i, answers in enumerate(BALLOTS):
        Ballot.objects.create(campaign=poll, client_id=f"c{i}", answers=answers)
    poll.opens_at = timezone.now() - timedelta(days=3)
    poll.closes_at = timezone.now() - timedelta(minutes=1)
    poll.save()
    return poll


def by_key(tally) -> dict:
    return {q["key"]: q for q in tally["questions"]}


def assert_mood_hidden(mood):
    assert mood["suppressed"] is True and mood["answered"] is None
    assert mood["scale"]["mean"] is None
    assert {(row["count"], row["share"]) for row in mood["scale"]["values"]} == {(None, None)}


def test_the_public_tally_hides_a_question_two_answered_and_shows_the_rest(closed):
    public = ballot_tally(closed)
    assert public["ballots"] == 3 and not public["suppressed"]
    questions = by_key(public)
    assert_mood_hidden(questions["mood"])
    assert questions["colour"]["suppressed"] is False
    assert [o["count"] for o in questions["colour"]["options"]] == [2, 1, 0]
    assert questions["order"]["answered"] == 3
    assert {o["key"]: o["borda"] for o in questions["order"]["options"]} == {
        "a": 2 + 1 + 2,
        "b": 1 + 2 + 0,
        "c": 0 + 0 + 1,
    }


def test_the_planners_exact_tally_keeps_every_number(closed):
    mood = by_key(ballot_tally(closed, exact=True))["mood"]
    assert mood["suppressed"] is False and mood["answered"] == 2
    assert mood["scale"]["mean"] == 3.5
    assert [row["count"] for row in mood["scale"]["values"]] == [0, 1, 0, 0, 1]


def test_json_files_hide_the_question(closed):
    document = Client().get(f"/c/{closed.slug}/ergebnisse.json").json()
    assert_mood_hidden(by_key(document)["mood"])
    assert by_key(document)["colour"]["options"][0]["count"] == 2
    numbers = Client().get(f"/c/{closed.slug}/ergebnisse/zahlen.json").json()
    assert_mood_hidden(by_key(numbers["poll"])["mood"])


def test_the_csv_has_no_number_of_the_question(closed):
    text = Client().get(f"/c/{closed.slug}/ergebnisse.csv").content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    mood = [row for row in rows if row["question"] == "mood"]
    assert len(mood) == 5
    assert {(row["answered"], row["count"], row["share"]) for row in mood} == {("", "", "")}
    colour = {row["option"]: row["count"] for row in rows if row["question"] == "colour"}
    assert colour == {"red": "2", "green": "1", "blue": "0"}


def test_the_results_page_says_why_and_draws_no_chart_of_the_question(closed):
    html = Client().get(f"/c/{closed.slug}/ergebnisse/").content.decode()
    start = html.index('id="gp-poll-mood"')
    section = html[start : html.index("</section>", start)]
    assert "Weniger als 3 Personen haben diese Frage beantwortet" in section
    assert "<svg" not in section and "<table" not in section and "Mittelwert" not in section
    assert '<tr><th scope="row">Red</th><td>2</td>' in html
