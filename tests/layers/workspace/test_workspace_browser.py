"""A planner's workspace map on a tablet: filter to one category and one answer, switch on the
hotspots, read a cell's numbers, pass axe, and download the filtered hotspots as GeoPackage."""

import json
import re
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pyogrio
import pytest
from django.test import Client

from tests import web_browser
from tests.aggregate_helpers import around, place_many, uniform
from tests.page_helpers import axe_violations, horizontal_overflow, log_in_as, tab_to
from tests.web_browser import assert_clean, needs_chromium, open_page, wait_for_map

browser = web_browser.browser  # fixture

pytestmark = [pytest.mark.django_db(transaction=True), needs_chromium]

TABLET = {"width": 768, "height": 1024, "locale": "de-DE", "accept_downloads": True}
PHONE = {"width": 375, "height": 812, "locale": "de-DE", "is_mobile": True, "has_touch": True}
WANTED = {"category": ["spot"], "answers.time_of_day": ["night"]}


@pytest.fixture
def scene(campaign, make_category):
    """Night posts crowded in one spot over a uniform background, and posts filtered out."""
    rng = np.random.default_rng(11)
    night = {"answers": {"time_of_day": "night"}}
    place_many(campaign, around(rng, 7.77, 49.44, 70, 120), **night)
    place_many(campaign, uniform(rng, 60), **night)
    place_many(campaign, around(rng, 7.73, 49.42, 50, 80), answers={"time_of_day": "morning"})
    make_category(campaign, "light", "point", colour="#e69f00")
    place_many(campaign, around(rng, 7.80, 49.45, 30, 80), category="light")
    return campaign


def _pick_hot_cell(page):
    """Return the canvas pixel at the middle of a drawn hot cell (jumping to it first)."""
    return page.evaluate(
        """() => {
            const hot = gpWorkspace.data.hotspots.features.filter(
                f => f.properties.hotspot === "hot");
            const ring = hot[0].geometry.coordinates[0].slice(0, -1);
            const c = ring.reduce(([x, y], [a, b]) => [x + a / ring.length, y + b / ring.length],
                                  [0, 0]);
            gpMap.jumpTo({center: c, zoom: 15});
            return c;
        }"""
    )


def _click_for_popup(page, lnglat) -> str:
    """Click the map at a place (the map lies below the form on a tablet); return the popup."""
    page.locator("#ws-map").scroll_into_view_if_needed()
    x, y = page.evaluate("c => { const p = gpMap.project(c); return [p.x, p.y]; }", lnglat)
    box = page.locator("#ws-map canvas").bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    popup = page.locator(".maplibregl-popup .gp-ws-popup")
    popup.wait_for()
    return popup.inner_text()


def _download_hotspots(page, tmp_path):
    """Download the hotspots GeoPackage (EPSG:4326) the page offers; return it read back."""
    link = page.locator('#ws-download-hotspots + ul a[href*="hotspots.gpkg"]').first
    href = link.get_attribute("href")
    assert {k: v for k, v in parse_qs(urlsplit(href).query).items() if k in WANTED} == WANTED
    with page.expect_download() as download:
        link.click()
    path = tmp_path / "hotspots.gpkg"
    download.value.save_as(path)
    return pyogrio.read_dataframe(path)


def _check_language_and_status(page, text):
    """The popup's numbers and MapLibre's canvas in German; the status follows the switches."""
    # Numbers in German: decimal commas, never points (z with 2 digits, p with 3).
    assert re.search(r"z-Wert \(Gi\*\)\s+-?\d+,\d\d\b", text), text
    assert re.search(r"p-Wert \(Permutationen\)\s+\d,\d{3}\b", text), text
    assert not re.search(r"\d\.\d", text), text
    # MapLibre names the canvas in the page's language, not "Map".
    assert page.locator("#ws-map canvas").get_attribute("aria-label") == (
        "Auswertungskarte der Beteiligung"
    )
    # With every layer switched off, the live status says so, not the last layer's count.
    page.locator("#ws-layer-hotspots").uncheck()
    status = page.locator("#ws-status").inner_text()
    assert status == "Auf der Karte ist keine Ebene eingeblendet.", status
    page.locator("#ws-layer-hotspots").check()
    assert "Objekte angezeigt" in page.locator("#ws-status").inner_text()


def test_a_planner_filters_reads_a_hotspot_and_downloads_it(
    browser, live_server, scene, make_user, tmp_path
):
    planner = make_user("planner", "planners")
    page = open_page(browser, live_server, **TABLET)
    log_in_as(page, live_server, planner)
    page.goto(f"{live_server.url}/auswertung/fear/")
    wait_for_map(page)

    # The filter: one category, one answer; the page reloads with it in its URL.
    page.locator('input[name="category"][value="spot"]').check()
    page.locator('[id="ws-answers.time_of_day"]').select_option("night")
    page.get_by_role("button", name="Anwenden").click()
    page.wait_for_url("**answers.time_of_day=night**")
    # The reload lands on the map, far below the form on a tablet, with the focus there.
    assert page.url.endswith("#ws-results")
    page.wait_for_function("() => document.activeElement.id === 'ws-results'")
    heading = page.locator("#ws-results").bounding_box()
    assert -2 < heading["y"] < TABLET["height"], heading
    assert page.evaluate("() => window.scrollY") > 0
    # Empty fields stay out of the shareable URL.
    assert "since=" not in page.url and "cell_m=" not in page.url
    assert {k: v for k, v in parse_qs(urlsplit(page.url).query).items() if k in WANTED} == WANTED
    wait_for_map(page)

    # The posts layer (on by default) goes off, the hotspots on: their GeoJSON is asked for
    # with the filter, and drawn.
    page.locator("#ws-layer-posts").uncheck()
    # With the keyboard: Tab to the switch, Space.
    tab_to(page, "Hot- und Coldspots (Getis-Ord Gi*)")
    with page.expect_request("**/heatmaps/fear/hotspots.geojson*") as asked:
        page.keyboard.press("Space")
    query = parse_qs(urlsplit(asked.value.url).query)
    assert {k: v for k, v in query.items() if k in WANTED} == WANTED
    page.wait_for_function("() => gpWorkspace.data.hotspots && gpMap.getLayer('hotspots-fill')")
    hot = page.evaluate(
        "() => gpWorkspace.data.hotspots.features.filter(f => f.properties.hotspot === 'hot')"
        ".length"
    )
    assert hot > 0
    centre = _pick_hot_cell(page)
    page.wait_for_function(
        "() => gpMap.loaded() && gpMap.queryRenderedFeatures({layers: ['hotspots-fill']})"
        ".some(f => f.properties.hotspot === 'hot')"
    )
    assert "Coldspots (Getis-Ord Gi*): " in page.locator("#ws-status").inner_text()

    text = _click_for_popup(page, centre)
    assert "Hotspot-Zelle" in text and "z-Wert" in text and "Beitragende" in text
    assert "Klasse" in text and "heiß, 9" in text  # hot at 90, 95 or 99 %
    _check_language_and_status(page, text)

    assert horizontal_overflow(page) == 0
    assert axe_violations(page) == []

    # The filtered hotspots as GeoPackage equal the hotspots.geojson of the same filter.
    frame = _download_hotspots(page, tmp_path)
    client = Client()
    client.force_login(planner)
    api = json.loads(client.get(asked.value.url.removeprefix(live_server.url)).content)
    assert len(frame) == len(api["features"]) > 0
    by_cell = {
        (f["properties"]["cell_i"], f["properties"]["cell_j"]): f["properties"]
        for f in api["features"]
    }
    for row in frame.itertuples():
        expected = by_cell[(row.cell_i, row.cell_j)]
        assert (row.count, row.hotspot, row.confidence) == (
            expected["count"],
            expected["hotspot"],
            expected["confidence"],
        )
        assert row.z == pytest.approx(expected["z"])
    assert_clean(page)
    page.close()


def test_the_list_and_map_work_on_a_phone(browser, live_server, scene, make_user):
    page = open_page(browser, live_server, **PHONE)
    log_in_as(page, live_server, make_user("planner", "planners"))
    page.goto(f"{live_server.url}/auswertung/")
    assert horizontal_overflow(page) == 0
    assert axe_violations(page) == []
    page.get_by_role("link", name="Analysekarte von „Fear“ öffnen").click()
    wait_for_map(page)
    page.wait_for_function("() => gpWorkspace.data.posts && gpMap.getLayer('posts-icons')")
    # A post's popup: its numbers and the way to its moderation page.
    post = scene.submissions.filter(category__key="light").first()
    page.evaluate("c => gpMap.jumpTo({center: c, zoom: 18})", list(post.geom.coords))
    page.wait_for_function(
        "() => gpMap.loaded() && gpMap.queryRenderedFeatures({layers: ['posts-icons']}).length"
    )
    text = _click_for_popup(page, list(post.geom.coords))
    assert f"Beitrag {post.pk}" in text and "Unterstützungen" in text and "Light" in text
    link = page.locator(".gp-ws-popup a")
    assert link.get_attribute("href") == f"/moderation/submissions/{post.pk}/"
    assert horizontal_overflow(page) == 0
    assert axe_violations(page) == []
    assert page.script_errors == [], page.script_errors
    assert_clean(page)
    # A bad value: the error next to its field, nothing drawn.
    page.locator("#ws-cell_m").fill("1")
    page.locator("#ws-cell_m").press("Enter")
    page.wait_for_url("**cell_m=1**")
    assert page.locator("#ws-cell_m").get_attribute("aria-invalid") == "true"
    assert "Zellgröße" in page.locator("#ws-cell_m_error").inner_text()
    assert axe_violations(page) == []
    # The browser reports the page's 400 as a failed load; nothing else went wrong.
    assert all("400" in error for error in page.script_errors), page.script_errors
    page.close()


def test_a_refused_filter_lands_on_the_error_summary(browser, live_server, scene, make_user):
    planner = make_user("planner", "planners")
    page = open_page(browser, live_server, **TABLET)
    log_in_as(page, live_server, planner)
    page.goto(f"{live_server.url}/auswertung/fear/")
    page.locator('[id="ws-cell_m"]').fill("1")
    page.get_by_role("button", name="Anwenden").click()
    page.wait_for_url("**cell_m=1**")
    page.wait_for_function("() => document.activeElement.id === 'ws-results'")
    assert page.evaluate(
        "() => document.getElementById('ws-errors').contains(document.activeElement)"
    )
    assert axe_violations(page) == []
