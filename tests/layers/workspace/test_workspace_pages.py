"""The planners' pages /auswertung/ and /auswertung/{slug}/: who may see them, what they show,
how the filter is checked and carried into every layer and download."""

import json
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit
from xml.etree.ElementTree import tostring

import numpy as np
import pytest
from django.test import Client

from geo_participation.moderation import services
from layers.exports.formats import FORMATS
from layers.exports.sources import SOURCES
from tests.aggregate_helpers import around, place_many

PAGE = "/auswertung/fear/"
FILTER = {
    "category": "spot",
    "answers.time_of_day": "night",
    "public_status": "received",
    "min_support": "1",
}


@pytest.fixture
def planner(make_user):
    client = Client()
    client.force_login(make_user("planner", "planners"))
    return client


@pytest.fixture
def crowded(campaign, make_submission):
    """Published posts in two spots (night and morning answers); one pending, one rejected."""
    rng = np.random.default_rng(3)
    night, morning = {"time_of_day": "night"}, {"time_of_day": "morning"}
    place_many(campaign, around(rng, 7.77, 49.44, 40, 80), answers=night, support_count=2)
    place_many(campaign, around(rng, 7.73, 49.42, 20, 60), answers=morning, support_count=2)
    make_submission(campaign, status="pending", answers={"time_of_day": "night"})
    make_submission(campaign, status="rejected", answers={"time_of_day": "night"})
    return campaign


def config(response) -> dict:
    found = re.search(
        r'<script id="ws-config" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    return json.loads(found.group(1))


def hrefs(response) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="([^"]+)"', response.content.decode())]


@pytest.mark.parametrize("path", ["/auswertung/", PAGE])
def test_residents_and_moderators_are_refused(client, make_user, campaign, path):
    client.force_login(make_user("resident"))
    assert client.get(path).status_code == 403
    client.force_login(make_user("mod", "moderators"))
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", ["/auswertung/", PAGE])
def test_anonymous_visitors_go_to_the_login(client, campaign, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_the_old_address_redirects_permanently(planner):
    response = planner.get("/workspace/?x=1")
    assert response.status_code == 301
    assert response["Location"] == "/auswertung/?x=1"


def test_an_unknown_campaign_is_404(planner, campaign):
    assert planner.get("/auswertung/nope/").status_code == 404


def test_the_list_counts_each_campaign_and_links_its_map(planner, crowded, make_user):
    post = crowded.submissions.filter(status="approved").first()
    services.submission_respond(
        submission_id=post.pk, actor=make_user("city", "planners"), public_status="planned"
    )
    response = planner.get("/auswertung/")
    assert response.status_code == 200
    page = response.content.decode()
    numbers = re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", page)
    assert ("Waiting for moderation", "1") in numbers or ("Warten auf Moderation", "1") in numbers
    values = [int(n) for _label, n in numbers]
    # pending, published, rejected, then one number per public status (59 received, 1 planned)
    assert values[:3] == [1, 60, 1]
    assert sorted(values[3:]) == [0, 0, 0, 1, 59]
    assert 'class="gp-sparkline" role="img"' in page
    assert PAGE in hrefs(response)


def test_planners_see_the_map_page_with_every_layer_and_download(planner, crowded):
    response = planner.get(PAGE)
    assert response.status_code == 200
    urls = config(response)["urls"]
    assert set(urls) == {"posts", "kde", "grid", "hotspots", "clusters", "contours", "sections"}
    links = [h for h in hrefs(response) if h.startswith("/exports/fear/")]
    expected = sum(len(fmt.srids) for fmt in FORMATS.values()) * len(SOURCES)
    assert len(links) == len(set(links)) == expected
    assert "/exports/fear/hotspots.gpkg?crs=EPSG:25832" in links
    assert "/exports/fear/contours.kml" in links
    # The charts of the filtered posts are there (ws-data's include).
    assert 'id="chart-weeks"' in response.content.decode()


def test_the_filter_and_parameters_reach_every_layer_and_download(planner, crowded):
    query = {**FILTER, "cell_m": "500", "bandwidth": "300", "eps_m": "150", "min_points": "4"}
    response = planner.get(PAGE, query)
    assert response.status_code == 200, response.content.decode()[:2000]
    urls = config(response)["urls"]
    links = [h for h in hrefs(response) if h.startswith(("/exports/", "/reports/"))]
    for url in [*urls.values(), *links]:
        given = parse_qs(urlsplit(url).query)
        for name, value in FILTER.items():
            assert given[name] == [value], (url, name)
    own = {
        "grid": "cell_m",
        "hotspots": "cell_m",
        "kde": "bandwidth",
        "contours": "bandwidth",
        "clusters": "eps_m",
    }
    for layer, name in own.items():
        assert name in parse_qs(urlsplit(urls[layer]).query), layer
    assert "cell_m" not in urls["posts"] and "bandwidth" not in urls["clusters"]
    hotspots = [h for h in links if "/hotspots." in h]
    assert all("cell_m=500" in h for h in hotspots)
    # Every layer takes what the page sends it: none answers 400.
    for layer, url in urls.items():
        if layer != "kde":
            answer = planner.get(url)
            assert answer.status_code == 200, (layer, answer.content[:300])
    tile = planner.get(urls["kde"].replace("{z}/{x}/{y}", "12/2135/1397"))
    assert tile.status_code == 200


def test_the_filter_counts_only_matching_posts(planner, crowded):
    everything = planner.get(PAGE)
    filtered = planner.get(PAGE, {"answers.time_of_day": "morning"})
    posts = planner.get(config(filtered)["urls"]["posts"])
    features = json.loads(b"".join(posts.streaming_content))["features"]
    assert len(features) == 20
    assert everything.status_code == filtered.status_code == 200


def test_several_ticked_categories_become_one_api_value(planner, crowded, make_category):
    make_category(crowded, "dark", "point")
    response = planner.get(PAGE, {"category": ["spot", "dark"]})
    assert response.status_code == 200
    assert "category=dark%2Cspot" in config(response)["urls"]["grid"]
    # A shared URL in the API's form ticks both boxes.
    shared = planner.get(PAGE, {"category": "spot,dark"}).content.decode()
    assert len(re.findall(r'name="category" value="(?:spot|dark)"[^>]*checked', shared)) == 2


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"category": "nope"}, "category"),
        ({"since": "yesterday"}, "since"),
        ({"since": "2026-05-02", "until": "2026-05-01"}, "until"),
        ({"answers.time_of_day": "noon"}, "answers.time_of_day"),
        ({"public_status": "lost"}, "public_status"),
        ({"min_support": "-1"}, "min_support"),
        ({"min_support": "-2"}, "min_support"),
        ({"cell_m": "1"}, "cell_m"),
        ({"cell_m": "abc"}, "cell_m"),
        ({"bandwidth": "99999"}, "bandwidth"),
        ({"eps_m": "0"}, "eps_m"),
        ({"min_points": "1.5"}, "min_points"),
        ({"confidence": "80"}, "confidence"),
        ({"since": "2026-05-01\x00"}, "since"),
    ],
)
def test_a_bad_value_is_400_with_the_error_next_to_its_field(planner, crowded, query, field):
    response = planner.get(PAGE, query)
    assert response.status_code == 400
    page = response.content.decode()
    error = re.search(
        rf'<ul class="errorlist" id="ws-{re.escape(field)}_error">\s*<li>([^<]+)</li>', page
    )
    assert error, page[page.find("ws-filter") : page.find("ws-filter") + 3000]
    # Plain words of the page, not the API's "name: detail".
    assert not error.group(1).startswith(field)
    # The field says it is wrong and points at its message.
    control = re.search(
        rf'<[^>]+(?:id|name)="ws-{re.escape(field)}[^"]*"[^>]*>|<[^>]+name="{re.escape(field)}"[^>]*>',
        page,
    )
    assert control
    assert 'role="alert"' in page
    # Nothing is drawn or offered for a filter that cannot be applied.
    assert 'id="ws-config"' not in page and "/exports/fear/" not in page


def test_the_page_speaks_german_by_default(planner, crowded):
    page = planner.get(PAGE, {"cell_m": "1"}, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Zellgröße" in page
    assert "Bitte" in page or "Geben Sie" in page


def test_an_unknown_question_is_refused_in_the_summary(planner, crowded):
    response = planner.get(PAGE, {"answers.colour": "red"})
    assert response.status_code == 400
    summary = response.content.decode().split('id="ws-errors"')[1].split("</div>")[0]
    assert "Wählen Sie eine der angebotenen Antworten" in summary


def test_the_page_speaks_english_on_request(planner, crowded):
    page = planner.get(PAGE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Cell size in metres" in page and "Hot and cold spots (Getis-Ord Gi*)" in page
    assert "Downloads with this filter" in page


def test_the_legends_describe_the_ramps_drawn(planner, crowded):
    from heatmaps.kde import ramp
    from layers.qgis.styles import grid_renderer, rgba
    from layers.registry import GRID_RAMP

    response = planner.get(PAGE, HTTP_ACCEPT_LANGUAGE="de")
    page = response.content.decode()
    # Density is viridis (heatmaps.kde.ramp), not yellow to red.
    assert ramp.RAMP == "viridis"
    assert "Dunkelrot (die meisten Beiträge je km²)" not in page
    assert "über Dunkelviolett, Blau und Grün bis Gelb" in page
    # The grid: the same ramp on the page as in the QGIS project, described as it is drawn.
    assert config(response)["grid_ramp"] == list(GRID_RAMP)
    qgis = tostring(grid_renderer([1, 9]), encoding="unicode")
    assert all(rgba(colour) in qgis for colour in GRID_RAMP)
    assert "Von Hellgelb (wenige Beiträge) bis Dunkelrot" in page


def test_every_legend_entry_has_a_label(planner, crowded):
    page = planner.get(PAGE).content.decode()
    posts = page.split('id="ws-legend-posts"')[1].split("</ul>")[0]
    entries = re.findall(r"<li>(.*?)</li>", posts, re.S)
    assert entries
    # Each entry ends in its words; none is an empty box (dict.items() read as a legend).
    assert all(re.sub(r"<[^>]+>", "", entry).strip() for entry in entries), entries
