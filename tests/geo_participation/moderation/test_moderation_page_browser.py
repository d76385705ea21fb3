"""The moderation page in a real browser: keyboard only, accessible, nothing from elsewhere."""

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.gis.geos import Point

from geo_participation.submissions.models import Status, Submission
from tests.page_helpers import (  # noqa: F401 - fixtures
    axe_violations,
    german_page,
    horizontal_overflow,
    log_in_as,
    needs_browser,
    plain_static,
    tab_to,
)

pytestmark = needs_browser


@pytest.fixture
def page(german_page):  # noqa: F811 - the imported fixture, under a short name
    return german_page


@pytest.fixture
def moderator(db):
    user = User.objects.create_user("moderatorin", password="unused-in-browser-1")
    user.groups.add(Group.objects.get(name="moderators"))
    return user


def pending(campaign, comment, lon=7.77, lat=49.44):
    return Submission.objects.create(
        campaign=campaign,
        category=campaign.categories.get(key="spot"),
        geom=Point(lon, lat, srid=4326),
        comment=comment,
        answers={"time_of_day": "night"},
    )


def open_queue(page, live_server, moderator):
    log_in_as(page, live_server, moderator)
    page.goto(f"{live_server.url}/moderation/")
    page.wait_for_selector("#moderation-map[data-ready=true]", timeout=20_000)


def test_keyboard_only_approve_and_reject_with_a_reason(page, live_server, campaign, moderator):
    keep = pending(campaign, "Dunkle Unterführung")
    drop = pending(campaign, "Doppelt gemeldet", 7.78, 49.45)
    open_queue(page, live_server, moderator)
    assert page.locator("h1").inner_text() == "Moderation"

    tab_to(page, f"#{keep.pk} freigeben")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(f"#submission-{keep.pk}").count() == 0
    assert f"Beitrag #{keep.pk} freigegeben." in page.locator("#gp-messages").inner_text()
    # The message is announced by its wrapper; the list inside stays a list (axe: listitem).
    assert page.locator("#gp-messages").get_attribute("role") == "status"
    assert axe_violations(page) == []
    keep.refresh_from_db()
    assert (keep.status, keep.moderated_by) == (Status.APPROVED, moderator)

    # Reject without a reason: the required field stops the form, nothing changes.
    tab_to(page, f"#{drop.pk} ablehnen")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == f"reason-{drop.pk}"
    drop.refresh_from_db()
    assert drop.status == Status.PENDING

    # The browser moved the focus to the reason; type it, then tab on to the button.
    page.keyboard.type("Ist schon als #1 gemeldet")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == f"#{drop.pk} ablehnen"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(f"#submission-{drop.pk}").count() == 0
    assert "Nichts wartet" in page.locator(".gp-moderation__list").inner_text()
    drop.refresh_from_db()
    assert (drop.status, drop.moderation_reason) == (Status.REJECTED, "Ist schon als #1 gemeldet")
    assert page.foreign_requests == []
    assert page.script_errors == []


def test_moderation_page_has_no_wcag_aa_violations(page, live_server, campaign, moderator):
    pending(campaign, "Kein Licht am Weg")
    pending(campaign, "Gebüsch", 7.78, 49.45)
    open_queue(page, live_server, moderator)
    assert page.locator(".gp-item").count() == 2
    assert axe_violations(page) == []
    assert page.foreign_requests == []


def test_clicking_a_point_selects_its_entry(page, live_server, campaign, moderator):
    first = pending(campaign, "Links", 7.75, 49.43)
    second = pending(campaign, "Rechts", 7.80, 49.46)
    open_queue(page, live_server, moderator)
    page.get_by_role("button", name=f"#{second.pk} auf der Karte zeigen").click()
    page.wait_for_timeout(800)  # the map eases to the point
    box = page.locator("#moderation-map canvas").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function(f"() => document.activeElement.id === 'submission-{second.pk}'")
    assert page.locator(f"#submission-{first.pk}.gp-item--selected").count() == 0


# The header's links and buttons: every page has them (web/base.html).
HEADER_TARGET_HEIGHTS = """() => [...document.querySelectorAll(
    '.gp-header a, .gp-header button')].map((e) => [e.textContent.trim(),
    e.getBoundingClientRect().height])"""


def test_header_links_are_targets_of_24_px_and_fit_a_phone(page, live_server, campaign, moderator):
    pending(campaign, "Kein Licht am Weg")
    open_queue(page, live_server, moderator)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 800})
        heights = page.evaluate(HEADER_TARGET_HEIGHTS)
        assert len(heights) >= 4
        # WCAG 2.5.8 (target size, minimum): 24 CSS px.
        assert all(height >= 24 for _text, height in heights), heights
        assert horizontal_overflow(page) == 0
