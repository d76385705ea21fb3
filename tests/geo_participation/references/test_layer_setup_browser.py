"""The reference layers page in a real browser on a phone: upload, refusal beside its field,
the layer listed; axe clean, no horizontal scrolling, keyboard reachable."""

import pytest

from geo_participation.references.models import ReferenceFeature
from tests.page_helpers import (  # noqa: F401 - fixtures
    axe_violations,
    german_phone_page,
    horizontal_overflow,
    log_in_as,
    needs_browser,
    plain_static,
)

from .test_layer_upload import MAIN, gis_file

pytestmark = needs_browser


def _check(page):
    assert axe_violations(page) == [], page.url
    assert horizontal_overflow(page) == 0, page.url
    assert page.foreign_requests == [] and page.script_errors == [], page.url


@pytest.fixture
def phone(german_phone_page):  # noqa: F811 - the imported fixture, under a short name
    return german_phone_page


def test_a_manager_uploads_a_split_layer_on_a_phone(phone, live_server, blank, make_user, tmp_path):
    page = phone
    log_in_as(page, live_server, make_user("manager", "campaign_managers"))
    page.goto(f"{live_server.url}/einrichten/{blank.slug}/")
    nav = page.get_by_role("navigation", name="Einrichtung der Kampagne")
    nav.get_by_role("link", name="Referenzebenen").click()
    assert "Referenzebenen von" in page.locator("h1").inner_text()
    assert "keine Referenzebenen" in page.locator("main").inner_text()
    _check(page)

    upload = gis_file(tmp_path, [MAIN])
    path = tmp_path / "upload.geojson"
    path.write_bytes(upload.read())
    page.get_by_label("Name der Ebene (Deutsch)").fill("Fahrradstraßen")
    page.get_by_label("GIS-Datei").set_input_files(str(path))
    page.get_by_label("Spalte mit den Namen").fill("strasse")
    page.get_by_label("Alle … Meter").check()
    page.get_by_role("button", name="Ebene hochladen").click()
    # Each refusal beside its field, in German; nothing stored.
    assert "Bitte geben Sie die Länge" in page.locator("#id_split_m-error").inner_text()
    _check(page)
    page.get_by_label("GIS-Datei").set_input_files(str(path))
    page.get_by_label("Abschnittslänge in Metern").fill("700")
    page.get_by_role("button", name="Ebene hochladen").click()
    assert "keine Spalte „strasse“" in page.locator("#id_name_column-error").inner_text()
    assert not ReferenceFeature.objects.exists()
    _check(page)

    page.get_by_label("GIS-Datei").set_input_files(str(path))
    page.get_by_label("Spalte mit den Namen").fill("name")
    # The keyboard reaches the button.
    page.get_by_label("Abschnittslänge in Metern").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Ebene hochladen"
    page.keyboard.press("Enter")
    assert "mit 3 Abschnitten gespeichert" in page.locator("#gp-messages").inner_text()
    card = page.locator(".gp-card", has_text="Fahrradstraßen")
    assert "3 Abschnitte" in card.inner_text() and "0 Bewertungen" in card.inner_text()
    assert ReferenceFeature.objects.filter(name_de="Hauptstraße").count() == 3
    _check(page)
