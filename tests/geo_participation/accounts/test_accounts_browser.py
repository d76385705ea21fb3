"""Sign-up and login pages in a real browser: accessible, and a sign-up done by keyboard."""

import re

import pytest
from django.core import mail

from tests.page_helpers import (  # noqa: F401 - fixtures
    axe_violations,
    german_page,
    needs_browser,
    plain_static,
)

pytestmark = needs_browser


@pytest.fixture
def page(german_page):  # noqa: F811 - the imported fixture, under a short name
    return german_page


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/signup/"])
def test_account_pages_have_no_wcag_aa_violations(page, live_server, path):
    page.goto(f"{live_server.url}{path}")
    assert axe_violations(page) == []
    assert page.foreign_requests == []


def test_sign_up_confirm_and_log_in_with_the_keyboard(page, live_server):
    page.goto(f"{live_server.url}/accounts/signup/")
    page.focus("#id_email")
    page.keyboard.type("bernd@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("Fruchthalle-Kaiserslautern-9")
    page.keyboard.press("Tab")
    page.keyboard.type("Fruchthalle-Kaiserslautern-9")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "E-Mail-Adresse bestätigen"
    assert len(mail.outbox) == 1

    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mail.outbox[0].body)
    page.goto(f"{live_server.url}{link.group(1)}")
    with page.expect_navigation():
        page.get_by_role("button", name="Bestätigen").press("Enter")

    page.goto(f"{live_server.url}/accounts/login/")
    page.focus("#id_login")
    page.keyboard.type("bernd@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("Fruchthalle-Kaiserslautern-9")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "bernd" in page.locator("header").inner_text()


def test_sign_up_errors_look_like_errors_not_like_the_password_rules(page, live_server):
    page.goto(f"{live_server.url}/accounts/signup/")
    page.fill("#id_email", "kurz@example.org")
    page.fill("#id_password1", "kurz")
    page.fill("#id_password2", "kurz")
    with page.expect_navigation():
        page.get_by_role("button", name="Registrieren").click()
    errors = page.locator("form .errorlist")
    assert errors.count() >= 1
    colour = errors.first.evaluate("e => getComputedStyle(e).color")
    rules = page.locator("form .helptext").first.evaluate("e => getComputedStyle(e).color")
    assert colour == "rgb(164, 22, 26)" and colour != rules  # --error, #a4161a
    assert axe_violations(page) == []
