"""TileJSON 3.0.0: absolute tile URLs, bounds, zooms and the fields of the vector layer."""

import pytest

from layers.registry import SUBMISSIONS
from tests.conftest import AREA


def test_tilejson_describes_the_campaign_tiles(campaign, client, settings):
    campaign.description = "Where do you feel unsafe?"
    campaign.save()
    response = client.get(f"/tiles/{campaign.slug}.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "public, max-age=60"
    doc = response.json()
    assert doc["tilejson"] == "3.0.0"
    assert doc["tiles"] == [f"http://testserver/tiles/{campaign.slug}/{{z}}/{{x}}/{{y}}.mvt"]
    assert doc["name"] == campaign.title
    assert doc["description"] == "Where do you feel unsafe?"
    assert doc["scheme"] == "xyz"
    assert doc["minzoom"] == 0 and doc["maxzoom"] == settings.GP_TILE_MAX_ZOOM
    assert doc["bounds"] == pytest.approx(list(AREA.extent))
    west, south, east, north = doc["bounds"]
    lon, lat, zoom = doc["center"]
    assert west < lon < east and south < lat < north
    assert doc["minzoom"] <= zoom <= doc["maxzoom"]
    assert doc["attribution"]


def test_vector_layers_list_the_fields_with_types_and_zooms(campaign, client, settings):
    (layer,) = client.get(f"/tiles/{campaign.slug}.json").json()["vector_layers"]
    assert layer["id"] == SUBMISSIONS.name
    assert layer["fields"] == {name: field.type for name, field in SUBMISSIONS.fields.items()}
    assert set(layer["fields"]) == {
        "id",
        "category",
        "support_count",
        "created",
        "generalised",
        "count",
        "public_status",
    }
    assert set(layer["fields"].values()) <= {"Number", "String", "Boolean"}
    assert set(layer["field_descriptions"]) == set(layer["fields"])
    assert layer["minzoom"] == 0 and layer["maxzoom"] == settings.GP_TILE_MAX_ZOOM
    assert layer["aggregated_below_zoom"] == settings.GP_TILE_AGGREGATE_BELOW_ZOOM


def test_tile_urls_follow_the_request_host_and_scheme(campaign, client, settings):
    settings.ALLOWED_HOSTS = ["maps.example.org"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = client.get(
        f"/tiles/{campaign.slug}.json",
        headers={"Host": "maps.example.org", "X-Forwarded-Proto": "https"},
    )
    (template,) = response.json()["tiles"]
    assert template == f"https://maps.example.org/tiles/{campaign.slug}/{{z}}/{{x}}/{{y}}.mvt"


def test_the_tile_url_template_works(campaign, client, make_submission):
    make_submission(campaign)
    (template,) = client.get(f"/tiles/{campaign.slug}.json").json()["tiles"]
    path = template.removeprefix("http://testserver").format(z=0, x=0, y=0)
    assert client.get(path).status_code == 200


def test_attribution_is_escaped_html(make_campaign, client):
    campaign = make_campaign("xss", title="<img src=x onerror=alert(1)>")
    attribution = client.get(f"/tiles/{campaign.slug}.json").json()["attribution"]
    assert "<img" not in attribution and "&lt;img" in attribution


@pytest.mark.parametrize("slug", ["nope", "%00", "a" * 200])
def test_unknown_campaign_is_404(db, client, slug):
    response = client.get(f"/tiles/{slug}.json")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
