"""Polls and votes on the planners' pages: /auswertung/ lists them with their ballots, and
/auswertung/{slug}/ shows the exact tally (also of one or two ballots, also while the public
results are hidden) with CSV and JSON downloads at /exports/{slug}/tally.csv|json."""

import csv
import io
import re
from collections import Counter
from html import unescape

import pytest
from django.test import Client

from geo_participation.polls.models import Ballot, PollOption, PollQuestion

pytestmark = pytest.mark.usefixtures("plain_static")

from tests.page_helpers import plain_static  # noqa: E402, F401 - fixture

EVENTS = ["market", "concert", "cinema", "run"]
VOTES = [["market", "run", "cinema"], ["market", "run"], ["market"], ["run"], ["concert"]]
COLOURS = ["red", "red", "green"]


def add_question(campaign, key, kind, options=(), **fields):
    """Store a question with options given as keys (labels are the keys titled)."""
    fields.setdefault("label", key.title())
    question = PollQuestion.objects.create(campaign=campaign, key=key, kind=kind, **fields)
    for position, option in enumerate(options):
        PollOption.objects.create(
            question=question, key=option, label=option.title(), position=position
        )
    return question


@pytest.fixture
def planner(make_user):
    client = Client()
    client.force_login(make_user("planner", "planners"))
    return client


@pytest.fixture
def vote(make_campaign):
    """An open vote (results hidden until it closes) with five ballots."""
    campaign = make_campaign("events", kind="vote", title="Events im Park")
    add_question(campaign, "events", "multiple", EVENTS, max_choices=3)
    for i, events in enumerate(VOTES):
        Ballot.objects.create(campaign=campaign, client_id=f"c{i}", answers={"events": events})
    return campaign


@pytest.fixture
def poll(make_campaign, make_user):
    """An open poll with two ballots (fewer than k): a single choice and a scale."""
    campaign = make_campaign("ampel", kind="poll", title="Ampelsymbole")
    add_question(campaign, "colour", "single", ["red", "green", "blue"], position=0)
    add_question(campaign, "mood", "scale", scale_min=1, scale_max=5, required=False, position=1)
    Ballot.objects.create(campaign=campaign, client_id="a", answers={"colour": "red", "mood": 2})
    Ballot.objects.create(campaign=campaign, user=make_user("voter"), answers={"colour": "green"})
    return campaign


def stored_counts(campaign) -> Counter:
    """Return how often each option was ticked, counted in Python from the stored ballots."""
    return Counter(
        option
        for answers in Ballot.objects.filter(campaign=campaign).values_list("answers", flat=True)
        for option in answers["events"]
    )


def table_counts(html: str, caption: str) -> dict[str, int]:
    """Return {row label: votes} of the table with this caption on the page."""
    table = re.search(rf"<caption[^>]*>{caption}: die Zahlen</caption>(.*?)</table>", html, re.S)
    cells = re.findall(r'<th scope="row">([^<]+)</th><td>(\d+)</td>', table.group(1))
    return {unescape(label): int(n) for label, n in cells}


def test_the_list_shows_polls_and_votes_with_their_ballots(planner, vote, poll, campaign):
    html = planner.get("/auswertung/").content.decode()
    for item, title in ((vote, "Events im Park"), (poll, "Ampelsymbole")):
        block = re.search(rf'<section [^>]*"campaign-{item.slug}".*?</section>', html, re.S)[0]
        assert title in block and f'href="/auswertung/{item.slug}/"' in block
        ballots = re.search(r"<dt>Stimmabgaben</dt><dd>(\d+)</dd>", block)
        assert int(ballots.group(1)) == Ballot.objects.filter(campaign=item).count()
        # No posts, no sparkline and no map report for a poll.
        assert "Beiträge je Woche" not in block and "/reports/" not in block
    assert re.search(r"Abstimmung ·\s+offen bis", html) and re.search(r"Umfrage ·\s+offen", html)
    # The map campaign keeps its posts.
    fear = re.search(r'<section [^>]*campaign-fear".*?</section>', html, re.S).group(0)
    assert "Beiträge je Woche" in fear and "Stimmabgaben" not in fear


def test_the_page_counts_every_ballot_while_the_results_are_hidden(planner, vote):
    assert not vote.results_visible()
    response = planner.get("/auswertung/events/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "5 Personen haben abgestimmt." in html
    titled = {key.title(): n for key, n in stored_counts(vote).items()}
    assert table_counts(html, "Events") == {e.title(): titled.get(e.title(), 0) for e in EVENTS}
    # No map, filter or QGIS project for a poll; the files are the planners' exact ones.
    assert 'id="ws-map"' not in html and 'id="ws-filter"' not in html and ".qgs" not in html
    assert 'href="/exports/events/tally.csv"' in html
    assert 'href="/exports/events/tally.json"' in html
    assert "noch nicht öffentlich" in html
    # The public results still say nothing.
    assert Client().get("/c/events/ergebnisse.json").status_code == 403


def test_two_ballots_are_shown_exactly_to_planners(planner, poll):
    html = planner.get("/auswertung/ampel/").content.decode()
    assert "2 Personen haben abgestimmt." in html and "Bisher haben weniger als" not in html
    assert table_counts(html, "Colour") == {"Red": 1, "Green": 1, "Blue": 0}
    assert table_counts(html, "Mood") == {"1": 0, "2": 1, "3": 0, "4": 0, "5": 0}


def test_the_json_download_holds_the_stored_numbers(planner, vote, poll):
    response = planner.get("/exports/events/tally.json")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    document = response.json()
    assert document["campaign"] == "events" and document["kind"] == "vote"
    assert document["ballots"] == Ballot.objects.filter(campaign=vote).count() == len(VOTES)
    assert not document["suppressed"]
    counts = {o["key"]: o["count"] for o in document["questions"][0]["options"]}
    assert counts == {e: stored_counts(vote)[e] for e in EVENTS}
    small = planner.get("/exports/ampel/tally.json").json()
    assert small["ballots"] == 2 and small["questions"][1]["scale"]["mean"] == 2.0


def test_the_csv_download_holds_the_stored_numbers(planner, vote):
    response = planner.get("/exports/events/tally.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="events-tally.csv"' in response["Content-Disposition"]
    table = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {row["option"]: int(row["count"]) for row in table} == {
        e: stored_counts(vote)[e] for e in EVENTS
    }
    market = next(row for row in table if row["option"] == "market")
    assert market["answered"] == "5" and market["share"] == "0.6"


@pytest.mark.parametrize("path", ["/auswertung/events/", "/exports/events/tally.json"])
def test_residents_and_moderators_are_refused(client, make_user, vote, path):
    for user in (make_user("resident"), make_user("mod", "moderators")):
        client.force_login(user)
        assert client.get(path).status_code == 403


def test_a_script_without_credentials_gets_401_and_a_browser_the_login(client, vote):
    answer = client.get("/exports/events/tally.csv")
    assert answer.status_code == 401 and answer.json()["code"] == "not_authenticated"
    page = client.get("/auswertung/events/")
    assert page.status_code == 302 and page["Location"].startswith("/accounts/login/?next=")
    opened = client.get("/exports/events/tally.csv", headers={"Sec-Fetch-Dest": "document"})
    assert opened.status_code == 302


def test_map_campaigns_unknown_slugs_and_formats_are_json_404(planner, vote, campaign):
    missing = ("/exports/fear/tally.csv", "/exports/nope/tally.json", "/exports/events/tally.xls")
    for path in missing:
        answer = planner.get(path)
        assert answer.status_code == 404 and answer.json()["code"] == "not_found", path
