"""A planner's map on a phone colours the sections by the mean of their stored ratings."""

import pytest

from layers.registry import SECTION_CLASSES
from tests import web_browser
from tests.page_helpers import axe_violations, horizontal_overflow, log_in_as, tab_to
from tests.section_helpers import build_sections, truth
from tests.web_browser import assert_clean, needs_chromium, open_page, wait_for_map

browser = web_browser.browser  # fixture

pytestmark = [pytest.mark.django_db(transaction=True), needs_chromium]

PHONE = {"width": 375, "height": 812, "locale": "de-DE", "is_mobile": True, "has_touch": True}
GREY = "#b3b3b3"


def expected_colour(mean) -> str:
    """Return the class colour of a mean rating, as layers.registry defines the classes."""
    if mean is None:
        return GREY
    return [colour for low, colour in SECTION_CLASSES if mean >= low][-1]


# The colour MapLibre drew each section's line in, read from the rendered features' paint.
RENDERED = """() => {
    const hex = (c) => "#" + [c.r, c.g, c.b].map((v) => Math.round(v / (c.a || 1) * 255)
        .toString(16).padStart(2, "0")).join("");
    const out = {};
    for (const f of gpMap.queryRenderedFeatures({layers: ["sections-line"]})) {
        out[f.properties.id] = hex(f.layer.paint["line-color"]);
    }
    return out;
}"""


def test_the_planners_map_colours_sections_by_their_mean_rating(
    browser, live_server, campaign, make_category, make_user
):
    sections = build_sections(campaign, make_category)
    page = open_page(browser, live_server, **PHONE)
    log_in_as(page, live_server, make_user("planner", "planners"))
    page.goto(f"{live_server.url}/auswertung/{campaign.slug}/")
    wait_for_map(page)
    # The legend names the classes; the switch is reached and ticked with the keyboard.
    legend = page.locator("#ws-legend-sections").inner_text()
    assert "Mittel 1,0 bis 1,8" in legend and "keine Bewertung gezeigt" in legend
    # The ratings are posts too, drawn at each section's middle: off, so a click hits the line.
    page.locator("#ws-layer-posts").uncheck()
    tab_to(page, "Abschnitte nach mittlerer Bewertung")
    with page.expect_request("**/heatmaps/fear/sections.geojson*"):
        page.keyboard.press("Space")
    page.wait_for_function("() => gpWorkspace.data.sections && gpMap.getLayer('sections-line')")
    centre = [7.7675, 49.4402]
    page.evaluate("c => gpMap.jumpTo({center: c, zoom: 15})", centre)
    page.wait_for_function(
        "() => gpMap.loaded() && gpMap.queryRenderedFeatures({layers: ['sections-line']})"
        f".length >= {len(sections)}"
    )
    drawn = {int(key): colour for key, colour in page.evaluate(RENDERED).items()}
    means = {s.pk: truth(s)["mean"] for s in sections}
    assert means[sections[0].pk] == 4.0 and means[sections[1].pk] == 1.5
    assert drawn == {pk: expected_colour(mean) for pk, mean in means.items()}

    # A section's popup: its counts, mean (German decimals), colour class and answers.
    middle = list(sections[0].geom.interpolate_normalized(0.5).coords)
    page.evaluate("c => gpMap.jumpTo({center: c, zoom: 17})", middle)
    page.wait_for_function("() => gpMap.loaded()")
    page.locator("#ws-map").scroll_into_view_if_needed()
    x, y = page.evaluate("c => { const p = gpMap.project(c); return [p.x, p.y]; }", middle)
    box = page.locator("#ws-map canvas").bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    popup = page.locator(".maplibregl-popup .gp-ws-popup")
    popup.wait_for()
    text = popup.inner_text()
    assert "Pirmasenser Straße – Abschnitt 1" in text, text
    assert "Mittlere Bewertung\n4,00" in text and "Mittel 3,4 bis 4,2" in text, text
    assert "Bewertungen\n3" in text and "Breiter: 2" in text, text

    assert horizontal_overflow(page) == 0
    assert axe_violations(page) == []
    assert page.script_errors == [], page.script_errors
    assert_clean(page)
    page.close()
