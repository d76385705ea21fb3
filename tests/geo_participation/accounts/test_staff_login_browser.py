"""Staff sign in through the site on a phone and reach their tools from the header; account
pages say "Sie"; English switches a campaign's texts. Debian's chromium, axe (WCAG 2.1 AA)."""

import io
import re

import pytest
from django.core import mail

from fixtures.demo import load_demo
from tests.geo_participation.accounts.test_formal_german import informal_words
from tests.page_helpers import (  # noqa: F401 - fixtures
    axe_violations,
    german_phone_page,
    horizontal_overflow,
    needs_browser,
    plain_static,
)

pytestmark = needs_browser

PASSWORDS = {"moderator": "Pfaffenberg-Moderation-7", "planner": "Pfaffenberg-Planung-7"}


@pytest.fixture
def page(german_phone_page):  # noqa: F811 - the imported fixture, under a short name
    return german_phone_page


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setenv("GP_DEMO_MODERATOR_PASSWORD", PASSWORDS["moderator"])
    monkeypatch.setenv("GP_DEMO_PLANNER_PASSWORD", PASSWORDS["planner"])
    return load_demo(stdout=io.StringIO(), submissions_per_campaign=10)


def sign_in_from_the_header(page, live_server, username):
    page.goto(live_server.url)
    with page.expect_navigation():
        page.locator("header").get_by_role("link", name="Anmelden").click()
    login = page.locator("#id_login")
    assert login.get_attribute("type") == "text"
    assert axe_violations(page) == []
    assert horizontal_overflow(page) == 0
    login.fill(username)
    page.fill("#id_password", PASSWORDS[username])
    with page.expect_navigation():
        page.get_by_role("button", name="Anmelden").click()


def test_the_demo_moderator_signs_in_by_username_and_lands_on_the_queue(page, live_server, demo):
    sign_in_from_the_header(page, live_server, "moderator")
    assert page.url == f"{live_server.url}/moderation/"
    assert page.locator("h1").inner_text() == "Moderation"
    page.goto(live_server.url)
    header = page.locator("header")
    assert header.get_by_role("link", name="Auswertung").count() == 0
    with page.expect_navigation():
        header.get_by_role("link", name="Moderation").click()
    assert page.url == f"{live_server.url}/moderation/"
    assert page.foreign_requests == [] and page.script_errors == []


def test_the_demo_planner_signs_in_and_opens_a_report_and_an_export(page, live_server, demo):
    sign_in_from_the_header(page, live_server, "planner")
    assert page.url == f"{live_server.url}/auswertung/"
    assert page.locator("h1").inner_text() == "Auswertung"
    assert axe_violations(page) == []
    assert horizontal_overflow(page) == 0

    page.goto(live_server.url)
    with page.expect_navigation():
        page.locator("header").get_by_role("link", name="Auswertung").click()
    section = page.locator("section", has=page.get_by_role("heading", name="Hitzepunkte"))
    with page.expect_navigation():
        section.get_by_role("link", name="Analysekarte von").click()
    posts = "GeoPackage, EPSG:4326 (Veröffentlichte Beiträge)"
    with page.expect_download() as download:
        page.get_by_role("link", name=posts, exact=True).click()
    path = download.value.path()
    assert download.value.suggested_filename == "hitzepunkte-submissions-4326.gpkg"
    with open(path, "rb") as handle:
        assert handle.read(16) == b"SQLite format 3\x00"

    page.go_back()
    section = page.locator("section", has=page.get_by_role("heading", name="Hitzepunkte"))
    with page.expect_navigation():
        section.get_by_role("link", name="Kartenbericht").click()
    # The session is enough: no Basic prompt, the report itself.
    assert page.url == f"{live_server.url}/reports/hitzepunkte/"
    assert page.evaluate("() => document.documentElement.lang") == "de"
    viewport = page.locator('meta[name="viewport"]').get_attribute("content")
    assert "user-scalable" not in viewport and "maximum-scale" not in viewport
    assert "veröffentlichte Beiträge" in page.locator(".gp-report").inner_text()
    assert page.foreign_requests == [] and page.script_errors == []


def test_a_report_link_opened_anonymously_leads_through_the_login(page, live_server, demo):
    page.goto(f"{live_server.url}/reports/angstraeume/")
    assert page.url == f"{live_server.url}/accounts/login/?next=/reports/angstraeume/"
    page.fill("#id_login", "planner")
    page.fill("#id_password", PASSWORDS["planner"])
    with page.expect_navigation():
        page.get_by_role("button", name="Anmelden").click()
    assert page.url == f"{live_server.url}/reports/angstraeume/"
    assert page.evaluate("() => document.documentElement.lang") == "de"


@pytest.mark.parametrize(
    ("path", "formal"),
    [
        ("/accounts/login/", "Passwort vergessen?"),
        ("/accounts/signup/", "Ihre E-Mail-Adresse"),
        ("/accounts/password/reset/", "Geben Sie unten Ihre E-Mail-Adresse ein"),
    ],
)
def test_account_pages_say_sie_on_a_phone(page, live_server, path, formal):
    page.goto(f"{live_server.url}{path}")
    text = page.locator("body").inner_text()
    assert formal in text
    assert informal_words(text) == []
    assert axe_violations(page) == []
    assert horizontal_overflow(page) == 0


def test_the_confirmation_mail_of_a_browser_sign_up_says_sie_and_names_the_site(
    page, live_server, settings
):
    settings.GP_SITE_NAME = "Beteiligung Kaiserslautern"
    page.goto(f"{live_server.url}/accounts/signup/")
    page.fill("#id_email", "bernd@example.org")
    page.fill("#id_password1", "Fruchthalle-Kaiserslautern-9")
    page.fill("#id_password2", "Fruchthalle-Kaiserslautern-9")
    with page.expect_navigation():
        page.get_by_role("button", name="Registrieren").click()
    (message,) = mail.outbox
    assert message.subject.startswith("[Beteiligung Kaiserslautern]")
    assert "Ihr Team von Beteiligung Kaiserslautern" in message.body
    assert not re.search(r"Hallo von|127\.0\.0\.1:\d+!", message.body)
    assert informal_words(message.subject + message.body) == []


def test_english_switches_the_texts_of_a_campaign(page, live_server, demo):
    page.goto(live_server.url)
    assert "Hitzepunkte in Kaiserslautern" in page.locator("main").inner_text()
    page.select_option("#gp-language", "en")
    with page.expect_navigation():
        page.locator("form.gp-language button").click()
    assert page.evaluate("() => document.documentElement.lang") == "en"
    main = page.locator("main").inner_text()
    assert "Heat spots in Kaiserslautern" in main and "Hitzepunkte" not in main
    assert "Where does it get unbearably hot in summer?" in main
    assert axe_violations(page) == []
    assert horizontal_overflow(page) == 0
