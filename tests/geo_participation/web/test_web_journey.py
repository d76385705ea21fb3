"""The whole journey on the demo campaigns, on a phone: add, moderate, published for everyone.

A registered citizen adds a fear space, an anonymous one a heat point and a bike-street line on
a 375 px wide screen; a moderator approves all three on the moderation page; a new visitor then
finds each in the public list and the public API, where the fear space is generalised.
"""

import pytest
from django.core.management import call_command
from django.test import Client

from geo_participation.submissions.models import Status, Submission
from tests import web_browser
from tests.page_helpers import log_in_as
from tests.web_browser import assert_clean, needs_chromium, open_page, wait_for_map

browser = web_browser.browser  # fixture

pytestmark = [pytest.mark.django_db(transaction=True), needs_chromium]

PHONE = {"width": 375, "height": 740, "is_mobile": True, "has_touch": True}


@pytest.fixture
def demo(db):
    call_command("load_demo", "--count", "20", stdout=open("/dev/null", "w"))  # noqa: SIM115


def phone(browser, live_server):
    return open_page(browser, live_server, **PHONE)


def open_map(page, live_server, slug):
    page.goto(f"{live_server.url}/c/{slug}/")
    wait_for_map(page)
    # The campaign opens fitted to its area; zoom in around its centre to draw precisely.
    page.evaluate("gpMap.jumpTo({center: gpMap.getCenter(), zoom: 15})")
    page.wait_for_function("() => !gpMap.isMoving() && gpMap.loaded()")


def begin(page, category):
    """Report a place at the map's centre ("Here") and choose the category."""
    page.tap("#gp-report")
    page.tap("[data-action=here]")
    page.tap(f"label[for=cat-{category}]")  # a tap goes on by itself


def next_step(page, step):
    page.tap(".gp-step:not([hidden]) [data-action=next]")
    page.wait_for_function("s => document.body.dataset.flowStep === s", arg=step)


def tap_map(page, x, y):
    canvas = page.locator("#gp-map canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert x < box["width"] and y < box["height"]
    # terra-draw follows the pointer: it must move there before the tap.
    page.mouse.move(box["x"] + x, box["y"] + y)
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_timeout(350)  # two quick taps would be a double tap (zoom)


def send(page, comment):
    if page.evaluate("document.body.dataset.flowStep") != "send":
        next_step(page, "send")
    page.fill("#gp-comment", comment)
    page.tap("#gp-submit")
    page.wait_for_function("() => document.getElementById('gp-thanks').textContent.length > 0")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    return Submission.objects.get(comment=comment)


def public_list(live_server, slug):
    return Client().get(f"/c/{slug}/list/").content.decode()


def test_add_on_a_phone_approve_and_everyone_sees_them(browser, live_server, demo, make_user):
    citizen = make_user("citizen")
    added = {}

    page = phone(browser, live_server)
    log_in_as(page, live_server, citizen)  # fear spaces only from registered participants
    open_map(page, live_server, "angstraeume")
    begin(page, "angstraum-punkt")
    page.check("#q-angstraum-punkt-time_of_day-4")  # night
    added["angstraeume"] = send(page, "Unterführung ohne Licht")
    assert_clean(page)
    page.close()

    page = phone(browser, live_server)  # anonymous from here on
    open_map(page, live_server, "hitzepunkte")
    begin(page, "hitzepunkt")
    page.check("#q-hitzepunkt-time_of_day-2")
    page.check("#q-hitzepunkt-intensity-5")
    added["hitzepunkte"] = send(page, "Haltestelle ohne Schatten")
    assert_clean(page)

    open_map(page, live_server, "fahrradstrassen")
    begin(page, "fahrradstrasse")
    page.wait_for_function("() => document.body.dataset.flowStep === 'draw'")
    for xy in [(80, 100), (180, 160), (290, 120), (290, 120)]:  # the last tap again finishes
        tap_map(page, *xy)
    page.wait_for_function(
        "() => document.getElementById('gp-coords').value.split('\\n').length === 3"
    )
    next_step(page, "questions")
    page.check("#q-fahrradstrasse-rating-4")
    added["fahrradstrassen"] = send(page, "Gute Fahrradstraße, Tempo 30")
    assert_clean(page)
    page.close()

    kinds = {slug: s.geom.geom_type for slug, s in added.items()}
    expected = {"angstraeume": "Point", "hitzepunkte": "Point", "fahrradstrassen": "LineString"}
    assert kinds == expected
    for slug, submission in added.items():
        assert submission.status == Status.PENDING
        assert submission.comment not in public_list(live_server, slug)

    # The moderation page as before (its own tests own its phone layout).
    page = open_page(browser, live_server, width=375, height=740)
    log_in_as(page, live_server, make_user("mod", "moderators"))
    page.goto(f"{live_server.url}/moderation/")
    for submission in added.values():
        page.get_by_role("button", name=f"Approve #{submission.pk}").click()
        page.wait_for_load_state()
    assert_clean(page)
    page.close()

    for slug, submission in added.items():
        submission.refresh_from_db()
        assert submission.status == Status.APPROVED
        assert submission.comment in public_list(live_server, slug)
        listing = Client().get(f"/api/campaigns/{slug}/submissions/").json()
        found = [f for f in listing["features"] if f["id"] == submission.pk]
        assert len(found) == 1
    # The fear space is public only at its generalised position.
    fear = added["angstraeume"]
    listing = Client().get("/api/campaigns/angstraeume/submissions/").json()
    (shown,) = [f for f in listing["features"] if f["id"] == fear.pk]
    assert shown["properties"]["generalised"] is True
    assert shown["geometry"]["coordinates"] != list(fear.geom.coords)
