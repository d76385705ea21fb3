"""The results page in a real browser on a phone: after the close it shows the counts the
database holds, draws the density and the suppressed grid from our own server, and passes axe."""

from datetime import timedelta

import pytest
from django.db.models import Count
from django.utils import timezone

from geo_participation.submissions.models import Submission
from tests.page_helpers import (  # noqa: F401 - fixtures
    axe_violations,
    german_phone_page,
    horizontal_overflow,
    needs_browser,
    plain_static,
)

pytestmark = [*needs_browser, pytest.mark.django_db]


@pytest.fixture
def closed(make_campaign, make_category, make_submission):
    now = timezone.now()
    campaign = make_campaign(
        "baenke",
        opens_at=now - timedelta(days=30),
        closes_at=now - timedelta(hours=1),
        results_summary_de="Wir stellen drei neue Bänke auf.",
    )
    make_category(campaign, "bank", "point", label="Bank fehlt")
    make_category(campaign, "angst", "point", label="Angstraum", sensitive=True)
    points = [(7.76 + i * 0.001, 49.44 + (i % 3) * 0.001) for i in range(12)]
    for i, xy in enumerate(points):
        make_submission(campaign, category="bank", coordinates=xy, client_id=f"b{i % 5}")
    for i in range(4):
        make_submission(campaign, category="angst", coordinates=(7.78, 49.45), client_id=f"a{i}")
    make_submission(campaign, category="bank", client_id="p", status="pending")
    answered = Submission.objects.filter(
        campaign=campaign, category__key="bank", status="approved"
    )[0]
    Submission.objects.filter(pk=answered.pk).update(
        answer="Die Bank kommt im Frühjahr.", public_status="planned", responded_at=now
    )
    return campaign


@pytest.fixture
def page(german_phone_page):  # noqa: F811 - the imported fixture, under a short name
    return german_phone_page


def _number(page, selector) -> int:
    return int(page.locator(selector).inner_text().strip())


def test_after_the_close_the_page_shows_the_database_counts(page, live_server, closed):
    page.goto(f"{live_server.url}/c/{closed.slug}/ergebnisse/")
    assert page.locator("h1").inner_text() == "Ergebnisse: Baenke"
    published = Submission.objects.filter(campaign=closed, status="approved")
    assert _number(page, "#gp-results-posts") == published.count() == 16
    contributors = {s.client_id for s in published}
    assert _number(page, "#gp-results-contributors") == len(contributors) == 9
    by_category = dict(published.values_list("category__key").annotate(n=Count("id")))
    for key, n in by_category.items():
        row = page.locator(f'#gp-results-categories tr[data-key="{key}"] td')
        assert int(row.inner_text()) == n
    received = page.locator('#gp-results-statuses tr[data-key="received"] td').inner_text()
    assert int(received) == published.filter(public_status="received").count()
    # One planned post, of one person: fewer than 3.
    planned = page.locator('#gp-results-statuses tr[data-key="planned"] td').inner_text()
    assert planned == "weniger als 3"
    assert page.get_by_text("Die Bank kommt im Frühjahr.").is_visible()
    assert page.get_by_text("Wir stellen drei neue Bänke auf.").is_visible()
    # The map draws the density tiles and the sensitive category's suppressed cells.
    page.wait_for_function("() => window.gpResults && window.gpResults.ready", timeout=20000)
    drawn = page.evaluate("() => window.gpResults.drawn")
    assert "category=bank" in drawn["density"]
    assert all(f["properties"]["contributors"] >= 3 for f in drawn["grid"]["features"])
    assert drawn["grid"]["features"], "four people's posts at one place make a cell"
    assert horizontal_overflow(page) == 0
    assert axe_violations(page) == []
    assert page.foreign_requests == [] and page.script_errors == []


def test_before_the_close_the_page_says_when(page, live_server, closed):
    closed.closes_at = timezone.now() + timedelta(days=3)
    closed.save()
    page.goto(f"{live_server.url}/c/{closed.slug}/ergebnisse/")
    assert "wenn die Beteiligung am" in page.locator("#gp-results-hidden").inner_text()
    assert page.locator("#gp-results-posts").count() == 0
    assert axe_violations(page) == []


def test_a_closed_vote_shows_its_tally_on_a_phone(page, live_server, make_campaign):
    from geo_participation.polls.models import Ballot, PollOption, PollQuestion

    now = timezone.now()
    vote = make_campaign(
        "feste", kind="vote", opens_at=now - timedelta(days=9), closes_at=now - timedelta(days=1)
    )
    events = PollQuestion.objects.create(
        campaign=vote, key="events", kind="multiple", label="Welche Feste?", max_choices=2
    )
    for position, key in enumerate(("markt", "kino", "lauf")):
        PollOption.objects.create(question=events, key=key, label=key.title(), position=position)
    for n, picked in enumerate([["markt", "kino"], ["markt"], ["lauf", "markt"], ["kino"]]):
        Ballot.objects.create(campaign=vote, client_id=f"v{n}", answers={"events": picked})
    page.goto(f"{live_server.url}/c/feste/ergebnisse/")
    assert page.locator("#gp-poll-results-title").is_visible()
    table = page.locator(".gp-chart-table").first.inner_text()
    assert "Markt" in table and "3" in table
    assert horizontal_overflow(page) == 0
    assert axe_violations(page) == []
    assert page.foreign_requests == [] and page.script_errors == []
