"""Details of a submission on the map: popup from the tiles or the list, text only, "me too"."""

import pytest
from django.contrib.gis.geos import Point

from geo_participation.submissions.models import Submission
from geo_participation.submissions.near import near_name
from tests import web_browser
from tests.conftest import INSIDE
from tests.web_browser import assert_clean, needs_chromium, open_page, wait_for_map

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


PHONE = {"width": 375, "height": 812, "is_mobile": True, "has_touch": True}


def inside_viewport(page, selector):
    box = page.locator(selector).bounding_box()
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    return (
        box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= width
        and (box["y"] + box["height"] <= height)
    )


def clear_of_the_credits(page):
    popup = page.locator(".maplibregl-popup").bounding_box()
    credits = page.locator(".maplibregl-ctrl-attrib").bounding_box()
    return popup["y"] + popup["height"] <= credits["y"]


def test_details_stay_on_screen_at_375_px_from_the_map_and_the_list(
    browser, live_server, campaign, make_submission, request
):
    # Near the area's western edge: the old popup opened partly left of the screen.
    west = [7.7005, 49.44]
    make_submission(campaign, coordinates=west, comment="at the edge " + "long text " * 30)
    page = open_page(browser, live_server, **PHONE)
    try:
        page.goto(f"{live_server.url}/c/fear/")
        wait_for_map(page)
        page.evaluate("c => gpMap.jumpTo({center: [c[0] + 0.0013, c[1]], zoom: 16})", west)
        page.wait_for_function("() => !gpMap.isMoving() && gpMap.loaded()")
        click_feature_at(page, *west)
        assert inside_viewport(page, ".maplibregl-popup")
        assert clear_of_the_credits(page)
        assert inside_viewport(page, ".maplibregl-popup .gp-support")
        page.keyboard.press("Escape")
        # From the list below the map: the map comes back into view with the details on it.
        page.evaluate("gpMap.jumpTo({center: gpMap.getCenter(), zoom: 16})")
        item = page.locator("#gp-inview-list button").first
        item.wait_for()
        item.scroll_into_view_if_needed()
        item.tap()
        page.wait_for_selector(".maplibregl-popup .gp-details")
        assert inside_viewport(page, ".maplibregl-popup")
        assert clear_of_the_credits(page)
        assert_clean(page)
    finally:
        web_browser.save_screenshot_on_failure(page, request)
        page.close()


def test_me_too_shows_its_true_state_when_reopened_and_after_a_reload(
    page, live_server, campaign, make_submission
):
    make_submission(campaign, comment="dark corner")
    open_at_inside(page, live_server)
    click_feature_at(page, *INSIDE)
    page.click(".maplibregl-popup .gp-support")
    page.wait_for_selector(".maplibregl-popup .gp-support[aria-pressed=true]")
    page.keyboard.press("Escape")
    click_feature_at(page, *INSIDE)
    page.wait_for_selector(".maplibregl-popup .gp-support[aria-pressed=true]")
    # After a reload the page asks the API what this visitor supports.
    open_at_inside(page, live_server)
    click_feature_at(page, *INSIDE)
    page.wait_for_selector(".maplibregl-popup .gp-support[aria-pressed=true]")
    assert "1" in page.locator(".maplibregl-popup [role=status]").text_content()
    assert_clean(page)


def test_the_in_view_list_is_paged_and_the_page_stays_short(
    browser, live_server, campaign, make_submission, request
):
    for n in range(25):
        make_submission(campaign, comment=f"note {n}")
    page = open_page(browser, live_server, **PHONE)
    try:
        open_at_inside(page, live_server)
        page.wait_for_function("() => document.querySelectorAll('#gp-inview-list li').length")
        assert page.locator("#gp-inview-list li").count() == 10
        assert page.text_content("#gp-inview-page") == "Page 1 of 3"
        assert "25 submissions" in page.text_content("#gp-inview-status")
        height = page.evaluate("document.scrollingElement.scrollHeight / innerHeight")
        assert height <= 4  # a few screens, not the 10 of a 100-entry list
        first = page.locator("#gp-inview-list li").first.text_content()
        page.get_by_role("button", name="Next page").tap()
        page.wait_for_function(
            "() => document.getElementById('gp-inview-page').textContent === 'Page 2 of 3'"
        )
        assert page.locator("#gp-inview-list li").first.text_content() != first
        page.get_by_role("button", name="Next page").tap()
        page.wait_for_function(
            "() => document.getElementById('gp-inview-page').textContent === 'Page 3 of 3'"
        )
        assert page.locator("#gp-inview-list li").count() == 5
        assert page.get_by_role("button", name="Next page").is_disabled()
        assert_clean(page)
    finally:
        web_browser.save_screenshot_on_failure(page, request)
        page.close()


def test_details_and_the_list_say_near_which_street(page, live_server, campaign, gazetteer):
    # Beside Fruchthallstraße of the fixture extract; near is set when it is stored.
    at = [7.7695, 49.4437]
    spot = campaign.categories.get(key="spot")
    geom = Point(*at, srid=4326)
    near = near_name(geom=geom, category=spot, campaign=campaign)
    assert near
    stored = Submission.objects.create(
        campaign=campaign, category=spot, geom=geom, status="approved", near=near
    )
    page.goto(f"{live_server.url}/c/fear/")
    wait_for_map(page)
    page.evaluate("c => gpMap.jumpTo({center: c, zoom: 16})", at)
    page.wait_for_function("() => !gpMap.isMoving() && gpMap.loaded()")
    item = page.locator("#gp-inview-list button").first
    item.wait_for()
    assert f"(near {stored.near})" in item.text_content()
    click_feature_at(page, *at)
    assert page.locator(".maplibregl-popup .gp-near").text_content() == f"near {stored.near}"
    assert_clean(page)


def test_a_link_to_a_post_opens_the_map_at_it_with_its_details(
    page, live_server, campaign, make_submission
):
    east = (INSIDE[0] + 0.01, INSIDE[1] + 0.004)
    make_submission(campaign, comment="nicht dieser")
    post = make_submission(campaign, comment="Diese Laterne", coordinates=east)
    page.goto(f"{live_server.url}/c/fear/posts/{post.pk}/")
    with page.expect_navigation():
        page.click(f"a[href='/c/fear/?post={post.pk}']")
    wait_for_map(page)
    popup = page.locator(".maplibregl-popup")
    popup.wait_for()
    assert popup.locator(".gp-comment-text").text_content() == "Diese Laterne"
    centre = page.evaluate("(() => { const c = gpMap.getCenter(); return [c.lng, c.lat]; })()")
    assert centre == pytest.approx(east, abs=1e-6)
    assert page.evaluate("gpMap.getZoom()") >= 17
    assert_clean(page)


def test_a_link_to_a_post_that_is_not_public_says_so(page, live_server, campaign, make_submission):
    post = make_submission(campaign, status="rejected")
    page.goto(f"{live_server.url}/c/fear/?post={post.pk}")
    wait_for_map(page)
    page.locator("#gp-map-error").wait_for()
    assert page.locator(".maplibregl-popup").count() == 0
