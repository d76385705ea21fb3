"""Accessibility of the citizen pages: keyboard-only placement, axe-core, a 375 px phone."""

import json

import pytest

from geo_participation.submissions.models import Submission
from tests import web_browser
from tests.conftest import INSIDE
from tests.web_browser import (
    add_axe,
    assert_clean,
    needs_chromium,
    open_page,
    wait_for_map,
)

browser, page = web_browser.browser, web_browser.page  # fixtures

pytestmark = [pytest.mark.django_db(transaction=True), needs_chromium]

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def tab_to(page, selector, *, backwards=False, limit=80):
    """Press Tab (or Shift+Tab) until the element matching selector has the focus."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    where = page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
    raise AssertionError(f"{selector} not reached with {key}; at {where}")


def wait_for_pan(page, start):
    """Wait until the map has moved away from start and come to rest."""
    page.wait_for_function(
        "s => { const c = gpMap.getCenter(); return (c.lng !== s[0] || c.lat !== s[1])"
        " && !gpMap.isMoving(); }",
        arg=start,
    )


def axe_violations(page):
    """Return axe-core's WCAG 2.0/2.1 A and AA violations on the page, as readable dicts."""
    add_axe(page)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def start_by_keyboard(page):
    """Reach "Report a place" with Tab, press Enter: the place step has the focus."""
    tab_to(page, "#gp-report")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.body.dataset.flowStep === 'place'")
    assert page.evaluate("document.activeElement.dataset.step") == "place"


def test_point_by_keyboard_only(page, live_server, campaign):
    page.goto(f"{live_server.url}/c/fear/")
    wait_for_map(page)
    start_by_keyboard(page)
    # Back to the map, pan it with the arrow keys; Enter there is "Here".
    tab_to(page, "canvas.maplibregl-canvas", backwards=True)
    assert page.is_visible(".gp-crosshair")
    start = page.evaluate("gpMap.getCenter().toArray()")
    page.keyboard.press("ArrowRight")
    wait_for_pan(page, start)
    page.keyboard.press("ArrowUp")
    wait_for_pan(page, page.evaluate("gpMap.getCenter().toArray()"))
    center = page.evaluate("gpMap.getCenter().toArray()")
    assert center[0] > start[0] and center[1] > start[1]
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.body.dataset.flowStep === 'category'")
    # Arrow keys move through the radio group and select, without going on by themselves.
    tab_to(page, "input[name=category]")
    page.keyboard.press("ArrowDown")
    assert page.is_checked("#cat-route") or page.is_checked("#cat-spot")
    if page.is_checked("#cat-route"):
        page.keyboard.press("ArrowUp")
    assert page.is_checked("#cat-spot")
    assert page.evaluate("document.body.dataset.flowStep") == "category"
    tab_to(page, "fieldset[data-step=category] [data-action=next]")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.body.dataset.flowStep === 'questions'")
    tab_to(page, "input[name='answers.time_of_day']")
    page.keyboard.press("ArrowDown")  # daytime
    tab_to(page, "input[name='answers.rating']")
    page.keyboard.press("ArrowRight")  # 2
    tab_to(page, "div[data-step=questions] [data-action=next]")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.body.dataset.flowStep === 'send'")
    tab_to(page, "#gp-comment")
    page.keyboard.type("typed by keyboard")
    tab_to(page, "#gp-submit")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('gp-thanks').textContent.length > 0")
    stored = Submission.objects.get(comment="typed by keyboard")
    assert stored.answers == {"time_of_day": "daytime", "rating": 2}
    lon, lat = stored.geom.coords
    assert abs(lon - center[0]) < 2e-6 and abs(lat - center[1]) < 2e-6
    assert_clean(page)


def test_line_by_keyboard_with_finish(page, live_server, campaign):
    page.goto(f"{live_server.url}/c/fear/")
    wait_for_map(page)
    page.evaluate("c => gpMap.jumpTo({center: c, zoom: 15})", INSIDE)
    start_by_keyboard(page)
    tab_to(page, "[data-action=here]")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.body.dataset.flowStep === 'category'")
    tab_to(page, "#cat-route")  # the first category
    page.keyboard.press("Space")
    assert page.is_checked("#cat-route")
    tab_to(page, "fieldset[data-step=category] [data-action=next]")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.body.dataset.flowStep === 'draw'")
    tab_to(page, "canvas.maplibregl-canvas", backwards=True)
    placed = []
    for key in ("ArrowLeft", "ArrowDown", "ArrowDown"):
        before = page.evaluate("gpMap.getCenter().toArray()")
        page.keyboard.press(key)
        wait_for_pan(page, before)
        page.keyboard.press("Enter")
        placed.append(page.evaluate("gpMap.getCenter().toArray()"))
    tab_to(page, "#gp-finish")
    page.keyboard.press("Enter")
    tab_to(page, "#gp-location [data-action=next]")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.body.dataset.flowStep === 'send'")
    page.fill("#gp-comment", "keyboard line")
    page.click("#gp-submit")
    page.wait_for_function("() => document.getElementById('gp-thanks').textContent.length > 0")
    stored = Submission.objects.get(comment="keyboard line")
    assert stored.geom.geom_type == "LineString" and len(stored.geom.coords) == 3
    for (x, y), (ex, ey) in zip(stored.geom.coords, placed, strict=True):
        assert abs(x - ex) < 2e-6 and abs(y - ey) < 2e-6
    assert_clean(page)


def test_focus_is_visible(page, live_server, campaign):
    page.goto(f"{live_server.url}/c/fear/")
    wait_for_map(page)
    tab_to(page, "#gp-report")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def test_axe_finds_no_wcag_violation_on_the_campaign_page(
    page, live_server, campaign, make_submission
):
    make_submission(campaign, comment="published")
    page.goto(f"{live_server.url}/c/fear/")
    wait_for_map(page)
    page.wait_for_selector("#gp-inview-list li")
    assert axe_violations(page) == []
    assert_clean(page)


def test_axe_finds_no_wcag_violation_on_the_open_add_form(page, live_server, campaign):
    page.goto(f"{live_server.url}/c/fear/")
    wait_for_map(page)
    page.click("#gp-report")
    page.click("[data-action=here]")
    page.click("label[for=cat-spot]")
    page.click("div[data-step=questions] [data-action=next]")  # a required answer missing
    assert page.text_content("#gp-answers-error-spot") != ""
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/c/fear/add/")
    page.check("#cat-zone")
    assert axe_violations(page) == []
    assert_clean(page)


def test_axe_finds_no_wcag_violation_on_the_list_and_campaigns(
    page, live_server, campaign, make_submission
):
    for n in range(25):
        make_submission(campaign, comment=f"note {n}", answers={"time_of_day": "night"})
    page.goto(f"{live_server.url}/c/fear/list/?page=2")
    assert page.locator(".gp-list > li").count() == 5
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/")
    assert axe_violations(page) == []
    assert_clean(page)


def test_axe_would_report_a_missing_label(page, live_server, campaign):
    # The check itself works: an unlabelled field is a WCAG violation axe reports.
    page.goto(f"{live_server.url}/c/fear/add/")
    page.evaluate("document.querySelector('label[for=gp-comment]').remove()")
    assert "label" in json.dumps(axe_violations(page))


def test_phone_width_375_on_the_add_page_with_the_place_search(
    browser, live_server, campaign, gazetteer, request
):
    page = open_page(browser, live_server, width=375, height=740, is_mobile=True, has_touch=True)
    try:
        page.goto(f"{live_server.url}/c/fear/add/")
        page.check("#cat-spot")
        page.fill("#gp-search-input", "marktstr")
        page.get_by_role("option", name="Marktstraße").first.tap()
        assert page.input_value("#gp-lat") != ""
        page.check("#q-spot-time_of_day-3")
        page.fill("#gp-comment", "from a phone")
        page.click("#gp-submit")
        page.wait_for_function("() => document.getElementById('gp-thanks').textContent.length > 0")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        stored = Submission.objects.get(comment="from a phone")
        street = gazetteer.get(name="Marktstraße", kind="street").geom
        assert street.distance(stored.geom) < 0.001  # on (or beside) the street
        assert axe_violations(page) == []
        assert_clean(page)
    finally:
        web_browser.save_screenshot_on_failure(page, request)
