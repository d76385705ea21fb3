"""Rendered pages and JSON go out gzipped to clients that accept it; vector tiles by their own
view; other binary or partial answers never."""

import gzip
import json

import numpy as np
import pytest
from django.http import HttpResponse
from django.test import Client

from geo_participation.compression import compressible
from tests.aggregate_helpers import around, place_many
from tests.conftest import INSIDE, submissions_url
from tests.tile_helpers import HIGH, tile_at

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.fixture
def published(campaign, make_submission):
    return [make_submission(campaign, comment=f"post {n}") for n in range(5)]


def vary(response) -> set[str]:
    return {v.strip().lower() for v in response.get("Vary", "").split(",")}


def test_a_page_is_gzipped_for_a_browser_that_accepts_it(campaign, published):
    response = Client().get(f"/c/{campaign.slug}/list/", **GZIP)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "accept-encoding" in vary(response)
    page = gzip.decompress(response.content).decode()
    assert "post 4" in page and "</html>" in page
    assert int(response["Content-Length"]) == len(response.content) < len(page.encode())


def test_json_from_the_api_is_gzipped(campaign, published):
    response = Client().get(submissions_url(campaign), **GZIP)
    assert response["Content-Encoding"] == "gzip"
    body = json.loads(gzip.decompress(response.content))
    assert {f["properties"]["comment"] for f in body["features"]} >= {"post 0", "post 4"}


def test_nothing_is_compressed_without_accept_encoding(campaign, published):
    response = Client().get(f"/c/{campaign.slug}/list/")
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert "post 4" in response.content.decode()


def test_a_vector_tile_is_compressed_by_its_view_with_a_strong_etag(campaign, published):
    # Tiles are compressed once and kept compressed (layers/tiles/views.py), not padded per
    # response by the text middleware: their ETag stays strong.
    tile = tile_at(*INSIDE, HIGH)
    path = f"/tiles/{campaign.slug}/{tile.z}/{tile.x}/{tile.y}.mvt"
    response = Client().get(path, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200 and response.content
    assert response["Content-Encoding"] == "gzip"
    assert not response["ETag"].startswith("W/")
    assert gzip.decompress(response.content) == Client().get(path).content
    assert Client().get(path, **GZIP)["Content-Encoding"] == "br"  # preferred when accepted


def test_a_gzipped_answer_s_weak_etag_still_revalidates(campaign):
    # The grid is public above 3 contributors: 60 places, each its own client.
    rng = np.random.default_rng(1)
    place_many(campaign, around(rng, 7.775, 49.44, 60, metres=150))
    grid = f"/heatmaps/{campaign.slug}/grid.geojson"
    first = Client().get(grid, **GZIP)
    assert first.status_code == 200 and first["Content-Encoding"] == "gzip"
    assert first["ETag"].startswith('W/"')  # the bytes on the wire differ from the plain answer
    assert json.loads(gzip.decompress(first.content))["features"]
    again = Client().get(grid, HTTP_IF_NONE_MATCH=first["ETag"], **GZIP)
    assert again.status_code == 304


@pytest.mark.parametrize(
    ("content_type", "status", "expected"),
    [
        ("text/html; charset=utf-8", 200, True),
        ("application/geo+json", 200, True),
        ("application/vnd.oai.openapi+json", 200, True),
        ("text/csv", 200, True),
        ("application/vnd.mapbox-vector-tile", 200, False),
        ("image/jpeg", 200, False),
        ("application/geopackage+sqlite", 200, False),
        ("application/octet-stream", 206, False),
        ("text/plain", 206, False),
    ],
)
def test_which_answers_are_compressible(content_type, status, expected):
    assert compressible(HttpResponse(status=status, content_type=content_type)) is expected
