"""GP_GEOCODER_URL: searches go from our server to a Nominatim- or Photon-compatible geocoder.

Nominatim itself cannot run here (it needs a planet import and its own database server), so a
real HTTP server started in the test answers in Nominatim's (format=geojson) and Photon's
formats; it records every request it gets, so the tests see exactly what left our server.
"""

import json
import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

import pytest

from geo_participation.places.geocoder import USER_AGENT
from tests.http_helpers import local_http_server

URL = "/api/places/"
STREET = {
    "type": "Feature",
    "bbox": [7.7665, 49.4424, 7.7721, 49.4442],
    "geometry": {"type": "LineString", "coordinates": [[7.7665, 49.4424], [7.7721, 49.4442]]},
    "properties": {
        "name": "Fruchthallstraße",
        "display_name": "Fruchthallstraße, Innenstadt, Kaiserslautern, 67655, Deutschland",
        "category": "highway",
        "type": "secondary",
        "address": {"road": "Fruchthallstraße", "city": "Kaiserslautern"},
    },
}
HOUSE = {
    "type": "Feature",
    "geometry": {"type": "Point", "coordinates": [7.7682, 49.4430]},
    "properties": {
        "name": "",
        "display_name": "3, Fruchthallstraße, Kaiserslautern, 67655, Deutschland",
        "category": "place",
        "type": "house",
        "address": {"road": "Fruchthallstraße", "house_number": "3"},
    },
}
# In Mannheim, far outside the campaign's area: the filter drops it even if the geocoder
# ignores bounded=1.
ELSEWHERE = {
    "type": "Feature",
    "geometry": {"type": "Point", "coordinates": [8.4660, 49.4875]},
    "properties": {"name": "Fruchthallstraße", "category": "highway", "display_name": "Mannheim"},
}
PHOTON = {
    "type": "Feature",
    "geometry": {"type": "Point", "coordinates": [7.7693, 49.4433]},
    "properties": {
        "name": "Fruchthallstraße",
        "osm_key": "highway",
        "city": "Kaiserslautern",
        "extent": [7.7665, 49.4442, 7.7721, 49.4424],
    },
}


class FakeGeocoder(BaseHTTPRequestHandler):
    """Answer like Nominatim or Photon, or fail as told; remember each request."""

    def do_GET(self):  # noqa: N802 - http.server's name
        server = self.server
        server.requests.append((self.path, dict(self.headers)))
        if server.mode == "slow":
            time.sleep(2)
        if server.mode == "error":
            self.send_error(500)
            return
        features = [PHOTON] if server.mode == "photon" else [STREET, HOUSE, ELSEWHERE]
        body = (
            b"{not json"
            if server.mode == "garbage"
            else json.dumps({"type": "FeatureCollection", "features": features}).encode()
        )
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def geocoder(settings):
    with local_http_server(FakeGeocoder) as server:
        server.requests, server.mode = [], "nominatim"
        settings.GP_GEOCODER_URL = f"http://127.0.0.1:{server.server_port}/"
        settings.GP_GEOCODER_KIND = "nominatim"
        settings.GP_GEOCODER_TIMEOUT = 3.0
        settings.GP_GEOCODER_RATE = "100/second"
        yield server


def labels(response):
    assert response.status_code == 200, response.content
    return [f["properties"]["label"] for f in response.json()["features"]]


def test_the_geocoder_answers_inside_the_campaign_area(api, campaign, gazetteer, geocoder):
    response = api.get(URL, {"q": "fruchthalstr", "campaign": campaign.slug})

    features = response.json()["features"]
    assert [(f["properties"]["name"], f["properties"]["kind"]) for f in features] == [
        ("Fruchthallstraße", "street"),
        ("Fruchthallstraße 3", "address"),
    ]
    assert features[0]["bbox"] == STREET["bbox"]
    assert features[0]["geometry"]["type"] == "Point"
    ((path, _),) = geocoder.requests
    query = parse_qs(urlsplit(path).query)
    minx, miny, maxx, maxy = campaign.area.extent
    assert urlsplit(path).path == "/search"
    assert query["q"] == ["fruchthalstr"] and query["format"] == ["geojson"]
    assert query["viewbox"] == [f"{minx},{maxy},{maxx},{miny}"] and query["bounded"] == ["1"]


def test_nothing_of_the_citizens_request_reaches_the_geocoder(api, campaign, geocoder):
    api.cookies["sessionid"] = "citizen-session"
    api.get(
        URL,
        {"q": "fruchthalstr"},
        headers={
            "user-agent": "CitizenPhone/1.0",
            "accept-language": "tr-TR",
            "x-forwarded-for": "203.0.113.7",
            "referer": "https://example.org/c/fear/",
        },
    )

    ((_, headers),) = geocoder.requests
    assert {k.lower() for k in headers} <= {
        "host",
        "user-agent",
        "accept",
        "accept-encoding",
        "connection",
    }
    assert headers["User-Agent"] == USER_AGENT
    sent = json.dumps(headers)
    assert not any(x in sent for x in ("203.0.113.7", "citizen-session", "CitizenPhone", "tr-TR"))


def test_answers_are_cached_per_normalised_query(api, campaign, geocoder):
    for typed in ("Fruchthalstr.", "fruchthalstrasse", "FRUCHTHALSTRASSE"):
        assert labels(api.get(URL, {"q": typed, "campaign": campaign.slug}))

    assert len(geocoder.requests) == 1


def test_calls_beyond_the_site_wide_rate_are_answered_from_the_gazetteer(
    api, campaign, gazetteer, geocoder, settings
):
    settings.GP_GEOCODER_RATE = "1/minute"

    first = labels(api.get(URL, {"q": "fruchthalstr"}))
    second = labels(api.get(URL, {"q": "konigstr"}))

    assert len(geocoder.requests) == 1
    assert first[0].startswith("Fruchthallstraße, Innenstadt")  # the geocoder's label
    assert second[0] == "Königstraße"  # ours


@pytest.mark.parametrize("mode", ["error", "garbage", "slow"])
def test_a_failing_or_slow_geocoder_falls_back_to_the_gazetteer(
    api, campaign, gazetteer, geocoder, settings, mode
):
    geocoder.mode = mode
    settings.GP_GEOCODER_TIMEOUT = 0.5

    response = api.get(URL, {"q": "fruchthalstr", "campaign": campaign.slug})

    assert labels(response)[0] == "Fruchthallstraße"
    assert len(geocoder.requests) == 1


def test_an_unreachable_geocoder_falls_back_to_the_gazetteer(api, gazetteer, settings):
    settings.GP_GEOCODER_URL = "http://127.0.0.1:9/"  # discard: nothing listens

    assert labels(api.get(URL, {"q": "konigstr"}))[0] == "Königstraße"


def test_photon_is_asked_with_its_own_parameters(api, campaign, geocoder, settings):
    settings.GP_GEOCODER_KIND = "photon"
    geocoder.mode = "photon"

    feature = api.get(URL, {"q": "fruchthalstr", "campaign": campaign.slug}).json()["features"][0]

    ((path, _),) = geocoder.requests
    assert urlsplit(path).path == "/api"
    assert parse_qs(urlsplit(path).query)["bbox"] == [",".join(map(str, campaign.area.extent))]
    assert feature["properties"] == {
        "name": "Fruchthallstraße",
        "kind": "street",
        "label": "Fruchthallstraße, Kaiserslautern",
    }
    assert feature["bbox"] == [7.7665, 49.4424, 7.7721, 49.4442]
