"""On a phone (375 px), axe clean: a ballot over the address's rate is refused beside the send
button in plain German; a results page hides the numbers of a question fewer than 3 answered."""

from datetime import timedelta

import pytest
from django.utils import timezone

from geo_participation.polls.models import Ballot
from tests import web_browser
from tests.page_helpers import axe_violations, plain_static  # noqa: F401 - fixture
from tests.web_browser import AXE, assert_clean, needs_chromium, open_page, unless_present

browser = web_browser.browser  # fixture

pytestmark = [
    pytest.mark.django_db(transaction=True),
    needs_chromium,
    unless_present(AXE, reason="scripts/setup.sh assets installs axe-core"),
    pytest.mark.usefixtures("plain_static"),
]

PHONE = {"width": 375, "height": 812, "is_mobile": True, "has_touch": True, "locale": "de-DE"}


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_ballot_over_the_rate_is_refused_beside_the_button(browser, live_server, poll, settings):
    settings.GP_BALLOT_ADDRESS_RATE = "1/hour"
    for _attempt in range(2):
        # A fresh browser context each time: a new anonymous cookie, the same address.
        page = open_page(browser, live_server, **PHONE)
        page.goto(f"{live_server.url}/c/{poll.slug}/")
        page.get_by_role("radio", name="Red").tap()
        page.get_by_role("checkbox", name="Sound").tap()
        with page.expect_navigation():
            page.get_by_role("button", name="Stimme abgeben").tap()
    refusal = page.locator("#gp-ballot-refused")
    assert refusal.inner_text().startswith("Von Ihrer Verbindung wurden in kurzer Zeit")
    button = page.get_by_role("button", name="Stimme abgeben")
    assert button.get_attribute("aria-describedby") == "gp-ballot-refused"
    # The refusal stands right above the button, and the answers are kept.
    gap = page.evaluate(
        "document.querySelector('.gp-buttons').getBoundingClientRect().top"
        " - document.querySelector('#gp-ballot-refused').getBoundingClientRect().bottom"
    )
    assert 0 <= gap < 40
    assert page.get_by_role("radio", name="Red").is_checked()
    assert Ballot.objects.count() == 1
    assert fits(page)
    assert axe_violations(page) == []
    # The page itself is answered 429, which the browser logs; nothing else may fail.
    assert [e for e in page.script_errors if "status of 429" not in e] == []
    assert page.foreign_requests == [] and page.dialogs == []


def test_a_question_two_answered_shows_no_numbers_on_the_results_page(browser, live_server, poll):
    answers = [
        {"colour": "red", "extras": ["sound"], "mood": 5},
        {"colour": "green", "extras": ["timer"], "mood": 2},
        {"colour": "red", "extras": ["sound", "arrow"]},
    ]
    for i, ballot in enumerate(answers):
        Ballot.objects.create(campaign=poll, client_id=f"c{i}", answers=ballot)
    poll.opens_at = timezone.now() - timedelta(days=3)
    poll.closes_at = timezone.now() - timedelta(minutes=1)
    poll.save()
    page = open_page(browser, live_server, **PHONE)
    page.goto(f"{live_server.url}/c/{poll.slug}/ergebnisse/")
    mood = page.locator("section.gp-chart-block", has=page.locator("#gp-poll-mood"))
    assert "Weniger als 3 Personen haben diese Frage beantwortet" in mood.inner_text()
    assert mood.locator("svg, table").count() == 0
    colour = page.locator("section.gp-chart-block", has=page.locator("#gp-poll-colour"))
    assert colour.locator("table").is_visible()
    assert fits(page)
    assert axe_violations(page) == []
    assert_clean(page)
