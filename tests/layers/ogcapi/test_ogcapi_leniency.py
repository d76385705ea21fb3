"""What the OGC API no longer lets pass: a meaningless bbox-crs, an interval without bounds (the
standard's grammar has none: a/b, ../b, a/..), a write method answered by the CSRF middleware
instead of the API."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
ITEMS = "/ogc/collections/fear/items"


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def assert_ogc_error(response, status, code, word):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == code
    assert word in body["description"]
    return body


@pytest.mark.parametrize("crs", ["nonsense", "EPSG:999999", ""])
def test_a_bbox_crs_that_means_nothing_is_refused_without_a_bbox_too(client, campaign, crs):
    response = client.get(ITEMS, {"bbox-crs": crs})
    assert_ogc_error(response, 400, "InvalidParameterValue", "bbox-crs")


def test_a_sound_bbox_crs_without_a_bbox_is_harmless(client, campaign):
    response = client.get(ITEMS, {"bbox-crs": "http://www.opengis.net/def/crs/EPSG/0/25832"})
    assert response.status_code == 200


@pytest.mark.parametrize("interval", ["../..", "/", "../", "/..", ".."])
def test_an_interval_without_any_bound_is_refused(client, campaign, interval):
    response = client.get(ITEMS, {"datetime": interval})
    assert_ogc_error(response, 400, "InvalidParameterValue", "datetime")


@pytest.mark.parametrize("interval", ["2026-03-01/..", "../2026-03-01", "2026-03-01/"])
def test_a_half_open_interval_is_still_taken(client, campaign, interval):
    assert client.get(ITEMS, {"datetime": interval}).status_code == 200


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("path", ["/ogc/", "/ogc/collections", ITEMS, f"{ITEMS}/1", "/ogc/nope"])
def test_a_write_method_is_the_api_s_405_not_a_csrf_page(campaign, method, path):
    # A browser-like client: CSRF checks on, a session cookie it may carry, no token.
    browser = Client(enforce_csrf_checks=True, raise_request_exception=False)
    response = browser.generic(method, path, b"{}", content_type="application/json")
    body = assert_ogc_error(response, 405, "MethodNotAllowed", method)
    assert response["Allow"] == "GET, HEAD"
    assert "read-only" in body["description"]
