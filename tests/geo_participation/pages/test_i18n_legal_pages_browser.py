"""The legal pages in a real browser: no WCAG 2.1 AA violation, German first, English by choice."""

import pytest

from tests.page_helpers import (  # noqa: F401 - fixtures
    axe_violations,
    german_page,
    needs_browser,
    plain_static,
)

pytestmark = needs_browser


@pytest.fixture
def page(german_page):  # noqa: F811 - the imported fixture, under a short name
    return german_page


@pytest.mark.parametrize("path", ["/barrierefreiheit/", "/datenschutz/", "/impressum/"])
def test_legal_pages_have_no_wcag_aa_violations(page, live_server, path):
    page.goto(f"{live_server.url}{path}")
    assert page.locator("html").get_attribute("lang") == "de"
    assert axe_violations(page) == []
    assert page.foreign_requests == []


def test_switching_to_english_with_the_keyboard(page, live_server):
    page.goto(f"{live_server.url}/barrierefreiheit/")
    assert page.locator("h1").inner_text() == "Erklärung zur Barrierefreiheit"
    page.focus("#gp-language")
    page.keyboard.press("ArrowDown")  # Deutsch -> English
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Accessibility statement"
    assert page.locator("html").get_attribute("lang") == "en"
    assert axe_violations(page) == []


@pytest.mark.parametrize("operator_set", [True, False], ids=["operator", "unset"])
def test_impressum_on_a_phone(page, live_server, settings, operator_set):
    settings.GP_OPERATOR_NAME = "Stadt Kaiserslautern" if operator_set else ""
    settings.GP_OPERATOR_ADDRESS = "Willy-Brandt-Platz 1\n67657 Kaiserslautern"
    settings.GP_CONTACT_EMAIL = "beteiligung@kaiserslautern.example"
    settings.GP_OPERATOR_PHONE = "+49 631 365-0"
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{live_server.url}/barrierefreiheit/")
    page.get_by_role("contentinfo").get_by_role("link", name="Impressum").click()
    page.wait_for_url(f"{live_server.url}/impressum/")
    assert page.locator("h1").inner_text() == "Impressum"
    assert ("Stadt Kaiserslautern" in page.locator("main").inner_text()) is operator_set
    assert page.get_by_role("link", name="beteiligung@kaiserslautern.example").is_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    assert axe_violations(page) == []
    assert page.foreign_requests == []
