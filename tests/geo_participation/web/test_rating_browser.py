"""Rating the sections of a proposed bike street on a phone (issue 14's "done when", the resident).

A resident on a 375 x 812 touch phone taps a section on the map, rates it and marks a point on
it; rates the other section from the list "Abschnitte" with the keyboard only; then changes the
first rating. Every state is axe-clean, nothing leaves our server, and the stored ratings are
what was entered. A signed-in resident withdraws a rating after confirming it; where only
registered participants may rate, an anonymous visitor is asked to log in.
"""

import pytest
from django.contrib.gis.geos import Point

from geo_participation.campaigns.models import Participation
from geo_participation.submissions.models import Status, Submission
from tests import web_browser
from tests.geo_participation.references import conftest as references
from tests.page_helpers import axe_violations, log_in_as, tab_to
from tests.web_browser import assert_clean, needs_chromium, open_page, wait_for_map

browser = web_browser.browser  # fixture
# The references tests' campaign: a street of two sections and a rating category.
rated, west, east = references.rated, references.west, references.east  # fixtures

pytestmark = [pytest.mark.django_db(transaction=True), needs_chromium]

PHONE = {"width": 375, "height": 812, "is_mobile": True, "has_touch": True, "locale": "de-DE"}
# The test street runs west to east along latitude 49.44: section 1 from 7.76 to 7.77.
MARKED = (7.7625, 49.44008)  # about 9 m north of section 1


@pytest.fixture
def phone(browser, live_server, request):
    page = open_page(browser, live_server, **PHONE)
    yield page
    web_browser.save_screenshot_on_failure(page, request)
    page.close()


def _open(page, live_server):
    page.goto(f"{live_server.url}/c/radnetz/")
    wait_for_map(page)
    page.wait_for_selector("#gp-sections-list li button")
    # The sections are drawn (the worker has them), not only listed.
    page.wait_for_function("() => window.gpMap.querySourceFeatures('sections').length > 0")


def _clean(page):
    assert axe_violations(page) == [], page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    assert_clean(page)


def _tap_map(page, lon, lat):
    """Tap the map where a place is drawn, as a finger would."""
    page.wait_for_function("() => window.gpMap.loaded()")
    x, y = page.evaluate(
        """([lon, lat]) => {
            const p = window.gpMap.project([lon, lat]);
            const box = window.gpMap.getCanvas().getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }""",
        [lon, lat],
    )
    page.touchscreen.tap(x, y)


def _focused(page) -> str:
    """Return the focused element's id, else its accessible name (aria-label or text)."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return el.id || el.getAttribute("aria-label") || el.textContent;
        }"""
    )


def _thanks(page) -> str:
    page.wait_for_function("() => document.getElementById('gp-rate-thanks').textContent")
    return page.locator("#gp-rate-thanks").inner_text()


def _metres(a: Point, b: Point) -> float:
    return a.transform(25832, clone=True).distance(b.transform(25832, clone=True))


def _rate_by_tapping(page):
    _tap_map(page, 7.7665, 49.44)
    page.wait_for_selector("#gp-rate:not([hidden])")
    assert page.locator("#gp-rate-name").inner_text() == "Pirmasenser Straße, Abschnitt 1"
    assert _focused(page) == "gp-rate-heading"
    page.locator("label[for=rate-q-rating-score-3]").tap()
    page.locator("#gp-rate-mark").tap()
    assert page.locator("#gp-rate-mark").get_attribute("aria-pressed") == "true"
    _tap_map(page, *MARKED)
    page.wait_for_function("() => !document.getElementById('gp-rate-unmark').hidden")
    assert "Punkt gesetzt" in page.locator("#gp-rate-point-status").inner_text()
    page.fill("#gp-rate-comment", "Zu schmal an der Kreuzung")
    _clean(page)
    page.locator("#gp-rate-save").tap()
    thanks = _thanks(page)
    assert "Ihre Bewertung wurde gespeichert." in thanks
    assert "nach der Prüfung veröffentlicht" in thanks  # the campaign is pre-moderated
    _clean(page)
    page.locator("#gp-rate-close").tap()
    page.wait_for_selector("#gp-rate", state="hidden")


def _rate_with_the_keyboard(page):
    tab_to(page, "Bewerten: Pirmasenser Straße, Abschnitt 2")
    page.keyboard.press("Enter")
    page.wait_for_selector("#gp-rate:not([hidden])")
    assert _focused(page) == "gp-rate-heading"
    tab_to(page, "1")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    tab_to(page, "Breiter")
    page.keyboard.press("Space")
    tab_to(page, "Kommentar (freiwillig)")
    page.keyboard.type("Gut so")
    tab_to(page, "Bewertung speichern")
    page.keyboard.press("Enter")
    assert "Ihre Bewertung wurde gespeichert." in _thanks(page)
    page.keyboard.press("Escape")
    page.wait_for_selector("#gp-rate", state="hidden")
    # Back where the form was opened from, which now offers a change.
    assert _focused(page) == "Bewertung ändern: Pirmasenser Straße, Abschnitt 2"
    assert "von Ihnen bewertet" in page.locator("#gp-sections-list").inner_text()
    _clean(page)


def _change_from_the_list(page):
    page.get_by_role("button", name="Bewertung ändern: Pirmasenser Straße, Abschnitt 1").tap()
    page.wait_for_selector("#gp-rate:not([hidden])")
    # The form shows the stored rating.
    page.wait_for_function("() => document.getElementById('rate-q-rating-score-3').checked")
    assert page.input_value("#gp-rate-comment") == "Zu schmal an der Kreuzung"
    assert "Punkt gesetzt" in page.locator("#gp-rate-point-status").inner_text()
    assert page.locator("#gp-rate-withdraw").is_visible()
    page.locator("label[for=rate-q-rating-score-5]").tap()
    page.locator("#gp-rate-save").tap()
    assert "Ihre Bewertung wurde geändert." in _thanks(page)
    _clean(page)


def test_a_resident_rates_two_sections_and_changes_one(phone, live_server, rated, west, east):
    _open(phone, live_server)
    _clean(phone)
    _rate_by_tapping(phone)
    first = Submission.objects.get(reference=west)
    _rate_with_the_keyboard(phone)
    _change_from_the_list(phone)

    ratings = {r.reference_id: r for r in Submission.objects.filter(campaign=rated)}
    assert set(ratings) == {west.pk, east.pk}
    changed, second = ratings[west.pk], ratings[east.pk]
    assert changed.pk == first.pk  # changed in place, not rated twice
    assert (changed.answers, changed.comment) == ({"score": 5}, "Zu schmal an der Kreuzung")
    assert _metres(changed.geom, Point(*MARKED, srid=4326)) < 5
    assert (second.answers, second.comment) == ({"score": 4, "better": ["wider"]}, "Gut so")
    # No point marked: the rating sits in the section's middle.
    assert _metres(second.geom, Point(7.775, 49.44, srid=4326)) < 1
    for rating in ratings.values():
        assert rating.status == Status.PENDING and rating.category.key == "rating"
        assert rating.author is None and rating.client_id == changed.client_id != ""


def test_a_signed_in_resident_withdraws_a_rating_after_confirming(
    phone, live_server, rated, west, make_user
):
    resident = make_user("anna")
    Submission.objects.create(
        campaign=rated,
        category=rated.categories.get(key="rating"),
        reference=west,
        geom=Point(7.765, 49.44, srid=4326),
        answers={"score": 2},
        author=resident,
        status=Status.APPROVED,
    )
    log_in_as(phone, live_server, resident)
    _open(phone, live_server)
    phone.get_by_role("button", name="Pirmasenser Straße, Abschnitt 1").tap()
    phone.wait_for_function("() => document.getElementById('rate-q-rating-score-2').checked")
    phone.locator("#gp-rate-withdraw").tap()
    assert _focused(phone) == "gp-rate-confirm-text"
    _clean(phone)
    phone.locator("#gp-rate-confirm-no").tap()
    assert Submission.objects.filter(reference=west).exists()
    phone.locator("#gp-rate-withdraw").tap()
    phone.locator("#gp-rate-confirm-yes").tap()
    assert "Ihre Bewertung wurde zurückgezogen." in _thanks(phone)
    assert not Submission.objects.filter(reference=west).exists()
    assert not phone.locator("#gp-rate-withdraw").is_visible()
    assert not phone.locator("#rate-q-rating-score-2").is_checked()
    _clean(phone)


def test_registered_only_sections_ask_an_anonymous_visitor_to_log_in(phone, live_server, rated):
    rated.participation = Participation.REGISTERED
    rated.save()
    _open(phone, live_server)
    phone.get_by_role("button", name="Pirmasenser Straße, Abschnitt 2").tap()
    phone.wait_for_selector("#gp-rate:not([hidden])")
    notice = phone.locator("#gp-rate .gp-notice")
    assert "nur von registrierten Teilnehmenden" in notice.inner_text()
    assert notice.get_by_role("link").get_attribute("href") == "/accounts/login/?next=/c/radnetz/"
    assert phone.locator("#gp-rate-form").count() == 0
    _clean(phone)


def test_refusals_are_shown_beside_their_field_with_the_focus(phone, live_server, rated, west):
    category = rated.categories.get(key="rating")
    category.questions = [references.SCALE | {"required": True}, references.BETTER]
    category.save()
    _open(phone, live_server)
    phone.get_by_role("button", name="Bewerten: Pirmasenser Straße, Abschnitt 1").tap()
    phone.wait_for_selector("#gp-rate:not([hidden])")
    # A required question left out: said beside the questions, before anything is sent.
    phone.locator("#gp-rate-save").tap()
    error = phone.locator("#gp-rate-answers-error-rating")
    assert error.inner_text() == "Bitte beantworten Sie: Wie bewerten Sie diesen Abschnitt?"
    assert _focused(phone) == "gp-rate-answers-error-rating"
    phone.locator("label[for=rate-q-rating-score-4]").tap()
    # A point 60 m from the section: the server refuses it (GP_REFERENCE_SNAP_M is 30 m).
    phone.locator("#gp-rate-mark").tap()
    _tap_map(phone, 7.765, 49.44054)
    phone.wait_for_function("() => !document.getElementById('gp-rate-unmark').hidden")
    phone.locator("#gp-rate-save").tap()
    phone.wait_for_function("() => document.getElementById('gp-rate-point-error').textContent")
    assert (
        phone.locator("#gp-rate-point-error")
        .inner_text()
        .startswith("Dieser Punkt ist zu weit vom Abschnitt entfernt.")
    )
    assert _focused(phone) == "gp-rate-point-error"
    assert error.inner_text() == ""
    assert not Submission.objects.exists()
    assert axe_violations(phone) == []
    # The refusal is a 400 the browser logs; nothing else went wrong or left our server.
    assert phone.foreign_requests == [] and phone.dialogs == []
    assert [e for e in phone.script_errors if "status of 400" not in e] == []
    # Without the point the same rating is taken, at the section's middle.
    phone.locator("#gp-rate-unmark").tap()
    phone.locator("#gp-rate-save").tap()
    assert "Ihre Bewertung wurde gespeichert." in _thanks(phone)
    assert Submission.objects.get(reference=west).answers == {"score": 4}


def test_a_rejected_rating_says_so_and_cannot_be_saved_again(
    phone, live_server, rated, west, make_user
):
    resident = make_user("rita")
    Submission.objects.create(
        campaign=rated,
        category=rated.categories.get(key="rating"),
        reference=west,
        geom=Point(7.765, 49.44, srid=4326),
        answers={"score": 2},
        author=resident,
        status=Status.REJECTED,
        moderation_reason="Beleidigung",
    )
    log_in_as(phone, live_server, resident)
    _open(phone, live_server)
    phone.get_by_role("button", name="Pirmasenser Straße, Abschnitt 1").tap()
    phone.wait_for_function("() => document.getElementById('rate-q-rating-score-2').checked")
    error = phone.locator("#gp-rate-send-error")
    assert "abgelehnt" in error.inner_text()
    _clean(phone)
    phone.locator("label[for=rate-q-rating-score-5]").tap()
    phone.locator("#gp-rate-save").tap()
    phone.wait_for_function(
        "() => /Beleidigung/.test(document.getElementById('gp-rate-send-error').textContent)"
    )
    assert "abgelehnt" in error.inner_text() and _focused(phone) == "gp-rate-send-error"
    assert axe_violations(phone) == []
    stored = Submission.objects.get(reference=west)
    assert (stored.status, stored.answers) == (Status.REJECTED, {"score": 2})
    # Withdrawing it still works.
    phone.locator("#gp-rate-withdraw").tap()
    phone.locator("#gp-rate-confirm-yes").tap()
    assert "Ihre Bewertung wurde zurückgezogen." in _thanks(phone)
    assert not Submission.objects.filter(reference=west).exists()
