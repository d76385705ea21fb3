"""The setup pages in a real browser: a manager creates a campaign, uploads its area, sees the
checklist; every page passes axe and fits a phone."""

import pytest

from geo_participation.campaigns.models import Campaign
from tests.page_helpers import (  # noqa: F401 - fixtures
    axe_violations,
    german_page,
    german_phone_page,
    horizontal_overflow,
    log_in_as,
    needs_browser,
    plain_static,
    tab_to,
)

from .area_files import gpkg_25832

pytestmark = needs_browser


@pytest.fixture
def page(german_page):  # noqa: F811 - the imported fixture, under a short name
    return german_page


@pytest.fixture
def phone(german_phone_page):  # noqa: F811
    return german_phone_page


def _check(page):
    assert axe_violations(page) == [], page.url
    assert page.foreign_requests == [] and page.script_errors == [], page.url


def test_a_manager_creates_a_campaign_uploads_its_area_and_sees_the_checklist(
    page, live_server, manager, tmp_path
):
    log_in_as(page, live_server, manager)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Kampagnen einrichten").click()
    assert page.locator("h1").inner_text() == "Kampagnen einrichten"
    _check(page)

    page.get_by_role("link", name="Neue Kampagne").click()
    _check(page)
    # The keyboard reaches the form; a refusal first: closing before opening.
    tab_to(page, "Titel (Deutsch) (Pflichtfeld)")
    page.keyboard.type("Radwege 2027")
    page.get_by_label("Beschreibung (Deutsch)").fill("Wo fehlt in Kaiserslautern ein Radweg?")
    page.get_by_label("Titel (Englisch)").fill("Cycle paths 2027")
    page.get_by_label("Beginn").fill("2027-03-01T08:00")
    page.get_by_label("Ende").fill("2027-02-01T08:00")
    page.get_by_role("button", name="Entwurf anlegen").click()
    assert (
        "Das Ende muss nach dem Beginn liegen." in page.locator("#id_closes_at-error").inner_text()
    )
    assert not Campaign.all_objects.exists()
    _check(page)
    page.get_by_label("Ende").fill("2027-06-30T18:00")
    page.get_by_role("button", name="Entwurf anlegen").click()

    # On to the area, with the map; the GeoPackage in EPSG:25832.
    page.wait_for_selector("#gp-area-map[data-ready=true]", timeout=30_000)
    assert "Legen Sie nun das Gebiet fest." in page.locator("#gp-messages").inner_text()
    _check(page)
    page.get_by_label("GIS-Datei").set_input_files(str(gpkg_25832(tmp_path)))
    page.get_by_role("button", name="Gebiet speichern").click()
    page.wait_for_selector("#gp-area-map[data-ready=true]", timeout=30_000)
    assert "Das Gebiet wurde gespeichert." in page.locator("#gp-messages").inner_text()
    campaign = Campaign.all_objects.get(slug="radwege-2027")
    assert campaign.draft and campaign.area is not None
    assert 7.5 < campaign.area.transform(25832, clone=True).area / 1e6 < 8.5

    nav = page.get_by_role("navigation", name="Einrichtung der Kampagne")
    nav.get_by_role("link", name="Veröffentlichen").click()
    checklist = page.locator(".gp-checklist")
    assert "Das Gebiet ist festgelegt." in checklist.inner_text()
    assert "Es gibt noch keine Kategorie." in checklist.inner_text()
    _check(page)
    page.get_by_role("button", name="Veröffentlichen").click()
    assert "keine Kategorie" in page.locator("#gp-publish-error").inner_text()
    assert Campaign.all_objects.get(pk=campaign.pk).draft
    _check(page)
    assert page.goto(f"{live_server.url}/c/radwege-2027/").status == 404


@pytest.mark.parametrize(
    "suffix", ["", "neu/", "radwege/", "radwege/gebiet/", "radwege/veroeffentlichen/"]
)
def test_the_setup_pages_fit_a_phone(phone, live_server, manager, make_campaign, suffix):
    make_campaign("radwege", draft=True, title_de="Radwege", description_de="Text")
    page = phone
    log_in_as(page, live_server, manager)
    page.goto(f"{live_server.url}/einrichten/{suffix}")
    if suffix.endswith("gebiet/"):
        page.wait_for_selector("#gp-area-map[data-ready=true]", timeout=30_000)
    assert horizontal_overflow(page) == 0
    _check(page)


def test_an_area_drawn_on_the_map_is_stored(page, live_server, manager, make_campaign):
    campaign = make_campaign("radwege", draft=True, area=None, title_de="Radwege")
    log_in_as(page, live_server, manager)
    page.goto(f"{live_server.url}/einrichten/radwege/gebiet/")
    map_box = page.wait_for_selector("#gp-area-map[data-ready=true]", timeout=30_000)
    # The canvas is announced in the page's language, not as MapLibre's English "Map".
    assert page.locator("#gp-area-map canvas").get_attribute("aria-label") == "Karte des Gebiets"
    page.get_by_role("button", name="Gebiet zeichnen").click()
    box = map_box.bounding_box()
    left, top = box["x"] + 150, box["y"] + 100
    corners = [(0, 0), (200, 0), (200, 150), (0, 150), (0, 0)]
    for dx, dy in corners:
        page.mouse.move(left + dx, top + dy, steps=4)
        page.mouse.click(left + dx, top + dy)
        page.wait_for_timeout(150)
    assert "Gezeichnete Flächen: 1" in page.locator("#gp-draw-state").inner_text()
    page.get_by_role("button", name="Gebiet speichern").click()
    assert "Das Gebiet wurde gespeichert." in page.locator("#gp-messages").inner_text()
    area = Campaign.all_objects.get(pk=campaign.pk).area
    assert area is not None and area.valid and len(area) == 1
    assert len(area[0].exterior_ring) == 5
    _check(page)
