"""The accessibility statement and the privacy page, in German by default and in English."""

import pytest
from django.test import Client

from tests.page_helpers import plain_static  # noqa: F401 - a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static")]


def test_accessibility_statement_in_german_by_default(settings):
    settings.GP_CONTACT_EMAIL = "barrierefrei@kaiserslautern.example"
    response = Client().get("/barrierefreiheit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert "<h1>Erklärung zur Barrierefreiheit</h1>" in html
    for heading in (
        "Stand der Vereinbarkeit mit den Anforderungen",
        "Nicht barrierefreie Inhalte",
        "Feedback und Kontaktangaben",
        "Durchsetzungsverfahren",
    ):
        assert f"<h2>{heading}</h2>" in html
    assert "teilweise vereinbar" in html
    assert "Schlichtungsstelle" in html and "info@schlichtungsstelle-bgg.de" in html
    assert 'href="mailto:barrierefrei@kaiserslautern.example"' in html


def test_accessibility_statement_in_english():
    html = Client(headers={"accept-language": "en"}).get("/barrierefreiheit/").content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Accessibility statement</h1>" in html
    assert "partially compliant" in html and "Enforcement procedure" in html


def test_privacy_page_states_what_is_stored(settings):
    settings.GP_BASEMAP = "self"
    html = Client().get("/datenschutz/").content.decode()
    assert "<h1>Datenschutz</h1>" in html
    assert "Keine Anfragen an Dritte" in html
    assert "EXIF" in html and "GPS" in html
    assert "Wie lange wir speichern" in html
    assert "Ausnahme" not in html  # no third-party base map configured


def test_privacy_page_names_a_configured_third_party_base_map(settings):
    settings.GP_BASEMAP = "xyz"
    settings.GP_BASEMAP_XYZ_URL = "https://tiles.example.net/{z}/{x}/{y}.png"
    html = Client(headers={"accept-language": "en"}).get("/datenschutz/").content.decode()
    assert "<h1>Privacy</h1>" in html
    assert "tiles.example.net" in html


def test_url_names():
    from django.urls import reverse

    assert reverse("accessibility") == "/barrierefreiheit/"
    assert reverse("privacy") == "/datenschutz/"
