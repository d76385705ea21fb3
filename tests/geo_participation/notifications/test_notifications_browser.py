"""On a phone (375 x 812) in chromium: Follow in the map's popup, the unsubscribe page and the
notification settings page, each checked with axe (WCAG 2.1 AA)."""

import pytest

from geo_participation.notifications import links, selectors
from geo_participation.notifications.models import Follow
from tests import web_browser
from tests.conftest import INSIDE
from tests.geo_participation.web.test_web_details import click_feature_at, open_at_inside
from tests.page_helpers import axe_violations, log_in_as
from tests.web_browser import assert_clean, needs_chromium, open_page

browser = web_browser.browser  # fixture

pytestmark = [pytest.mark.django_db(transaction=True), needs_chromium]


def _phone(browser, live_server):
    return open_page(browser, live_server, width=375, height=812, locale="de-DE")


def test_a_signed_in_resident_follows_a_post_from_its_popup(
    browser, live_server, campaign, make_submission, make_resident
):
    post = make_submission(campaign, comment="Dunkle Unterführung")
    resident = make_resident("ria")
    page = _phone(browser, live_server)
    log_in_as(page, live_server, resident)
    open_at_inside(page, live_server)
    click_feature_at(page, *INSIDE)
    popup = page.locator(".maplibregl-popup")
    follow = popup.get_by_role("button", name="Folgen", exact=True)
    follow.click()
    popup.get_by_role("button", name="Nicht mehr folgen").wait_for()
    assert popup.get_by_role("button", name="Nicht mehr folgen").get_attribute("aria-pressed") == (
        "true"
    )
    assert "Sie folgen diesem Beitrag" in popup.text_content()
    assert Follow.objects.get(user=resident, submission=post).language == "de"
    assert axe_violations(page) == []
    popup.get_by_role("button", name="Nicht mehr folgen").click()
    popup.get_by_role("button", name="Folgen", exact=True).wait_for()
    assert not Follow.objects.exists()
    assert_clean(page)


def test_a_signed_out_visitor_is_asked_to_sign_in_to_follow(
    browser, live_server, campaign, make_submission
):
    post = make_submission(campaign, comment="Hier")
    page = _phone(browser, live_server)
    open_at_inside(page, live_server)
    click_feature_at(page, *INSIDE)
    popup = page.locator(".maplibregl-popup")
    link = popup.get_by_role(
        "link", name="Melden Sie sich an, um diesem Beitrag per E-Mail zu folgen."
    )
    # Back to this post after signing in.
    assert link.get_attribute("href") == f"/accounts/login/?next=%2Fc%2Ffear%2F%3Fpost%3D{post.pk}"
    assert popup.get_by_role("button", name="Folgen", exact=True).count() == 0
    assert_clean(page)


def test_the_unsubscribe_page_on_a_phone_confirms_and_undoes(
    browser, live_server, campaign, make_submission, make_resident
):
    fan = make_resident("fan")
    post = make_submission(campaign)
    Follow.objects.create(user=fan, submission=post)
    token = links.unsubscribe_token(user_id=fan.pk, submission_id=post.pk)
    page = _phone(browser, live_server)
    page.goto(f"{live_server.url}/benachrichtigungen/abbestellen/{token}/")
    assert "keine E-Mails mehr zu diesem Beitrag" in page.get_by_role("status").text_content()
    assert not Follow.objects.exists()
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_role(
        "button", name="Rückgängig machen: wieder E-Mails zu diesem Beitrag erhalten"
    ).click()
    page.get_by_role("button", name="Keine E-Mails mehr zu diesem Beitrag").wait_for()
    assert Follow.objects.filter(user=fan, submission=post).exists()
    page.get_by_role("button", name="Alle E-Mails abbestellen").click()
    page.get_by_role("button", name="Wieder Benachrichtigungen per E-Mail erhalten").wait_for()
    assert not selectors.mail_enabled(fan)
    assert axe_violations(page) == []
    assert_clean(page)


def test_the_settings_page_on_a_phone_turns_mail_off(
    browser, live_server, campaign, make_submission, make_resident
):
    resident = make_resident("ria")
    Follow.objects.create(user=resident, submission=make_submission(campaign))
    page = _phone(browser, live_server)
    log_in_as(page, live_server, resident)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Benachrichtigungen").click()
    page.wait_for_url("**/benachrichtigungen/")
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    checkbox = page.get_by_label("Benachrichtigungen per E-Mail senden")
    assert checkbox.is_checked()
    checkbox.uncheck()
    page.get_by_role("button", name="Speichern").click()
    page.get_by_text("Ihre Einstellungen wurden gespeichert.").wait_for()
    assert not page.get_by_label("Benachrichtigungen per E-Mail senden").is_checked()
    assert not selectors.mail_enabled(resident)
    page.get_by_role("button", name="Spot in Fear nicht mehr folgen").click()
    page.get_by_text("Sie folgen keinen Beiträgen.").wait_for()
    assert axe_violations(page) == []
    assert_clean(page)
