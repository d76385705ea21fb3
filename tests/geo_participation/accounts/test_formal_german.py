"""Account pages and mails address people with "Sie", and mails name GP_SITE_NAME, not the host."""

import gettext
import re
from pathlib import Path

import allauth
import pytest
from django.core import mail
from django.utils import translation

from tests.page_helpers import plain_static  # noqa: F401 - a fixture

pytestmark = pytest.mark.usefixtures("plain_static")

ALLAUTH_DE = Path(allauth.__file__).parent / "locale" / "de" / "LC_MESSAGES" / "django.mo"
# "du" and its forms, and the informal verb forms allauth's German uses without a pronoun.
INFORMAL = re.compile(
    r"\b(du|dich|dir|dein\w*|euch|gib|klicke?|rufe|lass|verwende|folge|überprüfe|versuche|"
    r"wähle|melde|bestätige|kontaktiere|hast|bist|kannst|musst|möchtest|erhältst)\b",
    re.IGNORECASE,
)
ACCOUNT_PAGES = ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]


def informal_words(text: str) -> list[str]:
    return INFORMAL.findall(text)


def allauth_informal_msgids() -> list[str]:
    with ALLAUTH_DE.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    return [
        msgid
        for msgid, msgstr in catalog.items()
        if isinstance(msgid, str) and msgid and informal_words(msgstr)
    ]


def test_the_guard_finds_allauths_informal_strings():
    # Proof that the test below can fail: allauth's own catalog says "du".
    assert len(allauth_informal_msgids()) > 20


def test_every_informal_allauth_string_has_a_formal_translation():
    # An allauth upgrade that brings a new "du" string fails here: add it to
    # geo_participation/formal_de/locale/de/LC_MESSAGES/django.po.
    with translation.override("de"):
        still_informal = {
            msgid: translation.gettext(msgid)
            for msgid in allauth_informal_msgids()
            if informal_words(translation.gettext(msgid.split("\x04")[-1])) and "\x04" not in msgid
        }
    assert still_informal == {}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ACCOUNT_PAGES)
def test_account_pages_say_sie(client, path):
    page = client.get(path, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert re.search(r"\b(Sie|Ihre?)\b", page)
    assert informal_words(page) == []


@pytest.mark.django_db
def test_the_password_reset_page_uses_the_formal_catalog(client):
    page = client.get("/accounts/password/reset/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Geben Sie unten Ihre E-Mail-Adresse ein" in page


@pytest.mark.django_db
def test_the_confirmation_mail_says_sie_and_names_the_site_not_the_host(client, settings):
    settings.GP_SITE_NAME = "Beteiligung Kaiserslautern"
    client.post(
        "/accounts/signup/",
        {"email": "anna@example.org", "password1": "Stadtpark-17", "password2": "Stadtpark-17"},
        HTTP_ACCEPT_LANGUAGE="de",
    )
    (message,) = mail.outbox
    assert "Beteiligung Kaiserslautern" in message.body
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in message.subject
    assert "Bitte folgen Sie diesem Link" in message.body
    # The host appears only inside the link, never as the site's name.
    assert "testserver" not in message.body.replace("http://testserver/accounts/", "")
    assert informal_words(message.subject + message.body) == []
