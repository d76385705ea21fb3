"""'Meine Beiträge' and deleting one's account in a real browser, on a phone, with axe."""

import pytest
from django.contrib.auth.models import User

from geo_participation.submissions.models import Submission
from tests import web_browser
from tests.conftest import INSIDE
from tests.page_helpers import axe_violations, log_in_as, plain_static  # noqa: F401 - fixture
from tests.web_browser import AXE, assert_clean, needs_chromium, open_page, unless_present

browser = web_browser.browser  # fixture

pytestmark = [
    pytest.mark.django_db(transaction=True),
    needs_chromium,
    unless_present(AXE, reason="scripts/setup.sh assets installs axe-core"),
    pytest.mark.usefixtures("plain_static"),
]

PHONE = {"width": 375, "height": 812, "is_mobile": True, "has_touch": True, "locale": "de-DE"}


def phone(browser, live_server):
    """Return a page in a browser context of its own (own cookies), German, 375 px wide."""
    return open_page(browser, live_server, **PHONE)


def no_horizontal_overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_rejected_posts_author_sees_the_reason(
    browser, live_server, campaign, make_submission, make_user
):
    author = make_user("anna")
    make_submission(
        campaign, author=author, status="rejected", moderation_reason="Bitte nur Orte in der Stadt."
    )
    make_submission(campaign, author=make_user("bernd"), status="rejected", moderation_reason="X")
    page = phone(browser, live_server)
    log_in_as(page, live_server, author)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Meine Beiträge").tap()
    page.wait_for_url("**/meine-beitraege/")
    post = page.locator(".gp-card")
    assert post.count() == 1
    assert "abgelehnt" in post.inner_text()
    reason = post.locator(".gp-reason")
    assert reason.inner_text() == "Bitte nur Orte in der Stadt."
    assert reason.is_visible()
    assert no_horizontal_overflow(page)
    assert axe_violations(page) == []
    assert_clean(page)


def test_an_anonymous_author_sees_this_browsers_posts_and_another_browser_none(
    browser, live_server, campaign
):
    page = phone(browser, live_server)
    page.goto(f"{live_server.url}/meine-beitraege/")
    assert "noch keine Beiträge" in page.locator("main").inner_text()
    # Sent through the intake API with this browser's cookies, as the add form does.
    sent = page.request.post(
        f"{live_server.url}/api/campaigns/{campaign.slug}/submissions/",
        data={
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": INSIDE},
            "properties": {
                "category": "spot",
                "comment": "Mein anonymer Beitrag",
                "answers": {"time_of_day": "night"},
            },
        },
    )
    assert sent.status == 201, sent.text()
    page.reload()
    card = page.locator(".gp-card")
    assert card.count() == 1
    assert "Mein anonymer Beitrag" in card.inner_text()
    assert "wartet auf Prüfung" in card.inner_text()
    assert no_horizontal_overflow(page)
    assert axe_violations(page) == []
    assert_clean(page)

    other = phone(browser, live_server)
    other.goto(f"{live_server.url}/meine-beitraege/")
    assert other.locator(".gp-card").count() == 0
    assert "Mein anonymer Beitrag" not in other.content()


def test_deleting_the_account_refuses_a_wrong_password_next_to_the_field(
    browser, live_server, campaign, make_submission, make_user
):
    user = make_user("anna")
    post = make_submission(campaign, author=user, comment="Bleibt auf der Karte")
    page = phone(browser, live_server)
    log_in_as(page, live_server, user)
    page.goto(f"{live_server.url}/meine-beitraege/")
    with page.expect_navigation():
        page.get_by_role("link", name="Mein Konto löschen").tap()
    page.get_by_label("Meine Beiträge ohne meinen Namen behalten").check()
    page.get_by_label("Ihr Passwort, zur Bestätigung").fill("falsch")
    with page.expect_navigation():
        page.get_by_role("button", name="Mein Konto endgültig löschen").tap()
    password = page.get_by_label("Ihr Passwort, zur Bestätigung")
    assert password.get_attribute("aria-invalid") == "true"
    error = page.locator(f"#{password.get_attribute('aria-describedby')}")
    assert error.inner_text() == "Falsches Passwort."
    # Next to the field: between its label and the input, inside the same field.
    assert error.evaluate("e => e.parentElement.querySelector('input') !== null")
    # The choice made is kept.
    assert page.get_by_label("Meine Beiträge ohne meinen Namen behalten").is_checked()
    assert no_horizontal_overflow(page)
    assert axe_violations(page) == []
    assert User.objects.filter(pk=user.pk).exists()

    password.fill("x-test-password-1")
    page.get_by_role("button", name="Mein Konto endgültig löschen").tap()
    page.wait_for_url("**/konto-geloescht/?posts=keep")
    assert "ohne Ihren Namen" in page.locator("main").inner_text()
    assert "Angemeldet als" not in page.locator("header").inner_text()
    assert axe_violations(page) == []
    assert_clean(page)
    assert not User.objects.filter(pk=user.pk).exists()
    post.refresh_from_db()
    assert (post.author_id, post.client_id, post.status) == (None, "", "approved")
    assert Submission.objects.filter(pk=post.pk).exists()
