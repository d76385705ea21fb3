"""The planner report: self-contained HTML, escaped popups, figures, and offline in Chromium."""

import re
import shutil
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from geo_participation.submissions.models import Submission
from layers.reports.offline import foreign_urls
from tests.export_helpers import UMLAUTS, approved_count, fill
from tests.web_browser import ARTIFACTS, unless_present

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

SCRIPT = "<script>alert(1)</script>"
# A category label typed by a planner; Leaflet's layer control would run it as HTML.
HOSTILE_LABEL = "x<img src=x onerror=alert(2)>"
# folium keeps its L.Map in a global variable; open each layer's popup, read what it shows.
OPEN_EVERY_POPUP = """() => {
    const map = Object.values(window).find((value) => value instanceof L.Map);
    const texts = [];
    map.eachLayer((layer) => {
        if (layer.getPopup && layer.getPopup()) {
            layer.openPopup();
            const element = layer.getPopup().getElement();
            texts.push(element.querySelector(".leaflet-popup-content").innerText);
        }
    });
    return texts;
}"""


@pytest.fixture
def filled(campaign, make_category, make_submission):
    approved = fill(campaign, make_category, make_submission)
    # Spread over two weeks, so the weekly figures have more than one row.
    Submission.objects.filter(pk=approved[0].pk).update(
        created_at=timezone.now() - timedelta(days=9)
    )
    return campaign


@pytest.fixture
def report_html(planner_api, filled):
    response = planner_api.get("/reports/fear/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    return response.content.decode("utf-8")


def test_report_links_no_foreign_host(report_html):
    assert foreign_urls(report_html) == []
    # Not even a CDN name in the page's own text: folium's defaults are all replaced.
    for host in ("cdn.jsdelivr.net", "code.jquery.com", "cdnjs.cloudflare.com", "netdna"):
        assert host not in report_html
    assert "tile.openstreetmap.org" not in report_html
    # Leaflet and the chart are in the page itself.
    assert "Leaflet 1.9" in report_html
    assert re.search(r'src="data:image/png;base64,[A-Za-z0-9+/=]{1000,}"', report_html)


def test_comment_with_markup_is_never_markup(report_html):
    assert SCRIPT not in report_html
    # In the popup's JavaScript string, the escaped HTML of the comment, itself escaped.
    assert "\\u0026lt;script\\u0026gt;alert(1)\\u0026lt;/script\\u0026gt;" in report_html


def test_summary_figures(report_html, filled):
    total = approved_count(filled)
    assert f"{total} veröffentlichte Beiträge" in report_html
    assert "Je Woche (ab Montag)" in report_html
    assert "Je Uhrzeit der Einreichung" in report_html
    # The spot category's time_of_day question is counted per answer.
    assert "When?" in report_html
    rows = re.findall(r'<td class="gp-n">(\d+)</td>', report_html)
    assert sum(map(int, rows)) >= 3 * total


def test_report_is_german_by_default_with_lang_set_and_zoom_allowed(report_html):
    assert re.search(r"<html lang=\"de\">", report_html)
    viewports = re.findall(r'<meta name="viewport"[^>]*>', report_html)
    assert viewports == ['<meta name="viewport" content="width=device-width, initial-scale=1">']
    assert "user-scalable" not in report_html and "maximum-scale" not in report_html
    assert "Bericht erstellt am" in report_html and "Kategorien" in report_html
    assert "Report made" not in report_html


def test_report_in_english_on_request(planner_api, filled):
    html = planner_api.get("/reports/fear/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in html
    assert f"{approved_count(filled)} published submissions" in html
    assert "Per week (starting Monday)" in html


def test_offline_check_finds_foreign_links():
    page = (
        '<link href="https://cdn.example.org/x.css"><script src="//cdn.example.org/x.js"></script>'
        '<img src="data:image/png;base64,AAAA"><a href="#top"></a><img src="local.png">'
    )
    assert foreign_urls(page) == ["https://cdn.example.org/x.css", "//cdn.example.org/x.js"]


def test_report_for_planners_only(make_api, make_user, filled):
    anonymous = Client(raise_request_exception=False).get("/reports/fear/")
    assert anonymous.status_code == 401
    assert make_api(make_user("mod", "moderators")).get("/reports/fear/").status_code == 403
    planner = make_api(make_user("planner", "planners"))
    assert planner.get("/reports/nope/").status_code == 404
    assert planner.get("/reports/no%20pe/").status_code == 404


def test_report_of_an_empty_campaign(planner_api, campaign):
    response = planner_api.get("/reports/fear/")
    assert response.status_code == 200
    assert "0 veröffentlichte Beiträge" in response.content.decode()


def test_report_command_writes_the_same_page(filled, tmp_path):
    output = tmp_path / "report.html"
    call_command("report", "fear", "--output", str(output))
    html = output.read_text(encoding="utf-8")
    assert foreign_urls(html) == []
    assert f"{approved_count(filled)} veröffentlichte Beiträge" in html


def test_category_label_with_markup_is_never_markup(planner_api, filled):
    filled.categories.filter(key="light").update(label=HOSTILE_LABEL)
    html = planner_api.get("/reports/fear/").content.decode("utf-8")
    # Neither as HTML nor as a JavaScript string Leaflet would hand to innerHTML.
    assert HOSTILE_LABEL not in html
    assert "\\u003cimg src=x" not in html
    assert "x\\u0026lt;img src=x onerror=alert(2)\\u0026gt; (neueste)" in html


@unless_present(CHROMIUM, reason="make test installs chromium")
def test_report_opens_offline_in_chromium(filled, tmp_path, request):
    from playwright.sync_api import sync_playwright

    # The layer control, the legend, the summary and the popups all show this label.
    filled.categories.filter(key="light").update(label=HOSTILE_LABEL)
    path = tmp_path / "report.html"
    call_command("report", "fear", "--output", str(path))
    # Counted before Playwright starts its event loop (the ORM refuses to run inside it).
    shapes_drawn = approved_count(filled)
    attempted, dialogs = [], []

    def refuse(route):
        # Every request that is not the file itself (or inline data) is recorded and aborted.
        if not route.request.url.startswith(("file:", "data:", "blob:")):
            attempted.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-component-update"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.route("**/*", refuse)
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        try:
            page.goto(path.as_uri())
            page.wait_for_selector(".leaflet-container")
            page.wait_for_selector("canvas.leaflet-heatmap-layer")
            # Points, the line, the polygon and the campaign outline are drawn as SVG paths.
            assert page.locator("path.leaflet-interactive").count() >= shapes_drawn
            assert page.locator(".gp-legend").inner_text().count("\n") >= 4
            # Open every popup through Leaflet: the comments show as text, and nothing runs.
            texts = page.evaluate(OPEN_EVERY_POPUP)
            assert any(SCRIPT in text for text in texts), texts
            assert any(UMLAUTS in text for text in texts)
            assert HOSTILE_LABEL in page.locator(".leaflet-control-layers").inner_text()
            # On a phone the legend stays within the screen (it wraps and scrolls instead).
            page.set_viewport_size({"width": 375, "height": 812})
            box = page.locator(".gp-legend").bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 375, box
        except Exception:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
            raise
        finally:
            browser.close()
    assert attempted == []
    assert dialogs == []
    assert errors == []
