"""The phone-first add flow, end to end in a real browser against the real place search.

A resident on a 375 x 812 touch phone searches a street of the fixture extract, reports a fear
space beside it in at most 8 taps, never scrolls more than one screen in a step, and meets no
WCAG 2.1 A/AA violation in any step; once the post is published, a second resident at the same
spot is offered it and supports it instead of reporting it again. The same journey on a desktop
with the keyboard only.
"""

from datetime import timedelta

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone

from geo_participation.moderation.services import submission_approve
from geo_participation.submissions.models import Status, Submission
from tests import web_browser
from tests.geo_participation.web.test_web_access import axe_violations, tab_to
from tests.web_browser import assert_clean, needs_chromium, open_page, wait_for_map

browser = web_browser.browser  # fixture

pytestmark = [pytest.mark.django_db(transaction=True), needs_chromium]

PHONE = {"width": 375, "height": 812, "is_mobile": True, "has_touch": True}
DESKTOP = {"width": 1280, "height": 800}
QUESTIONS = [
    {"key": "time_of_day", "label": "When?", "type": "time_of_day", "required": True},
    {
        "key": "lit",
        "label": "Is it lit?",
        "type": "single_choice",
        "required": True,
        "choices": [{"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"}],
    },
]


@pytest.fixture
def fear(make_campaign, make_category, gazetteer):
    campaign = make_campaign("angst", title="Angsträume", area_name="Kaiserslautern")
    make_category(
        campaign, "angstraum", "point", label="Fear space", sensitive=True, questions=QUESTIONS
    )
    make_category(campaign, "lighting", "point", label="Missing light")
    return campaign


@pytest.fixture
def moderator(make_user):
    return make_user("mod", "moderators")


@pytest.fixture
def phone(browser, live_server, fear, request):
    """The campaign's map page on a 375 x 812 touch phone, loaded."""
    page = open_page(browser, live_server, **PHONE)
    page.goto(f"{live_server.url}/c/angst/")
    wait_for_map(page)
    yield page
    web_browser.save_screenshot_on_failure(page, request)
    page.close()


class Taps:
    """Every tap of the journey goes through here, so the test can count them."""

    def __init__(self, page):
        self.page = page
        self.count = 0

    def __call__(self, selector):
        self.page.locator(selector).tap()
        self.count += 1


def one_screen(page):
    """Assert the step needs no more than one screen of scrolling, and nothing is too wide."""
    sizes = page.evaluate(
        "(e => [e.scrollHeight, innerHeight, e.scrollWidth])(document.scrollingElement)"
    )
    assert sizes[0] <= 2 * sizes[1], sizes
    assert sizes[2] <= page.viewport_size["width"], sizes


def step_is(page, name):
    try:
        page.wait_for_function(
            "s => document.body.dataset.flowStep === s", arg=name, timeout=10_000
        )
    except Exception as exc:
        shown = page.evaluate(
            "[document.body.dataset.flowStep, [...document.querySelectorAll('.gp-error')]"
            ".map(e => e.textContent).filter(Boolean)]"
        )
        raise AssertionError(f"not at step {name}: {shown} {page.script_errors}") from exc
    page.wait_for_function("() => !gpMap.isMoving()")


def check_step(page, name):
    step_is(page, name)
    one_screen(page)
    assert axe_violations(page) == [], name


def search(page, text, result):
    """Type into the place search (typing is not a tap) and wait for the result."""
    page.fill("#gp-search-input", text)
    option = page.get_by_role("option", name=result)
    option.first.wait_for()
    return option


def report_by_taps(page, taps):
    search(page, "fruchthal", "Fruchthallstraße")
    assert "gefunden" in page.text_content("#gp-search-status") or "found" in page.text_content(
        "#gp-search-status"
    )
    taps("[role=option] >> nth=0")
    page.wait_for_function("() => !gpMap.isMoving()")
    # The map fills the first screen, with "Report a place" on it.
    frame = page.locator(".gp-map-frame").bounding_box()
    report = page.locator("#gp-report").bounding_box()
    assert frame["height"] >= 0.6 * 812 and frame["width"] >= 370
    assert report["y"] + report["height"] <= 812
    taps("#gp-report")
    check_step(page, "place")
    assert page.locator(".gp-crosshair").is_visible()
    here = page.locator("[data-action=here]").bounding_box()
    assert here["y"] + here["height"] <= 812  # Here without scrolling
    centre = page.evaluate("gpMap.getCenter().toArray()")
    taps("[data-action=here]")
    return centre


def first_report(browser, live_server, request):
    """A resident reports the fear space in at most 8 taps; return where it was placed."""
    page = open_page(browser, live_server, **PHONE)
    try:
        page.goto(f"{live_server.url}/c/angst/")
        wait_for_map(page)
        one_screen(page)
        taps = Taps(page)
        centre = report_by_taps(page, taps)
        check_step(page, "category")
        taps("label[for=cat-angstraum]")  # goes on by itself
        check_step(page, "questions")
        taps("label[for=q-angstraum-time_of_day-4]")  # at night
        taps("label[for=q-angstraum-lit-2]")  # no
        taps("div[data-step=questions] [data-action=next]")
        check_step(page, "send")
        taps("#gp-submit")
        thanked(page)
        assert taps.count <= 8, taps.count
        one_screen(page)
        assert axe_violations(page) == []
        assert_clean(page)
        return centre
    finally:
        web_browser.save_screenshot_on_failure(page, request)
        page.close()


def thanked(page):
    step_is(page, "thanks")
    page.wait_for_function("() => document.getElementById('gp-thanks').textContent.length > 0")
    assert page.evaluate("document.activeElement.id") == "gp-thanks"


def second_supports(browser, live_server, request):
    """Another resident at the same spot is offered the post and says "I agree"."""
    page = open_page(browser, live_server, **PHONE)
    try:
        page.goto(f"{live_server.url}/c/angst/")
        wait_for_map(page)
        taps = Taps(page)
        report_by_taps(page, taps)
        step_is(page, "category")
        taps("label[for=cat-angstraum]")
        check_step(page, "nearby")
        assert page.locator("#gp-nearby-list li").count() == 1
        taps("#gp-nearby-list li >> nth=0 >> button")
        thanked(page)
        assert taps.count <= 8, taps.count
        assert_clean(page)
    finally:
        web_browser.save_screenshot_on_failure(page, request)
        page.close()


def test_report_a_fear_space_in_8_taps_then_a_second_resident_supports_it(
    browser, live_server, fear, moderator, request
):
    centre = first_report(browser, live_server, request)
    (stored,) = Submission.objects.all()
    assert stored.answers == {"time_of_day": "night", "lit": "no"}
    assert stored.geom.distance(Point(*centre, srid=4326)) < 1e-6
    assert stored.status == Status.PENDING
    submission_approve(submission_id=stored.pk, moderator=moderator)
    second_supports(browser, live_server, request)
    assert Submission.objects.count() == 1  # supported, not reported twice
    stored.refresh_from_db()
    assert stored.support_count == 1


def press(page, key, step=None):
    page.keyboard.press(key)
    if step:
        step_is(page, step)


def test_the_same_journey_on_a_desktop_with_the_keyboard_only(
    browser, live_server, fear, moderator, request
):
    page = open_page(browser, live_server, **DESKTOP)
    try:
        page.goto(f"{live_server.url}/c/angst/")
        wait_for_map(page)
        tab_to(page, "#gp-search-input")
        page.keyboard.type("fruchthal")
        page.get_by_role("option", name="Fruchthallstraße").first.wait_for()
        press(page, "ArrowDown")
        assert (
            page.get_attribute("#gp-search-input", "aria-activedescendant") == "gp-search-option-0"
        )
        assert page.get_attribute("#gp-search-input", "aria-expanded") == "true"
        press(page, "Enter")
        assert page.get_attribute("#gp-search-input", "aria-expanded") == "false"
        page.wait_for_function("() => !gpMap.isMoving()")
        centre = page.evaluate("gpMap.getCenter().toArray()")
        tab_to(page, "#gp-report")
        press(page, "Enter", "place")
        check_step(page, "place")
        tab_to(page, "[data-action=here]")
        press(page, "Enter", "category")
        check_step(page, "category")
        tab_to(page, "#cat-angstraum")
        press(page, "Space")
        tab_to(page, "fieldset[data-step=category] [data-action=next]")
        press(page, "Enter", "questions")
        check_step(page, "questions")
        tab_to(page, "#q-angstraum-time_of_day-1")
        for _ in range(3):
            press(page, "ArrowDown")  # to "at night"
        tab_to(page, "#q-angstraum-lit-1")
        press(page, "ArrowDown")  # no
        tab_to(page, "div[data-step=questions] [data-action=next]")
        press(page, "Enter", "send")
        check_step(page, "send")
        tab_to(page, "#gp-submit")
        press(page, "Enter")
        thanked(page)
        assert_clean(page)
    finally:
        web_browser.save_screenshot_on_failure(page, request)
        page.close()
    (stored,) = Submission.objects.all()
    assert stored.answers == {"time_of_day": "night", "lit": "no"}
    assert stored.geom.distance(Point(*centre, srid=4326)) < 1e-6


def test_a_place_outside_the_area_is_refused_next_to_here_with_focus(phone):
    page = phone
    page.tap("#gp-report")
    step_is(page, "place")
    page.evaluate("gpMap.jumpTo({center: [7.5, 49.3]})")  # west of the campaign area
    page.tap("[data-action=here]")
    error = page.locator("div[data-step=place] #gp-place-error")
    assert error.text_content() == (
        "This place is outside Kaiserslautern. Please choose a place inside it."
    )
    assert page.evaluate("document.activeElement.id") == "gp-place-error"
    assert error.is_visible() and error.bounding_box()["y"] < 812
    assert page.evaluate("document.body.dataset.flowStep") == "place"
    assert axe_violations(page) == []
    assert_clean(page)


def test_a_server_refusal_is_shown_next_to_send_with_focus(phone, fear):
    page = phone
    page.tap("#gp-report")
    page.tap("[data-action=here]")
    page.tap("label[for=cat-lighting]")  # no questions: straight to send
    step_is(page, "send")
    # The campaign closes while the resident is writing.
    fear.opens_at = timezone.now() - timedelta(days=5)
    fear.closes_at = timezone.now() - timedelta(seconds=1)
    fear.save()
    page.tap("#gp-submit")
    error = page.locator("div[data-step=send] #gp-send-error")
    error.wait_for()
    page.wait_for_function("() => document.getElementById('gp-send-error').textContent")
    assert error.text_content() == "This campaign does not take submissions any more."
    assert page.evaluate("document.activeElement.id") == "gp-send-error"
    box = error.bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= 812
    assert Submission.objects.count() == 0


def swipe(page, cdp, y, dy):
    """A real one-finger swipe (DevTools touch events) from (187, y) by dy pixels."""
    touch = lambda kind, points: cdp.send(  # noqa: E731
        "Input.dispatchTouchEvent", {"type": kind, "touchPoints": points}
    )
    touch("touchStart", [{"x": 187, "y": y}])
    for i in range(1, 11):
        touch("touchMove", [{"x": 187, "y": y + dy * i / 10}])
        page.wait_for_timeout(16)
    touch("touchEnd", [])
    page.wait_for_timeout(400)


def test_one_finger_on_the_map_scrolls_the_page_except_while_placing(phone):
    page = phone
    cdp = page.context.new_cdp_session(page)
    before = page.evaluate("gpMap.getCenter().toArray()")
    swipe(page, cdp, 500, -300)
    assert page.evaluate("scrollY") > 100  # the page scrolled
    assert page.evaluate("gpMap.getCenter().toArray()") == before  # the map stayed
    page.evaluate("scrollTo(0, 0)")
    page.tap("#gp-report")
    step_is(page, "place")
    swipe(page, cdp, 450, -200)
    page.wait_for_function("() => !gpMap.isMoving()")
    assert page.evaluate("gpMap.getCenter().toArray()") != before  # now it pans
    assert page.evaluate("scrollY") == 0
