"""Chromium renders the fixture's streets and their names from our own server, and nothing else."""

import xml.etree.ElementTree as ET

import pytest

from tests import web_browser
from tests.geo_participation.web.test_web_access import axe_violations
from tests.web_browser import assert_clean, needs_chromium, wait_for_map

from .conftest import FIXTURE

browser, page = web_browser.browser, web_browser.page  # fixtures

pytestmark = [pytest.mark.django_db(transaction=True), needs_chromium]

FRUCHTHALLE = [7.7697, 49.4437]
# The named streets of the fixture extract.
STREETS = {
    way.find("tag[@k='name']").get("v")
    for way in ET.parse(FIXTURE).getroot().iter("way")
    if way.find("tag[@k='highway']") is not None and way.find("tag[@k='name']") is not None
}

RENDERED = """
({sourceLayer, type}) => {
  const layers = gpMap.getStyle().layers
    .filter(l => l.source === "basemap" && l["source-layer"] === sourceLayer && l.type === type)
    .map(l => l.id);
  return gpMap.queryRenderedFeatures({layers}).map(f => f.properties.name || f.properties.class);
}
"""


def rendered(page, source_layer: str, kind: str) -> list:
    """Return the names (or classes) of the base map's features drawn on screen."""
    return page.evaluate(RENDERED, {"sourceLayer": source_layer, "type": kind})


def test_streets_and_their_names_come_from_our_server(page, live_server, campaign, archive):
    page.goto(f"{live_server.url}/c/fear/")
    wait_for_map(page)
    page.evaluate("c => gpMap.jumpTo({center: c, zoom: 16.5})", FRUCHTHALLE)
    # Labels are placed once the tiles and glyphs are in and the map has come to rest.
    page.wait_for_function(
        "() => gpMap.loaded() && gpMap.areTilesLoaded() && !gpMap.isMoving()", timeout=20000
    )
    page.wait_for_function(
        f"args => ({RENDERED.strip()})(args).length > 0",
        arg={"sourceLayer": "transportation_name", "type": "symbol"},
        timeout=20000,
    )
    assert rendered(page, "transportation", "line")
    labels = set(rendered(page, "transportation_name", "symbol"))
    assert labels & STREETS, labels
    assert page.locator(".gp-basemap-note").count() == 0
    # The archive, style, glyphs and pmtiles reader all came from 127.0.0.1/localhost.
    assert_clean(page)
    assert axe_violations(page) == []


def test_without_a_base_map_the_note_shows_and_passes_axe(page, live_server, campaign, settings):
    settings.GP_BASEMAP = "none"
    page.goto(f"{live_server.url}/c/fear/")
    wait_for_map(page)
    note = page.locator(".gp-basemap-note")
    assert note.is_visible()
    assert "No background map is set up" in note.inner_text()
    # Above the map, never over it (over it, it hid the top of a post's details).
    assert note.bounding_box()["y"] + note.bounding_box()["height"] <= (
        page.locator("#gp-map").bounding_box()["y"] + 0.5
    )
    assert_clean(page)
    assert axe_violations(page) == []
