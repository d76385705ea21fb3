"""The GIS links in chromium: copy with the keyboard, hear "Kopiert", download the .qgs; axe."""

import pytest

from tests.layers.qgis.conftest import mapped  # noqa: F401 - a fixture
from tests.page_helpers import (  # noqa: F401 - fixtures
    axe_violations,
    german_phone_page,
    horizontal_overflow,
    log_in_as,
    needs_browser,
    plain_static,
)

pytestmark = needs_browser


@pytest.fixture
def page(german_phone_page, live_server, make_user, mapped):  # noqa: F811
    german_phone_page.context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=live_server.url
    )
    log_in_as(german_phone_page, live_server, make_user("planner", "planners"))
    german_phone_page.goto(f"{live_server.url}/auswertung/fear/?category=spot")
    return german_phone_page


def test_copy_a_url_with_the_keyboard_and_hear_it(page, live_server):
    field = page.locator("#gis-fear-collection")
    assert field.input_value() == f"{live_server.url}/ogc/collections/fear"
    assert field.get_attribute("readonly") is not None
    button = page.get_by_role("button", name="Kopieren: OGC API Features: diese Beteiligung")
    button.focus()
    page.keyboard.press("Enter")
    status = page.locator("[data-copy-status]")
    status.filter(has_text="Kopiert").wait_for()
    assert status.get_attribute("aria-live") == "polite"
    assert page.evaluate("navigator.clipboard.readText()") == field.input_value()
    # Tab moves on to the next field, then its button, as a reader expects.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "gis-fear-tilejson"
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.wait_for_function(
        "navigator.clipboard.readText().then((t) => t.endsWith('/tiles/fear.json'))"
    )
    assert page.script_errors == [] and page.foreign_requests == []


def test_open_in_qgis_downloads_the_filtered_project(page):
    with page.expect_download() as download:
        page.get_by_role("link", name="In QGIS öffnen").click()
    assert download.value.suggested_filename.startswith("fear-")
    assert download.value.suggested_filename.endswith(".qgs")
    assert b"\\'spot\\'" in open(download.value.path(), "rb").read()


def test_the_page_passes_axe_and_fits_a_phone(page):
    assert axe_violations(page) == []
    assert horizontal_overflow(page) == 0
