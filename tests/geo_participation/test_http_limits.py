"""Request bodies before any view parses them: charsets, sizes, chunked transfer (in-process).

tests/geo_participation/test_http_limits_gunicorn.py sends the same through a real gunicorn.
"""

import io
import json
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.test.client import encode_multipart

from geo_participation.http_limits import defuse_environ
from geo_participation.submissions.models import IdempotencyKey, Submission
from geo_participation.submissions.photos.models import Photo
from tests.conftest import feature, submissions_url
from tests.page_helpers import plain_static  # noqa: F401 - a fixture
from tests.photo_helpers import jpeg_with_gps

pytestmark = pytest.mark.django_db

TRANSFORMS = ["rot13", "base64", "hex", "zlib", "undefined", "nonsense", ""]


def post_raw(client, url, body: bytes, content_type: str, **extra):
    return client.generic("POST", url, body, content_type=content_type, **extra)


def post_chunked(client, url, body: bytes, content_type: str, **extra):
    """POST as gunicorn hands a chunked request over: de-chunked, without Content-Length."""
    stream = io.BytesIO(body)
    response = client.generic(
        "POST",
        url,
        b"",
        content_type=content_type,
        **{"wsgi.input": stream, "CONTENT_LENGTH": "", "HTTP_TRANSFER_ENCODING": "chunked"},
        **extra,
    )
    response.bytes_read = stream.tell()
    return response


def assert_json_refusal(response, status, code):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == code
    return response.json()


def nothing_stored():
    return not Submission.objects.exists() and not IdempotencyKey.objects.exists()


# --- charsets ---


@pytest.mark.parametrize("charset", TRANSFORMS)
def test_a_json_body_in_a_charset_text_cannot_be_decoded_with_is_415(anon, campaign, charset):
    body = json.dumps(feature()).encode()
    response = post_raw(
        anon,
        submissions_url(campaign),
        body,
        f"application/json; charset={charset}",
        HTTP_IDEMPOTENCY_KEY="k",
    )
    data = assert_json_refusal(response, 415, "unsupported_charset")
    assert "charset" in data["detail"] and data["charset"] == charset[:40]
    assert nothing_stored()


@pytest.mark.parametrize("charset", ["utf-8", "UTF-8", "latin-1", "ascii"])
def test_a_json_body_in_a_text_charset_is_taken(anon, campaign, charset):
    body = json.dumps(feature(comment="Dunkel")).encode()
    response = post_raw(
        anon, submissions_url(campaign), body, f"application/json; charset={charset}"
    )
    assert response.status_code == 201, response.content[:300]


@pytest.mark.parametrize("path", ["/accounts/login/", "/i18n/setlang/"])
@pytest.mark.parametrize("charset", ["rot13", "base64"])
@pytest.mark.usefixtures("plain_static")
def test_a_form_post_in_such_a_charset_is_a_415_page(path, charset):
    browser = Client(raise_request_exception=False, enforce_csrf_checks=True)
    browser.get("/accounts/login/")
    token = browser.cookies["csrftoken"].value
    fields = {"csrfmiddlewaretoken": token, "language": "en", "login": "a@b.de", "password": "x"}
    bodies = {
        "multipart/form-data; boundary=BoUnDaRy": encode_multipart("BoUnDaRy", fields),
        "application/x-www-form-urlencoded": urlencode(fields).encode(),
    }
    for content_type, body in bodies.items():
        response = post_raw(browser, path, body, f"{content_type}; charset={charset}")
        assert response.status_code == 415, response.content[:300]
        assert response["Content-Type"].startswith("text/html")
        assert charset in response.content.decode()


def test_a_query_string_in_such_a_charset_is_refused_too(campaign):
    # Django decodes the query string in the charset while it builds the request, before any
    # middleware: geo_participation.wsgi runs defuse_charsets() in front of it; so does this.
    client = Client(raise_request_exception=False)
    handler = client.handler
    client.handler = lambda environ: handler(defuse_environ(environ))
    for url in ["/heatmaps/fear/grid.geojson?since=2026-05-01", "/ogc/collections?f=json"]:
        for content_type in ["text/plain; charset=rot13", "text/plain; charset*=nonsense''x"]:
            response = client.generic("GET", url, CONTENT_TYPE=content_type)
            assert_json_refusal(response, 415, "unsupported_charset")
    response = client.generic(
        "GET", "/accounts/login/?next=/", CONTENT_TYPE="text/plain; charset=hex"
    )
    assert response.status_code == 415


# --- sizes ---


def test_a_json_body_over_django_s_memory_limit_is_the_documented_413(anon, campaign, settings):
    body = json.dumps(feature(comment="x" * (3 * 1024 * 1024))).encode()
    assert len(body) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = post_raw(
        anon, submissions_url(campaign), body, "application/json", HTTP_IDEMPOTENCY_KEY="k"
    )
    data = assert_json_refusal(response, 413, "body_too_large")
    assert data["limit"] == settings.GP_MAX_BODY_BYTES
    assert str(settings.GP_MAX_BODY_BYTES) in data["detail"]
    assert nothing_stored()


def test_the_same_413_below_and_above_django_s_memory_limit(anon, campaign, settings):
    small = json.dumps(feature(comment="x" * (settings.GP_MAX_BODY_BYTES + 1))).encode()
    large = json.dumps(feature(comment="x" * (4 * settings.DATA_UPLOAD_MAX_MEMORY_SIZE))).encode()
    answers = [
        post_raw(anon, submissions_url(campaign), body, "application/json").json()
        for body in (small, large)
    ]
    assert answers[0] == answers[1]


@pytest.mark.usefixtures("plain_static")
def test_a_form_post_over_django_s_memory_limit_is_a_413_page(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = post_raw(
        Client(),
        "/i18n/setlang/",
        b"language=en&x=" + b"y" * 1000,
        "application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")


# --- chunked bodies ---


def test_a_chunked_json_body_is_read(anon, campaign):
    body = json.dumps(feature(comment="chunked")).encode()
    response = post_chunked(anon, submissions_url(campaign), body, "application/json")
    assert response.status_code == 201, response.content[:300]
    assert Submission.objects.get().comment == "chunked"


def test_a_chunked_json_body_over_the_limit_is_refused_unread(anon, campaign, settings):
    body = json.dumps(feature(comment="x" * (4 * 1024 * 1024))).encode()
    response = post_chunked(anon, submissions_url(campaign), body, "application/json")
    data = assert_json_refusal(response, 413, "body_too_large")
    assert data["limit"] == settings.GP_MAX_BODY_BYTES
    assert response.bytes_read < settings.GP_MAX_BODY_BYTES + 128 * 1024
    assert nothing_stored()


def test_a_chunked_photo_upload_is_read(make_api, campaign, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    author = make_api()
    created = author.post(submissions_url(campaign), feature(), format="json").json()
    body = encode_multipart("BoUnDaRy", {"photo": io.BytesIO(jpeg_with_gps())})
    url = f"/api/submissions/{created['id']}/photo/"
    response = post_chunked(author, url, body, "multipart/form-data; boundary=BoUnDaRy")
    assert response.status_code == 201, response.content[:300]
    assert Photo.objects.filter(submission_id=created["id"]).exists()


def test_a_chunked_photo_upload_over_the_limit_is_refused_unread(make_api, campaign, settings):
    author = make_api()
    created = author.post(submissions_url(campaign), feature(), format="json").json()
    url = f"/api/submissions/{created['id']}/photo/"
    # Over the limit of the photo endpoint only: read here, refused there by its length.
    settings.GP_PHOTO_MAX_BYTES = 100_000
    body = encode_multipart("BoUnDaRy", {"photo": io.BytesIO(b"\xff" * 1_000_000)})
    response = post_chunked(author, url, body, "multipart/form-data; boundary=BoUnDaRy")
    assert_json_refusal(response, 413, "photo_too_large")
    # Over every limit: refused while reading, the rest left unread.
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    body = encode_multipart("BoUnDaRy", {"photo": io.BytesIO(b"\xff" * 3 * limit)})
    response = post_chunked(author, url, body, "multipart/form-data; boundary=BoUnDaRy")
    assert assert_json_refusal(response, 413, "body_too_large")["limit"] == limit
    assert response.bytes_read < limit + 128 * 1024
    assert not Photo.objects.exists()
