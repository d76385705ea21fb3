"""The error pages on a phone in a real browser: German, no WCAG 2.1 AA violation, nothing
loaded from anyone but us."""

import pytest

from tests.page_helpers import axe_violations, log_in_as
from tests.web_browser import (  # noqa: F401 - fixtures
    AXE,
    browser,
    needs_chromium,
    open_page,
    save_screenshot_on_failure,
    unless_present,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    needs_chromium,
    unless_present(AXE, reason="scripts/setup.sh assets installs axe-core"),
]


@pytest.fixture
def phone(browser, live_server, request):  # noqa: F811 - the imported fixture
    page = open_page(
        browser, live_server, width=375, height=812, is_mobile=True, has_touch=True, locale="de-DE"
    )
    yield page
    save_screenshot_on_failure(page, request)


def assert_fits_and_passes(page):
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    assert axe_violations(page) == []
    assert page.foreign_requests == []


def test_404_page(phone, live_server):
    answer = phone.goto(f"{live_server.url}/gibt-es-nicht/")
    assert answer.status == 404
    assert phone.locator("h1").inner_text() == "Seite nicht gefunden"
    assert_fits_and_passes(phone)
    phone.get_by_role("link", name="Zu allen Beteiligungen").click()
    phone.wait_for_url(f"{live_server.url}/")


def test_403_page(phone, live_server, make_user):
    log_in_as(phone, live_server, make_user("anna"))
    answer = phone.goto(f"{live_server.url}/moderation/")
    assert answer.status == 403
    assert phone.locator("h1").inner_text() == "Zugriff verweigert"
    assert_fits_and_passes(phone)


@pytest.mark.urls("tests.geo_participation.failing_urls")
def test_500_page(phone, live_server):
    answer = phone.goto(f"{live_server.url}/kaputt/")
    assert answer.status == 500
    assert phone.locator("h1").inner_text() == "Bei uns ist etwas schiefgegangen"
    assert_fits_and_passes(phone)
