"""The planners' charts: SVG that parses, one bar per table row, readable numbers, contrast."""

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from heatmaps import filters, summary
from layers.workspace import charts
from tests.page_helpers import CHROMIUM, CHROMIUM_ARGS, WCAG_AA, needs_browser
from tests.summary_helpers import WEEK_1, WEEK_2, WEEK_3, build_scene, queries_before_and_after
from tests.web_browser import add_axe

SVG = "{http://www.w3.org/2000/svg}"
CSS = Path(charts.__file__).parent.parent / "static" / "workspace" / "charts.css"


@pytest.fixture
def scene(campaign, make_category, make_submission):
    return build_scene(campaign, make_category, make_submission)


def _bars(svg: str) -> list:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    # The pages' CSP refuses inline style: sizes are attributes, the rest is charts.css.
    assert not any(element.get("style") for element in root.iter())
    return [r for r in root.iter(f"{SVG}rect") if r.get("class") == "gp-bar"]


def test_charts_have_one_bar_per_row_and_the_numbers_of_the_database(scene):
    chosen = filters.parse(scene, public_status="planned,received", min_support=1)
    made = charts.for_campaign(scene, chosen)
    by_key = {chart.key: chart for chart in made}
    for chart in made:
        assert len(_bars(chart.svg)) == len(chart.rows), chart.key
    weeks = by_key["weeks"]
    # 5 posts: planned 5, 3, 1, 4 supports; received 2 (the unsupported ones are left out).
    assert [(row.n, row.share) for row in weeks.rows] == [(2, 40.0), (0, 0.0), (3, 60.0)]
    assert [row.n for row in by_key["categories"].rows] == [
        n for *_, n in summary.category_counts(scene, chosen)
    ]
    reasons = by_key["answers-reasons"]
    assert [(row.label, row.n, row.share) for row in reasons.rows] == [
        ("Dark", 2, 100.0),
        ("Lonely", 1, 50.0),
    ]
    # Free text has no bars, only how many answered (none of these 5).
    assert by_key["answers-note"].rows == []


def test_query_count_is_constant_in_categories_and_questions(scene, make_category):
    chosen = filters.parse(scene, public_status="planned", answers={"time_of_day": "night"})
    before, after = queries_before_and_after(
        scene, make_category, lambda: charts.for_campaign(scene, chosen)
    )
    assert before == after <= 8
    # The new questions have charts of their own, drawn without another query.
    assert len(charts.for_campaign(scene, chosen)) == len(
        charts.for_campaign(scene, filters.parse(scene))
    )


def test_light_category_colours_get_a_dark_outline(scene):
    scene.categories.filter(key="spot").update(colour="#ffee88")  # 1.2:1 on white
    scene.categories.filter(key="light").update(colour="#0b5cad")
    made = {c.key: c for c in charts.for_campaign(scene, filters.parse(scene))}
    bars = {bar.get("fill"): bar for bar in _bars(made["categories"].svg)}
    assert bars["#ffee88"].get("stroke") == charts.INK
    assert bars["#0b5cad"].get("stroke") is None
    assert charts.contrast(charts.INK, charts.BACKGROUND) >= 3
    assert charts.contrast("#0b5cad", charts.BACKGROUND) >= 3


def test_empty_filters_give_empty_charts_without_division_by_zero(scene):
    made = charts.for_campaign(scene, filters.parse(scene, min_support=1000))
    weeks = made[0]
    assert [row.n for row in weeks.rows] == [0, 0, 0]
    assert all(row.share is None for row in weeks.rows)
    for chart in made:
        ET.fromstring(chart.svg)


def test_sparkline_names_total_and_range(scene):
    weekly = summary.weekly_counts(scene, filters.parse(scene))
    with translation.override("en"):
        svg = charts.sparkline(weekly)
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    label = root.get("aria-label")
    assert label.startswith("8 posts from the week of ")
    assert WEEK_1.strftime("%m/%d/%Y") in label and WEEK_3.strftime("%m/%d/%Y") in label
    points = root.find(f"{SVG}polyline").get("points").split()
    assert len(points) == 3
    assert ET.fromstring(charts.sparkline([])).get("aria-label")


def test_the_include_shows_heading_table_and_german_titles(scene):
    made = charts.for_campaign(scene, filters.parse(scene))
    html = render_to_string("workspace/includes/charts.html", {"charts": made, "level": 2})
    assert html.count("<h2") == len(made)
    # Free text has no bars: its heading and how many answered, no empty table.
    with_rows = [chart for chart in made if chart.rows]
    assert len(with_rows) == len(made) - 1
    assert html.count("<table") == html.count("<caption") == html.count("<svg") == len(with_rows)
    assert "Beiträge pro Woche" in html and "Beiträge pro Kategorie" in html
    assert "1 Beitrag hat diese Frage beantwortet." in html
    assert WEEK_2.strftime("%d.%m.%Y") in html  # the empty week is a row too


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.django_db(transaction=True)
@needs_browser[1]
@needs_browser[2]
def test_the_charts_pass_axe(scene, language):
    from playwright.sync_api import sync_playwright

    with translation.override(language):
        made = charts.for_campaign(scene, filters.parse(scene))
        body = render_to_string("workspace/includes/charts.html", {"charts": made})
    html = (
        f'<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Charts</title><style>{CSS.read_text()}</style></head>"
        f"<body><main><h1>Charts</h1>{body}</main></body></html>"
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 375, "height": 812})
        page.set_content(html)
        add_axe(page)
        violations = page.evaluate(
            "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
            ".violations.map(v => [v.id, v.nodes.map(n => n.target.join(' '))])",
            WCAG_AA,
        )
        # Narrow screens scroll a wide chart or table inside its box, not the page.
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        browser.close()
    assert violations == []
    assert overflow <= 0
