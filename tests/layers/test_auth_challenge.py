"""Browsers are never asked for Basic credentials; GIS clients and curl still are.

A browser asked once keeps the credentials and sends them with any later request to this host,
a form of another site's page included. GDAL and QGIS send Basic credentials only when a 401
asks for them, so requests without a browser's headers keep the Basic challenge. One rule
(geo_participation.accounts.browsers) for the API, vector tiles and OGC API Features.
"""

import base64

import pytest
from django.test import Client

from tests.page_helpers import plain_static  # noqa: F401 - a fixture

# The API answers a page load with its browsable HTML page, which links static files.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static")]

BROWSERS = {
    "fetch-metadata": {"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"},
    "fetch-from-script": {"Sec-Fetch-Mode": "cors", "Accept": "*/*"},
    "page-load-over-http": {
        "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    },
    "xhr": {"X-Requested-With": "XMLHttpRequest", "Accept": "application/json"},
}
CLIENTS = {
    "curl": {"Accept": "*/*"},
    "gdal": {},
    "qgis": {"Accept": "application/geo+json, application/json"},
}
WRONG = {"Authorization": "Basic " + base64.b64encode(b"nobody:wrong").decode()}


def paths(campaign) -> dict:
    return {
        "api": ("/api/moderation/queue/", {}),
        "api-wrong-password": ("/api/moderation/queue/", WRONG),
        "tiles": (f"/tiles/{campaign.slug}/15/17034/11140.mvt", WRONG),
        "ogc": (f"/ogc/collections/{campaign.slug}/items", WRONG),
    }


ENDPOINTS = ["api", "api-wrong-password", "tiles", "ogc"]


@pytest.mark.parametrize("browser", BROWSERS)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_browsers_get_no_basic_challenge(campaign, endpoint, browser):
    path, credentials = paths(campaign)[endpoint]
    response = Client().get(path, headers={**BROWSERS[browser], **credentials})
    assert response.status_code == 401
    assert "Basic" not in response.get("WWW-Authenticate", "")


@pytest.mark.parametrize("client", CLIENTS)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_gis_clients_and_curl_are_asked_for_basic_credentials(campaign, endpoint, client):
    path, credentials = paths(campaign)[endpoint]
    response = Client().get(path, headers={**CLIENTS[client], **credentials})
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Basic realm="api"'
