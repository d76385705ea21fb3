"""A planner on a phone (375 px) opens a running vote from /auswertung/: the exact tally, while
its public results are still hidden, equals the stored ballots on the page and in the
downloaded JSON; axe finds nothing."""

import json
from collections import Counter
from pathlib import Path

import pytest

from geo_participation.polls.models import Ballot
from tests import web_browser
from tests.page_helpers import axe_violations, horizontal_overflow, log_in_as, plain_static  # noqa: F401
from tests.web_browser import AXE, assert_clean, needs_chromium, open_page, unless_present

from .test_poll_pages import EVENTS, VOTES, add_question

browser = web_browser.browser  # fixture

pytestmark = [
    pytest.mark.django_db(transaction=True),
    needs_chromium,
    unless_present(AXE, reason="scripts/setup.sh assets installs axe-core"),
    pytest.mark.usefixtures("plain_static"),
]

PHONE = {"width": 375, "height": 812, "is_mobile": True, "has_touch": True, "locale": "de-DE"}


def test_a_planner_reads_a_running_vote_on_a_phone(browser, live_server, make_campaign, make_user):
    vote = make_campaign("events", kind="vote", title="Events im Park")
    add_question(vote, "events", "multiple", EVENTS, max_choices=3, label="Welche Events?")
    for i, events in enumerate(VOTES):
        Ballot.objects.create(campaign=vote, client_id=f"c{i}", answers={"events": events})
    stored = Counter(e for b in Ballot.objects.filter(campaign=vote) for e in b.answers["events"])
    assert not vote.results_visible()

    page = open_page(browser, live_server, accept_downloads=True, **PHONE)
    log_in_as(page, live_server, make_user("planner", "planners"))
    page.goto(f"{live_server.url}/auswertung/")
    card = page.locator("section", has=page.get_by_role("heading", name="Events im Park"))
    assert card.locator("dt:has-text('Stimmabgaben') + dd").inner_text() == str(len(VOTES))
    page.get_by_role("link", name="Stimmen von „Events im Park“ öffnen").tap()
    page.wait_for_url("**/auswertung/events/")

    assert page.get_by_role("heading", level=1).inner_text() == "Auswertung: Events im Park"
    assert "noch nicht öffentlich" in page.locator("main").inner_text()
    table = page.get_by_role("table", name="Welche Events?: die Zahlen")
    shown = {
        row.locator("th").inner_text(): int(row.locator("td").first.inner_text())
        for row in table.locator("tbody tr").all()
    }
    assert shown == {key.title(): stored[key] for key in EVENTS}
    assert page.locator("svg").count() >= 1  # the bar chart
    assert page.locator("#ws-map").count() == 0

    # The JSON download holds the same numbers, from the planner's session.
    with page.expect_download() as download:
        page.get_by_role("link", name="Stimmen als JSON").tap()
    document = json.loads(Path(download.value.path()).read_text())
    assert document["ballots"] == len(VOTES)
    assert {o["key"]: o["count"] for o in document["questions"][0]["options"]} == {
        key: stored[key] for key in EVENTS
    }

    assert horizontal_overflow(page) == 0
    assert axe_violations(page) == []
    assert_clean(page)
