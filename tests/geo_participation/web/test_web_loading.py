"""What the campaign map page loads, and when: worker, drawing code, no layout shift."""

import json

import pytest

from tests import web_browser
from tests.web_browser import assert_clean, needs_chromium, open_page, wait_for_map

browser, page = web_browser.browser, web_browser.page  # fixtures

pytestmark = [pytest.mark.django_db(transaction=True), needs_chromium]


def requested(page, live_server):
    """Start recording the paths this page requests from our server; return the list."""
    paths = []
    page.on("request", lambda r: paths.append(r.url.removeprefix(live_server.url)))
    return paths


def test_the_map_worker_comes_from_the_import_map(page, live_server, campaign):
    paths = requested(page, live_server)
    page.goto(f"{live_server.url}/c/fear/")
    wait_for_map(page)
    imports = json.loads(page.text_content("script[type=importmap]"))["imports"]
    # The import map names the collected, hashed file in production: cached for good.
    worker = imports["maplibre-gl/worker"]
    assert worker.endswith("/maplibre-gl-worker.mjs")
    assert worker in paths
    assert not [path for path in paths if "maplibre-gl-worker.mjs?" in path]
    assert_clean(page)


def test_terra_draw_loads_only_on_the_way_to_a_drawing(page, live_server, campaign):
    paths = requested(page, live_server)

    def drawing_code():
        return [path for path in paths if "/terra-draw" in path]

    page.goto(f"{live_server.url}/c/fear/")
    wait_for_map(page)
    sources = page.evaluate("Object.keys(gpMap.getStyle().sources).length")
    page.click("#gp-report")
    page.wait_for_function("() => document.body.dataset.flowStep === 'place'")
    assert drawing_code() == []
    page.click("[data-action=here]")
    page.wait_for_function("() => document.body.dataset.flowStep === 'category'")
    page.click("label[for=cat-route]")
    page.wait_for_function("() => document.body.dataset.flowStep === 'draw'")
    # Started on the map: terra-draw's adapter adds its own sources.
    page.wait_for_function("n => Object.keys(gpMap.getStyle().sources).length > n", arg=sources)
    assert len(drawing_code()) == 2
    assert_clean(page)


def test_the_map_stays_where_it_was_painted_first(browser, live_server, campaign):
    # The place search appears when its script runs; its place is kept from the first paint.
    def map_top(page):
        return page.evaluate("document.querySelector('.gp-map-frame').getBoundingClientRect().top")

    static = browser.new_page(viewport={"width": 375, "height": 812}, java_script_enabled=False)
    static.goto(f"{live_server.url}/c/fear/")
    scripted = open_page(browser, live_server, width=375, height=812)
    scripted.goto(f"{live_server.url}/c/fear/")
    wait_for_map(scripted)
    assert scripted.is_visible(".gp-map-area [data-search]")
    assert map_top(scripted) == map_top(static)
    assert_clean(scripted)
