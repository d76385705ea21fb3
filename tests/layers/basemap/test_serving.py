"""The archive over HTTP: one byte range (206), the whole file (200), 416, HEAD, ETag and 304."""

import pytest
from django.test import Client

from geo_participation.basemap import archive_version

pytestmark = pytest.mark.django_db

YEAR = 365 * 24 * 3600


@pytest.fixture
def url(archive):
    return f"/basemap/{archive_version()}/basemap.pmtiles"


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_range_is_answered_206_with_its_content_range(archive, url):
    data = archive.read_bytes()
    response = Client().get(url, HTTP_RANGE="bytes=0-126")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 0-126/{len(data)}"
    assert response["Content-Length"] == "127"
    assert body(response) == data[:127] and data[:7] == b"PMTiles"
    assert response["Accept-Ranges"] == "bytes"


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [("bytes=100-", 100, None), ("bytes=-50", -50, None), ("bytes=10-999999999", 10, None)],
)
def test_open_and_suffix_ranges_end_at_the_last_byte(archive, url, header, first, last):
    data = archive.read_bytes()
    response = Client().get(url, HTTP_RANGE=header)
    assert response.status_code == 206
    start = len(data) + first if first < 0 else first
    assert response["Content-Range"] == f"bytes {start}-{len(data) - 1}/{len(data)}"
    assert body(response) == data[first:]


def test_no_range_is_the_whole_archive(archive, url):
    response = Client().get(url)
    assert response.status_code == 200
    assert body(response) == archive.read_bytes()
    assert response["Content-Type"] == "application/vnd.pmtiles"


@pytest.mark.parametrize("header", ["bytes=0-1,5-9", "bytes=9-2", "items=0-10", "bytes=x-"])
def test_ranges_we_do_not_serve_get_the_whole_archive(archive, url, header):
    response = Client().get(url, HTTP_RANGE=header)
    assert response.status_code == 200
    assert body(response) == archive.read_bytes()


@pytest.mark.parametrize("header", ["bytes=999999999-", "bytes=-0"])
def test_range_beyond_the_end_is_416(archive, url, header):
    response = Client().get(url, HTTP_RANGE=header)
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{archive.stat().st_size}"
    assert response.json()["code"] == "range_not_satisfiable"


def test_head_has_the_headers_and_no_body(archive, url):
    response = Client().head(url, HTTP_RANGE="bytes=0-9")
    assert response.status_code == 206
    assert response["Content-Length"] == "10" and response.content == b""
    response = Client().head(url)
    assert response.status_code == 200
    assert response["Content-Length"] == str(archive.stat().st_size)


def test_versioned_url_is_kept_a_year_and_revalidates_with_its_etag(archive, url):
    response = Client().get(url, HTTP_RANGE="bytes=0-9")
    etag = response["ETag"]
    assert etag == f'"{archive_version()}"' and not etag.startswith("W/")
    assert response["Cache-Control"] == f"public, max-age={YEAR}, immutable"
    assert response["Last-Modified"].endswith(" GMT")
    again = Client().get(url, HTTP_IF_NONE_MATCH=etag, HTTP_RANGE="bytes=0-9")
    assert again.status_code == 304 and again["ETag"] == etag


def test_plain_url_is_kept_a_day(archive):
    response = Client().get("/basemap/basemap.pmtiles", HTTP_RANGE="bytes=0-9")
    assert response.status_code == 206
    assert response["Cache-Control"] == "public, max-age=86400"


def test_if_range_of_an_older_build_gets_the_whole_new_archive(archive, url):
    response = Client().get(url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"older"')
    assert response.status_code == 200
    assert body(response) == archive.read_bytes()


def test_rebuilt_or_missing_archive_is_a_json_404(archive, settings, tmp_path):
    response = Client().get("/basemap/0123456789abcdef0123/basemap.pmtiles")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    settings.GP_BASEMAP_ARCHIVE = str(tmp_path / "none.pmtiles")
    response = Client().get("/basemap/basemap.pmtiles")
    assert response.status_code == 404 and "make basemap" in response.json()["detail"]


@pytest.mark.parametrize("method", ["post", "put", "delete", "options"])
def test_only_get_and_head_in_the_error_shape(archive, url, method):
    response = getattr(Client(), method)(url)
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
    assert response.json()["code"] == "method_not_allowed"
