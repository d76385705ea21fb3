"""On phones: a planner sets "Geplant" with an answer; a resident sees both on the map and list."""

import pytest

from tests import web_browser
from tests.conftest import INSIDE
from tests.page_helpers import axe_violations, log_in_as
from tests.web_browser import assert_clean, needs_chromium, open_page, wait_for_map

browser = web_browser.browser  # fixture

pytestmark = [pytest.mark.django_db(transaction=True), needs_chromium]

ANSWER = "Die Laterne wird im Frühjahr 2027 ersetzt."
PHONE = {"width": 375, "height": 812, "locale": "de-DE", "is_mobile": True, "has_touch": True}


def _no_overflow(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def _planner_sets_planned(browser, live_server, post, planner):
    page = open_page(browser, live_server, **PHONE)
    log_in_as(page, live_server, planner)
    page.goto(f"{live_server.url}/moderation/submissions/{post.pk}/")
    assert page.locator("h1").inner_text() == f"Beitrag #{post.pk}: Status und Antwort"
    _no_overflow(page)
    assert axe_violations(page) == []
    page.get_by_label("Öffentlicher Status").select_option(label="Geplant")
    page.get_by_label("Öffentliche Antwort").fill(ANSWER)
    page.get_by_role("button", name="Status und Antwort speichern").click()
    page.wait_for_selector(".gp-message--success")
    assert f"Beitrag #{post.pk} gespeichert" in page.locator("#gp-messages").inner_text()
    history = page.locator(".gp-history").inner_text()
    assert "planner" in history and "Status „Geplant“" in history and ANSWER in history
    _no_overflow(page)
    assert axe_violations(page) == []
    assert_clean(page)
    page.close()


def _resident_sees_it(browser, live_server, post):
    page = open_page(browser, live_server, **PHONE)
    page.goto(f"{live_server.url}/c/fear/list/")
    card = page.locator(f"#submission-{post.pk}")
    assert card.locator(".gp-status-badge").inner_text() == "Geplant"
    assert ANSWER in card.inner_text()
    assert "Status und Antwort bearbeiten" not in card.inner_text()  # not staff
    page.get_by_label("Status").select_option(label="Umgesetzt")
    page.get_by_role("button", name="Anzeigen").click()
    page.wait_for_url("**public_status=done**")
    assert page.locator(f"#submission-{post.pk}").count() == 0
    _no_overflow(page)
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/c/fear/")
    wait_for_map(page)
    page.evaluate("c => gpMap.jumpTo({center: c, zoom: 16})", INSIDE)
    page.wait_for_function(
        "() => gpMap.queryRenderedFeatures({layers: ['submissions-icons']}).length > 0"
    )
    x, y = page.evaluate("c => { const p = gpMap.project(c); return [p.x, p.y]; }", INSIDE)
    box = page.locator("#gp-map canvas").bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    popup = page.locator(".maplibregl-popup .gp-details")
    popup.wait_for()
    assert popup.locator(".gp-status-badge").inner_text() == "Geplant"
    assert ANSWER in popup.inner_text()
    assert axe_violations(page) == []
    assert_clean(page)
    page.close()


def test_a_planner_answers_on_a_phone_and_residents_see_it(
    browser, live_server, campaign, make_submission, make_user
):
    post = make_submission(campaign, comment="Die Laterne ist seit Wochen aus.")
    planner = make_user("planner", "planners")
    _planner_sets_planned(browser, live_server, post, planner)
    post.refresh_from_db()
    assert (post.public_status, post.answer) == ("planned", ANSWER)
    _resident_sees_it(browser, live_server, post)
