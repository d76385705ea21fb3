"""Drawing on the campaign map in a real browser, and what reaches the database."""

import pytest
from django.test import Client

from geo_participation.submissions.models import Status, Submission
from tests import web_browser
from tests.conftest import INSIDE
from tests.web_browser import assert_clean, needs_chromium, wait_for_map

browser, page = web_browser.browser, web_browser.page  # fixtures

pytestmark = [pytest.mark.django_db(transaction=True), needs_chromium]

# About 10 cm at this latitude: the form keeps 6 decimals, terra-draw 9.
TOLERANCE = 2e-6


def open_campaign(page, live_server, zoom=15):
    page.goto(f"{live_server.url}/c/fear/")
    wait_for_map(page)
    page.evaluate("([c, z]) => gpMap.jumpTo({center: c, zoom: z})", [INSIDE, zoom])
    page.wait_for_function("() => !gpMap.isMoving() && gpMap.loaded()")


def click_map(page, x, y):
    """Click the map at pixel (x, y) of its canvas; return the [lon, lat] there."""
    box = page.locator("#gp-map canvas").bounding_box()
    page.mouse.move(box["x"] + x, box["y"] + y)
    page.mouse.click(box["x"] + x, box["y"] + y)
    # Two clicks in quick succession would be a double click (zoom) to MapLibre.
    page.wait_for_timeout(350)
    return page.evaluate("([x, y]) => gpMap.unproject([x, y]).toArray()", [x, y])


def begin(page, category):
    """Start the add flow: "Report a place", "Here" at the map's centre, the category."""
    page.click("#gp-report")
    centre = page.evaluate("gpMap.getCenter().toArray()")
    page.click("[data-action=here]")
    page.click(f"label[for=cat-{category}]")  # a click goes on by itself
    return centre


def to_send(page):
    """Go on from the questions (or a drawing) to the send step."""
    page.click(".gp-step:not([hidden]) [data-action=next]")
    page.wait_for_function("() => document.body.dataset.flowStep === 'send'")


def submit(page, comment):
    if page.evaluate("document.body.dataset.flowStep") not in (None, "send"):
        to_send(page)
    page.fill("#gp-comment", comment)
    page.click("#gp-submit")
    page.wait_for_function("() => document.getElementById('gp-thanks').textContent.length > 0")


def assert_close(actual, expected):
    assert len(actual) == len(expected)
    for (x, y), (ex, ey) in zip(actual, expected, strict=True):
        assert abs(x - ex) < TOLERANCE and abs(y - ey) < TOLERANCE, (actual, expected)


def test_draw_and_submit_a_point(page, live_server, campaign):
    open_campaign(page, live_server)
    expected = begin(page, "spot")
    page.check("#q-spot-time_of_day-4")  # night
    page.check("#q-spot-rating-3")
    submit(page, "browser point")
    stored = Submission.objects.get(comment="browser point")
    assert stored.geom.geom_type == "Point"
    assert_close([stored.geom.coords], [expected])
    assert stored.answers == {"time_of_day": "night", "rating": 3}
    assert stored.status == Status.PENDING
    assert_clean(page)


def test_draw_and_submit_a_line(page, live_server, campaign):
    open_campaign(page, live_server)
    begin(page, "route")
    expected = [click_map(page, *xy) for xy in [(200, 200), (350, 260), (480, 220)]]
    click_map(page, 480, 220)  # the last point again finishes the line
    page.wait_for_function(
        "() => document.getElementById('gp-coords').value.split('\\n').length === 3"
    )
    submit(page, "browser line")
    stored = Submission.objects.get(comment="browser line")
    assert stored.geom.geom_type == "LineString"
    assert_close(stored.geom.coords, expected)
    assert_clean(page)


def test_draw_and_submit_a_polygon(page, live_server, campaign):
    open_campaign(page, live_server)
    begin(page, "zone")
    expected = [click_map(page, *xy) for xy in [(200, 200), (400, 200), (400, 380), (200, 380)]]
    click_map(page, 200, 200)  # the first point again closes the area
    page.wait_for_function(
        "() => document.getElementById('gp-coords').value.split('\\n').length === 4"
    )
    submit(page, "browser polygon")
    stored = Submission.objects.get(comment="browser polygon")
    assert stored.geom.geom_type == "Polygon"
    ring = stored.geom.coords[0]
    assert ring[0] == ring[-1]
    # terra-draw may start the ring at another vertex or turn it round: compare as a set.
    assert_close(sorted(ring[:-1]), sorted(expected))
    assert_clean(page)


def test_submitted_point_shows_as_pending_on_the_map_also_after_reload(page, live_server, campaign):
    open_campaign(page, live_server)
    begin(page, "spot")
    page.check("#q-spot-time_of_day-1")
    submit(page, "mine, pending")
    assert page.evaluate("document.activeElement.id") == "gp-thanks"
    mine = "gpMap.querySourceFeatures('mine').map(f => f.properties.comment)"
    page.wait_for_function(f"() => {mine}.includes('mine, pending')")
    # After a reload it comes from the API's listing of the visitor's own pending ones.
    open_campaign(page, live_server)
    page.wait_for_function(f"() => {mine}.includes('mine, pending')")
    assert page.locator("#gp-inview-list .gp-pending").count() == 1
    assert_clean(page)


def test_a_place_outside_the_area_is_refused_next_to_the_place_with_focus(
    page, live_server, campaign
):
    page.goto(f"{live_server.url}/c/fear/add/")
    page.check("#cat-spot")
    page.check("#q-spot-time_of_day-1")
    page.fill("#gp-lat", "48.0")  # far south of the campaign area
    page.fill("#gp-lon", "7.77")
    page.click("#gp-submit")
    # Refused in the browser, in residents' words, beside the location fields.
    error = page.locator("#gp-location #gp-place-error")
    assert (
        error.text_content()
        == "This place is outside the area of “Fear”. Please choose a place inside it."
    )
    assert page.evaluate("document.activeElement.id") == "gp-place-error"
    assert Submission.objects.count() == 0
    assert_clean(page)


def test_unreadable_coordinates_are_named_before_sending(page, live_server, campaign):
    page.goto(f"{live_server.url}/c/fear/add/")
    page.check("#cat-route")
    page.fill("#gp-coords", "49.44, 7.77\nsomewhere")
    page.click("#gp-submit")
    assert "latitude, longitude" in page.text_content("#gp-location #gp-place-error")
    assert page.evaluate("document.activeElement.id") == "gp-place-error"
    assert Submission.objects.count() == 0
    assert_clean(page)


def test_line_by_coordinates_without_a_map(page, live_server, campaign):
    page.goto(f"{live_server.url}/c/fear/add/")
    page.check("#cat-route")
    page.fill("#gp-coords", "49.44, 7.77\n49,445 7,775\n49.45;7.78")
    submit(page, "typed line")
    stored = Submission.objects.get(comment="typed line")
    assert_close(stored.geom.coords, [(7.77, 49.44), (7.775, 49.445), (7.78, 49.45)])
    assert_clean(page)


def choose_place(page, text, name):
    """Choose a place of the fixture gazetteer in the add page's search box."""
    page.fill("#gp-search-input", text)
    page.get_by_role("option", name=name).first.click()


def test_point_from_the_place_search_without_a_map(page, live_server, campaign, gazetteer):
    page.goto(f"{live_server.url}/c/fear/add/")
    page.check("#cat-spot")
    choose_place(page, "stiftspl", "Stiftsplatz")
    found = Client().get("/api/places/", {"q": "stiftspl", "campaign": "fear"}).json()
    lon, lat = next(
        f["geometry"]["coordinates"]
        for f in found["features"]
        if f["properties"]["name"] == "Stiftsplatz"
    )
    assert page.input_value("#gp-lat") == f"{lat:.6f}"
    page.check("#q-spot-time_of_day-2")
    submit(page, "by search")
    stored = Submission.objects.get(comment="by search")
    assert_close([stored.geom.coords], [(lon, lat)])
    assert_clean(page)


def test_my_location_needs_the_opt_in_first(page, live_server, campaign):
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 49.441, "longitude": 7.771})
    page.goto(f"{live_server.url}/c/fear/add/")
    page.check("#cat-spot")
    assert page.is_disabled("#gp-geo")
    page.check("#gp-geo-consent")
    page.click("#gp-geo")
    page.wait_for_function("() => document.getElementById('gp-lat').value === '49.441000'")
    assert page.input_value("#gp-lon") == "7.771000"
    assert_clean(page)


def test_photo_chosen_in_the_form_is_uploaded_after_submitting(
    page, live_server, campaign, settings, tmp_path
):
    from geo_participation.submissions.photos.models import Photo
    from tests.photo_helpers import image_bytes

    settings.MEDIA_ROOT = tmp_path
    page.goto(f"{live_server.url}/c/fear/add/")
    page.check("#cat-spot")
    page.fill("#gp-lat", "49.4447")
    page.fill("#gp-lon", "7.7686")
    page.check("#q-spot-time_of_day-2")
    page.set_input_files(
        "#gp-photo",
        files=[{"name": "x.jpg", "mimeType": "image/jpeg", "buffer": image_bytes("JPEG")}],
    )
    submit(page, "with a photo")
    page.wait_for_selector("#gp-photo-status[data-state=done]")
    assert Photo.objects.filter(submission__comment="with a photo").count() == 1
    assert_clean(page)


def test_a_missing_required_multiple_choice_moves_the_focus_to_its_question(
    page, live_server, campaign, make_category
):
    question = {
        "key": "what",
        "label": "What is there?",
        "type": "multiple_choice",
        "required": True,
        "choices": [{"value": "dark", "label": "Dark"}, {"value": "lonely", "label": "Lonely"}],
    }
    make_category(campaign, "kinds", "point", questions=[question])
    page.goto(f"{live_server.url}/c/fear/add/")
    page.check("#cat-kinds")
    page.fill("#gp-lat", "49.4447")
    page.fill("#gp-lon", "7.7686")
    page.click("#gp-submit")
    # The message is in the question's fieldset, and has the focus.
    error = page.locator("fieldset[data-category=kinds] #gp-answers-error-kinds")
    assert "What is there?" in error.text_content()
    assert page.evaluate("document.activeElement.id") == "gp-answers-error-kinds"
    assert Submission.objects.count() == 0
    assert_clean(page)
