"""Details of a submission on the map: popup from the tiles or the list, text only, "me too"."""

import pytest

from geo_participation.submissions.models import Submission
from tests import web_browser
from tests.conftest import INSIDE
from tests.web_browser import assert_clean, needs_chromium, wait_for_map

browser, page = web_browser.browser, web_browser.page  # fixtures

pytestmark = [pytest.mark.django_db(transaction=True), needs_chromium]

XSS = "<img src=x onerror=alert(1)>"


def open_at_inside(page, live_server):
    page.goto(f"{live_server.url}/c/fear/")
    wait_for_map(page)
    # Zoom 16: single submissions with their ids, not aggregated cells.
    page.evaluate("c => gpMap.jumpTo({center: c, zoom: 16})", INSIDE)
    page.wait_for_function("() => !gpMap.isMoving() && gpMap.loaded()")


def click_feature_at(page, lon, lat):
    page.wait_for_function(
        "() => gpMap.queryRenderedFeatures({layers: ['submissions-icons']}).length > 0"
    )
    x, y = page.evaluate("c => { const p = gpMap.project(c); return [p.x, p.y]; }", [lon, lat])
    box = page.locator("#gp-map canvas").bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_selector(".maplibregl-popup .gp-details")


def test_xss_comment_from_the_tiles_is_shown_as_text(page, live_server, campaign, make_submission):
    make_submission(campaign, comment=XSS, answers={"time_of_day": "night", "rating": 2})
    open_at_inside(page, live_server)
    click_feature_at(page, *INSIDE)
    popup = page.locator(".maplibregl-popup")
    assert popup.locator(".gp-comment-text").text_content() == XSS
    assert popup.locator("img").count() == 0
    # Answers by their labels, not their stored values.
    assert "At night" in popup.text_content()
    assert "2 of 5" in popup.text_content()
    page.wait_for_timeout(300)  # an onerror handler would have fired by now
    assert_clean(page)


def test_escape_on_details_opened_by_a_map_click_returns_the_focus_to_the_map(
    page, live_server, campaign, make_submission
):
    make_submission(campaign, comment="Hier")
    open_at_inside(page, live_server)
    click_feature_at(page, *INSIDE)
    assert page.evaluate("!!document.activeElement.closest('.maplibregl-popup')")
    page.keyboard.press("Escape")
    page.wait_for_selector(".maplibregl-popup", state="detached")
    assert page.evaluate("document.activeElement === gpMap.getCanvas()")
    assert_clean(page)


def test_xss_comment_in_the_view_list_is_text(page, live_server, campaign, make_submission):
    make_submission(campaign, comment=XSS)
    open_at_inside(page, live_server)
    item = page.locator("#gp-inview-list button").first
    item.wait_for()
    assert XSS in item.text_content()
    item.click()
    page.wait_for_selector(".maplibregl-popup .gp-details")
    assert page.locator(".maplibregl-popup .gp-comment-text").text_content() == XSS
    assert page.locator("#gp-inview-list img, .maplibregl-popup img").count() == 0
    # The keyboard path: the focus moves into the details, and back to the entry on close.
    assert page.evaluate("!!document.activeElement.closest('.maplibregl-popup')")
    page.keyboard.press("Escape")
    assert page.locator(".maplibregl-popup").count() == 0
    assert page.evaluate("document.activeElement.closest('#gp-inview-list') !== null")
    page.wait_for_timeout(300)
    assert_clean(page)


def test_me_too_from_the_popup_counts_once_and_can_be_taken_back(
    page, live_server, campaign, make_submission
):
    submission = make_submission(campaign, comment="dark corner")
    open_at_inside(page, live_server)
    click_feature_at(page, *INSIDE)
    button = page.locator(".maplibregl-popup .gp-support")
    button.click()
    page.wait_for_selector(".maplibregl-popup .gp-support[aria-pressed=true]")
    submission.refresh_from_db()
    assert submission.support_count == 1
    assert "1" in page.locator(".maplibregl-popup [role=status]").text_content()
    button.click()
    page.wait_for_selector(".maplibregl-popup .gp-support[aria-pressed=false]")
    assert Submission.objects.get(pk=submission.pk).support_count == 0
    assert_clean(page)


def test_aggregated_cell_click_zooms_in(page, live_server, campaign, make_submission):
    make_submission(campaign)
    page.goto(f"{live_server.url}/c/fear/")
    wait_for_map(page)
    page.evaluate("c => gpMap.jumpTo({center: c, zoom: 11})", INSIDE)
    page.wait_for_function(
        "() => gpMap.loaded()"
        " && gpMap.queryRenderedFeatures({layers: ['submissions-cells']}).length"
    )
    cell = page.evaluate(
        "(() => { const f = gpMap.queryRenderedFeatures({layers: ['submissions-cells']})[0];"
        " const p = gpMap.project(f.geometry.coordinates); return [p.x, p.y]; })()"
    )
    box = page.locator("#gp-map canvas").bounding_box()
    page.mouse.click(box["x"] + cell[0], box["y"] + cell[1])
    page.wait_for_function("() => gpMap.getZoom() > 12.5 && !gpMap.isMoving()")
    assert page.locator(".maplibregl-popup").count() == 0
    assert_clean(page)
