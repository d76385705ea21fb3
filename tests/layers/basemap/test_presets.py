"""The presets: which base map the style draws, whom the page may contact, the note without one."""

import json
from http.server import BaseHTTPRequestHandler

import pytest
from django.test import Client

from geo_participation.basemap import archive_version
from tests.http_helpers import local_http_server

pytestmark = pytest.mark.django_db

NOTE_DE = "Für diese Karte ist keine Hintergrundkarte eingerichtet."
NOTE_EN = "No background map is set up for this map"


def urls(value) -> list[str]:
    """Return every http(s) URL anywhere in a JSON value."""
    if isinstance(value, dict):
        return [url for item in value.values() for url in urls(item)]
    if isinstance(value, list):
        return [url for item in value for url in urls(item)]
    if isinstance(value, str) and ("http://" in value or "https://" in value):
        return [value]
    return []


def style(language="de") -> dict:
    response = Client(headers={"accept-language": language}).get("/c/fear/style.json")
    assert response.status_code == 200
    return response.json()


def test_self_draws_our_archive_under_our_layers(archive, campaign):
    drawn = style()
    source = drawn["sources"]["basemap"]
    assert source["url"] == (
        f"pmtiles://http://testserver/basemap/{archive_version()}/basemap.pmtiles"
    )
    assert "OpenStreetMap" in source["attribution"]
    assert (
        drawn["glyphs"] == "http://testserver/static/vendor/basemap/glyphs/{fontstack}/{range}.pbf"
    )
    assert "sprite" not in drawn
    ids = [layer["id"] for layer in drawn["layers"]]
    assert ids[0] == "background" and ids[1].startswith("basemap-")
    # Every base map layer lies under the campaign area and the posts.
    last_basemap = max(i for i, name in enumerate(ids) if name.startswith("basemap-"))
    assert last_basemap < ids.index("area-fill") < ids.index("submissions-icons")
    ours = [layer for layer in drawn["layers"] if layer["id"].startswith("basemap-")]
    assert {layer.get("source") for layer in ours} == {None, "basemap"}  # background: none


def test_self_requests_nothing_from_anyone_else(archive, campaign):
    drawn = style()
    assert urls(drawn) and all(
        url.startswith(("http://testserver/", "pmtiles://http://testserver/"))
        for url in urls(drawn)
    )
    # No icon from a sprite sheet we do not have.
    for layer in drawn["layers"]:
        assert "icon-image" not in layer.get("layout", {}) or not layer["id"].startswith("basemap-")
        assert not any(key.endswith("-pattern") for key in layer.get("paint", {}))


def test_labels_follow_the_page_language(archive, campaign):
    def street_label(drawn):
        return next(
            layer
            for layer in drawn["layers"]
            if layer.get("source-layer") == "transportation_name"
            and "text-field" in layer["layout"]
            and "name" in json.dumps(layer["layout"]["text-field"])
        )["layout"]["text-field"]

    assert "name:de" in json.dumps(street_label(style("de")))
    assert "name:en" in json.dumps(street_label(style("en")))
    fonts = {
        font for layer in style()["layers"] for font in layer.get("layout", {}).get("text-font", [])
    }
    assert fonts == {"noto_sans_regular", "noto_sans_bold"}


def test_glyphs_are_our_static_files(archive, campaign, settings):
    from django.contrib.staticfiles import finders

    for font in ("noto_sans_regular", "noto_sans_bold"):
        assert finders.find(f"vendor/basemap/glyphs/{font}/0-255.pbf"), (
            "run scripts/setup.sh assets"
        )


def test_no_archive_no_base_map_and_a_note(campaign, settings, tmp_path):
    settings.GP_BASEMAP = "self"
    settings.GP_BASEMAP_ARCHIVE = str(tmp_path / "not-built.pmtiles")
    drawn = style()
    assert "basemap" not in drawn["sources"] and "glyphs" not in drawn
    assert NOTE_DE in Client().get("/c/fear/").content.decode()


def test_none_shows_the_note_in_the_page_language(archive, campaign, settings):
    assert NOTE_DE not in Client().get("/c/fear/").content.decode()
    settings.GP_BASEMAP = "none"
    assert "basemap" not in style()["sources"]
    assert NOTE_DE in Client().get("/c/fear/").content.decode()
    english = Client(headers={"accept-language": "en"}).get("/c/fear/").content.decode()
    assert NOTE_EN in english and NOTE_DE not in english


def test_unknown_preset_is_refused(campaign, settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.GP_BASEMAP = "google"
    with pytest.raises(ImproperlyConfigured, match="GP_BASEMAP must be one of"):
        Client(raise_request_exception=True).get("/c/fear/style.json")


@pytest.fixture
def style_server():
    """Serve a small vector style over real HTTP, as the BKG serves basemap.de's."""
    remote = {
        "version": 8,
        "glyphs": "https://sgx.geodatenzentrum.de/gdz_basemapde_vektor/fonts/{fontstack}/{range}.pbf",
        "sprite": "https://sgx.geodatenzentrum.de/gdz_basemapde_vektor/sprites/bm_web_col",
        "sources": {
            "smarttiles_de": {
                "type": "vector",
                "tiles": ["https://sgx.geodatenzentrum.de/t/{z}/{x}/{y}.pbf"],
            }
        },
        "layers": [
            {"id": "background", "type": "background"},
            {
                "id": "Strasse",
                "type": "line",
                "source": "smarttiles_de",
                "source-layer": "Verkehrslinie",
            },
        ],
    }

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            body = json.dumps(remote).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    with local_http_server(Handler) as server:
        yield f"http://127.0.0.1:{server.server_port}/styles/bm_web_col.json"


def test_basemapde_merges_the_fetched_style_under_ours(campaign, settings, style_server):
    settings.GP_BASEMAP = "basemapde"
    settings.GP_BASEMAPDE_STYLE_URL = style_server
    drawn = style()
    assert drawn["sources"]["basemap-smarttiles_de"]["type"] == "vector"
    assert drawn["glyphs"].startswith("https://sgx.geodatenzentrum.de/")
    ids = [layer["id"] for layer in drawn["layers"]]
    assert ids[:3] == ["background", "basemap-background", "basemap-Strasse"]
    assert drawn["layers"][2]["source"] == "basemap-smarttiles_de"
    assert NOTE_DE not in Client().get("/c/fear/").content.decode()


def test_basemapde_unreachable_draws_without_a_base_map(campaign, settings):
    settings.GP_BASEMAP = "basemapde"
    settings.GP_BASEMAPDE_STYLE_URL = "http://127.0.0.1:9/styles/bm_web_col.json"
    drawn = style()
    assert not any(name.startswith("basemap") for name in drawn["sources"])
