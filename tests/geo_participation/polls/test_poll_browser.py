"""A resident answers a poll with image options and votes for two events on a phone (375 px);
a second vote from the same account replaces the first; axe finds nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fixtures.polls import pictogram
from geo_participation.polls.images import option_image_set
from geo_participation.polls.models import Ballot
from tests import web_browser
from tests.page_helpers import axe_violations, log_in_as, plain_static  # noqa: F401 - fixture
from tests.web_browser import AXE, assert_clean, needs_chromium, open_page, unless_present

from .conftest import add_question

browser = web_browser.browser  # fixture

pytestmark = [
    pytest.mark.django_db(transaction=True),
    needs_chromium,
    unless_present(AXE, reason="scripts/setup.sh assets installs axe-core"),
    pytest.mark.usefixtures("plain_static"),
]

PHONE = {"width": 375, "height": 812, "is_mobile": True, "has_touch": True, "locale": "de-DE"}
ALT = {"figure": "Grüne Ampel mit Figur", "bicycle": "Grüne Ampel mit Fahrrad"}


@pytest.fixture
def symbols(make_campaign, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    campaign = make_campaign("ampel", kind="poll", title="Neue Ampelsymbole")
    question = add_question(campaign, "symbol", "single", ["figure", "bicycle"])
    for option in question.options.all():
        option.alt_text_de = ALT[option.key]
        option.save()
        upload = SimpleUploadedFile("x.png", pictogram(option.key), "image/png")
        option_image_set(option=option, upload=upload)
    add_question(campaign, "extras", "multiple", ["sound", "timer", "arrow"], max_choices=2)
    return campaign


def phone(browser, live_server, user):
    page = open_page(browser, live_server, **PHONE)
    log_in_as(page, live_server, user)
    return page


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_resident_answers_a_poll_with_image_options(browser, live_server, symbols, make_user):
    anna = make_user("anna")
    page = phone(browser, live_server, anna)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Umfrage „Neue Ampelsymbole“").tap()
    page.wait_for_url("**/c/ampel/")
    cards = page.locator(".gp-option-card img")
    assert cards.count() == 2
    assert cards.nth(1).get_attribute("alt") == "Grüne Ampel mit Fahrrad"
    assert page.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
    page.get_by_role("radio", name="Grüne Ampel mit Fahrrad Bicycle").tap()
    page.get_by_role("checkbox", name="Sound").tap()
    page.get_by_role("checkbox", name="Timer").tap()
    page.get_by_role("checkbox", name="Arrow").tap()
    # A third tick of two allowed is refused at once, beside the question.
    assert page.locator("#gp-q-extras-error").inner_text() == "Wählen Sie höchstens 2 Optionen aus."
    assert not page.get_by_role("checkbox", name="Arrow").is_checked()
    assert fits(page)
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.get_by_role("button", name="Stimme abgeben").tap()
    assert "Ihre Stimme wurde gespeichert." in page.locator(".gp-messages").inner_text()
    assert Ballot.objects.get(user=anna).answers == {
        "symbol": "bicycle",
        "extras": ["sound", "timer"],
    }
    assert page.get_by_role("radio", name="Grüne Ampel mit Fahrrad Bicycle").is_checked()
    assert axe_violations(page) == []
    assert_clean(page)


def test_a_second_vote_from_the_same_account_replaces_the_first(
    browser, live_server, vote, make_user
):
    bernd = make_user("bernd")
    page = phone(browser, live_server, bernd)
    page.goto(f"{live_server.url}/c/{vote.slug}/")
    page.get_by_role("checkbox", name="Market").tap()
    page.get_by_role("checkbox", name="Concert").tap()
    assert fits(page)
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.get_by_role("button", name="Stimme abgeben").tap()
    assert "Ihre Stimme wurde gespeichert." in page.locator(".gp-messages").inner_text()
    assert Ballot.objects.get(user=bernd).answers == {"events": ["market", "concert"]}
    # The form comes back filled in; the resident changes one event, using the keyboard.
    assert page.get_by_role("checkbox", name="Concert").is_checked()
    page.get_by_role("checkbox", name="Concert").focus()
    page.keyboard.press("Space")
    page.get_by_role("checkbox", name="Festival").focus()
    page.keyboard.press("Space")
    with page.expect_navigation():
        page.get_by_role("button", name="Stimme ändern").tap()
    assert "Ihre Stimme wurde geändert." in page.locator(".gp-messages").inner_text()
    assert Ballot.objects.filter(campaign=vote).count() == 1
    assert Ballot.objects.get(user=bernd).answers == {"events": ["market", "festival"]}
    assert axe_violations(page) == []
    assert_clean(page)
