"""Citizen pages rendered by Django: campaign list, map page, add form, list, map style."""

import json
import re

import pytest
from django.test import Client

from geo_participation.clients import COOKIE
from geo_participation.web.markers import category_markers, text_colour_on
from tests.conftest import INSIDE, feature, submissions_url

pytestmark = pytest.mark.django_db

CHOICE_QUESTION = {
    "key": "lit",
    "label": "Is it lit?",
    "type": "single_choice",
    "choices": [{"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"}],
    "required": True,
}
MANY_QUESTION = {
    "key": "why",
    "label": "Why?",
    "type": "multiple_choice",
    "choices": [{"value": "dark", "label": "Dark"}, {"value": "lonely", "label": "Lonely"}],
}
TEXT_QUESTION = {"key": "note", "label": "Anything else?", "type": "short_text", "max_length": 50}


@pytest.fixture
def client(settings):
    # Hashed names need collectstatic's manifest; these tests render pages without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # English, so the assertions read like the templates; German has its own test.
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def test_campaign_list_links_each_campaign(client, campaign, make_campaign):
    make_campaign("old", title="Old one", closes_at=None)
    html = client.get("/").content.decode()
    assert 'href="/c/fear/"' in html and 'href="/c/fear/list/"' in html
    assert "Old one" in html


def test_campaign_page_renders_the_question_schema_as_form_fields(client, campaign, make_category):
    make_category(campaign, "light", "point", questions=[CHOICE_QUESTION, MANY_QUESTION])
    make_category(campaign, "remark", "line", questions=[TEXT_QUESTION])
    response = client.get("/c/fear/")
    html = response.content.decode()
    assert response.status_code == 200
    # Categories with their geometry type, which decides what the map draws.
    assert re.search(r'value="spot" data-geometry="Point"', html)
    assert re.search(r'value="route" data-geometry="LineString"', html)
    assert re.search(r'value="zone" data-geometry="Polygon"', html)
    # time_of_day and rating as radios, required where the schema says so.
    assert 'name="answers.time_of_day" value="night" required' in html
    assert 'name="answers.rating" value="5">' in html
    assert 'type="radio" id="q-light-lit-1" name="answers.lit" value="yes" required' in html
    assert 'type="checkbox" id="q-light-why-2" name="answers.why" value="lonely">' in html
    assert 'name="answers.note" data-question="note" data-type="short_text" maxlength="50"' in html
    # The photo slot the photos app wires, the flow's steps, the search and the no-map ways.
    assert re.search(r'id="photo-field".*?<input type="file"[^>]*name="photo"', html, re.S)
    assert 'id="gp-lat"' in html and 'id="gp-geo-consent"' in html
    assert 'role="combobox"' in html and 'aria-controls="gp-search-list"' in html
    steps = re.findall(r'data-step="(\w+)"', html)
    assert steps == ["thanks", "place", "category", "nearby", "draw", "questions", "send"]
    assert 'id="gp-report"' in html and "Report a place" in html
    assert "/static/photos/upload.js" in html
    # The visitor gets the cookies that make their own submissions and "me too" theirs.
    assert COOKIE in response.cookies and "csrftoken" in response.cookies


def test_question_labels_are_escaped(client, campaign, make_category):
    evil = {**TEXT_QUESTION, "label": "<script>alert(1)</script>"}
    make_category(campaign, "evil", "point", label="<b>bold</b>", questions=[evil])
    html = client.get("/c/fear/").content.decode()
    assert "<script>alert(1)</script>" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_registered_only_campaign_asks_anonymous_visitors_to_log_in(client, make_campaign):
    make_campaign("members", participation="registered")
    html = client.get("/c/members/").content.decode()
    assert 'id="gp-add-form"' not in html
    assert "registered participants only" in html
    # Where residents of other campaigns find "Report a place", on the map itself.
    assert (
        'class="gp-primary gp-report gp-report-login" href="/accounts/login/?next=/c/members/"'
        in html
    )


def test_closed_campaign_has_no_form(client, make_campaign):
    from datetime import timedelta

    from django.utils import timezone

    past = timezone.now() - timedelta(days=10)
    make_campaign("over", opens_at=past - timedelta(days=5), closes_at=past)
    html = client.get("/c/over/").content.decode()
    assert 'id="gp-add-form"' not in html


def test_our_layers_are_credited_in_the_page_language_and_escaped(client, make_campaign):
    make_campaign("credit", title="Wege <b>& Plätze</b>")
    german = Client().get("/c/credit/style.json").json()["sources"]["submissions"]["attribution"]
    english = client.get("/c/credit/style.json").json()
    assert german == "Beiträge zu „Wege &lt;b&gt;&amp; Plätze&lt;/b&gt;“"
    assert english["sources"]["submissions"]["attribution"].startswith(
        "Submissions to “Wege &lt;b&gt;"
    )


def test_unknown_campaign_is_404(client, db):
    assert client.get("/c/nope/").status_code == 404
    assert client.get("/c/nope/list/").status_code == 404
    assert client.get("/c/nope/style.json").status_code == 404


def test_style_without_a_base_map_uses_only_our_sources_and_no_glyphs(client, campaign):
    style = client.get("/c/fear/style.json").json()
    assert "glyphs" not in style and "sprite" not in style
    assert style["sources"]["submissions"]["url"] == "http://testserver/tiles/fear.json"
    assert style["sources"]["area"]["data"]["type"] == "MultiPolygon"
    assert "basemap" not in style["sources"]
    for layer in style["layers"]:
        # Symbol layers carry icons only: text would need glyphs from a font server.
        assert not any(key.startswith("text-") for key in layer.get("layout", {}))
    # Letters on lines stay upright instead of turning with the line.
    line_icons = next(layer for layer in style["layers"] if layer["id"] == "submissions-line-icons")
    assert line_icons["layout"]["icon-rotation-alignment"] == "viewport"


def test_xyz_preset_adds_a_raster_layer_with_credit(client, campaign, settings):
    settings.GP_BASEMAP = "xyz"
    settings.GP_BASEMAP_XYZ_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    style = client.get("/c/fear/style.json").json()
    assert style["sources"]["basemap"]["tiles"] == [settings.GP_BASEMAP_XYZ_URL]
    # The credit in the page's language (this module's client asks for English).
    assert style["sources"]["basemap"]["attribution"] == "© OpenStreetMap contributors"
    german = Client().get("/c/fear/style.json").json()
    assert german["sources"]["basemap"]["attribution"] == "© OpenStreetMap-Mitwirkende"
    assert style["layers"][1] == {"id": "basemap", "type": "raster", "source": "basemap"}
    settings.GP_BASEMAP_ATTRIBUTION = "© Stadt Kaiserslautern"
    style = client.get("/c/fear/style.json").json()
    assert style["sources"]["basemap"]["attribution"] == "© Stadt Kaiserslautern"


def test_markers_differ_by_shape_and_letter_and_keep_text_readable(campaign, make_category):
    make_category(campaign, "spot2", "point", label="Spot too", colour="#000000")
    markers = category_markers(campaign.categories.order_by("position", "key"))
    letters = [m.letter for m in markers.values()]
    shapes = [m.shape for m in markers.values()]
    assert len(set(letters)) == len(letters) == 4
    assert len(set(shapes)) == 4
    assert text_colour_on("#000000") == "#ffffff" and text_colour_on("#e69f00") == "#000000"


def test_page_config_ships_the_area_and_the_search_and_nearby_urls(client, campaign):
    html = client.get("/c/fear/").content.decode()
    config = json.loads(re.search(r'id="gp-config"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert config["area"]["type"] == "MultiPolygon"
    assert config["areaName"] == campaign.title
    assert config["placesUrl"] == "/api/places/"
    assert config["nearbyUrl"] == "/api/campaigns/fear/submissions/nearby/"
    # The street <select> and its 32 hand-placed streets are gone: the search replaces them.
    assert 'id="gp-street"' not in html


def test_a_named_area_is_what_a_refusal_names(client, make_campaign):
    make_campaign("named", title="Angsträume", area_name="Kaiserslautern")
    html = Client().get("/c/named/").content.decode()
    config = json.loads(re.search(r'id="gp-config"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert config["areaName"] == "Kaiserslautern"
    assert config["strings"]["outside_area"] == (
        "Dieser Ort liegt außerhalb von %(area)s. Bitte wählen Sie einen Ort darin."
    )


def test_list_shows_published_and_own_pending_only(client, campaign, make_submission):
    client.get("/c/fear/")  # hands out the anonymous client cookie
    mine = feature(comment="my own pending")
    assert client.post(submissions_url(campaign), mine, "application/json").status_code == 201
    make_submission(campaign, comment="published one")
    make_submission(campaign, comment="other pending", status="pending", client_id="other")
    make_submission(campaign, comment="rejected one", status="rejected")
    html = client.get("/c/fear/list/").content.decode()
    assert "published one" in html and "my own pending" in html
    assert html.count('class="gp-badge"') == 1
    assert "other pending" not in html and "rejected one" not in html


def test_list_escapes_comments_and_paginates(client, campaign, make_submission):
    for n in range(25):
        make_submission(campaign, comment=f"note {n}")
    make_submission(campaign, comment="<img src=x onerror=alert(1)>")
    first = client.get("/c/fear/list/").content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in first and "<img src=x" not in first
    assert first.count('class="gp-card"') == 20
    assert 'href="?page=2" rel="next"' in first
    second = client.get("/c/fear/list/?page=2").content.decode()
    assert second.count('class="gp-card"') == 6 and 'aria-current="page"' in second


@pytest.mark.parametrize("page", ["abc", "0", "3", "1.5"])
def test_list_refuses_bad_page_numbers_with_404(client, campaign, make_submission, page):
    make_submission(campaign)
    assert client.get(f"/c/fear/list/?page={page}").status_code == 404


def test_list_shows_answers_with_their_labels(client, campaign, make_submission):
    make_submission(campaign, answers={"time_of_day": "night", "rating": 4})
    html = client.get("/c/fear/list/").content.decode()
    # The client asks for English: the English label, not the German one.
    assert "At night" in html and "Nachts" not in html
    assert "<dd>4 of 5</dd>" in html


def test_add_page_works_without_a_map(client, campaign):
    html = client.get("/c/fear/add/").content.decode()
    assert 'id="gp-add-form"' in html and 'id="gp-map"' not in html
    # The place search, and no step buttons: the whole form at once.
    assert 'role="combobox"' in html and 'data-action="' not in html


@pytest.mark.parametrize("url", ["/c/fear/", "/c/fear/add/"])
def test_submit_is_disabled_until_the_script_runs(client, campaign, url):
    # Without JavaScript the form would post urlencoded to the JSON API (a raw 415).
    html = client.get(url).content.decode()
    assert re.search(r'<button type="submit" id="gp-submit"[^>]*\bdisabled\b', html)
    noscript = html.split("<noscript>")[1].split("</noscript>")[0]
    assert 'href="/c/fear/list/"' in noscript and "JavaScript" in noscript


def test_inside_is_inside(campaign):
    # The browser tests place points around INSIDE; it must be inside the campaign area.
    from django.contrib.gis.geos import Point

    assert campaign.area.contains(Point(*INSIDE, srid=4326))


def test_pages_speak_german_by_default_and_english_on_request(campaign, client):
    german = Client().get("/c/fear/").content.decode()
    assert "Beitrag hinzufügen" in german and "Nachts" in german
    # The scripts' texts come translated in the page's JSON.
    config = json.loads(re.search(r'id="gp-config"[^>]*>(.*?)</script>', german).group(1))
    assert "sobald die Moderation ihn geprüft hat" in config["strings"]["thanks_pending"]
    english = client.get("/c/fear/").content.decode()
    assert "Add a submission" in english and "At night" in english


@pytest.mark.parametrize(
    ("url", "german", "english"),
    [
        ("/", "Wählen Sie eine Beteiligung", "choose a campaign"),
        ("/c/fear/", "Karte zu „", "Map of “"),
        ("/c/fear/list/", "Die veröffentlichten Beiträge zu „", "The published submissions to “"),
        ("/c/fear/add/", "ohne Karte hinzufügen", "without the map"),
    ],
)
def test_each_page_describes_itself_for_search_engines(campaign, client, url, german, english):
    def description(html):
        return re.search(r'<meta name="description" content="([^"]*)">', html).group(1)

    title = campaign.title.replace("'", "&#x27;")
    for text, html in ((german, Client().get(url)), (english, client.get(url))):
        content = description(html.content.decode())
        assert text in content
        if url != "/":
            assert title in content
