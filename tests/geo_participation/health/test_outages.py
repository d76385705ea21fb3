"""A real database outage: gunicorn keeps running while its PostgreSQL cluster is stopped.

Every endpoint answers 503 with Retry-After (JSON on the API and delivery paths, a small page
elsewhere), /healthz stays 200, /readyz says what failed, and once the cluster runs again the
same requests succeed without restarting gunicorn.
"""

import uuid

import pytest

from tests.conftest import INSIDE
from tests.tile_helpers import HIGH, tile_at

SUBMISSIONS = "/api/campaigns/fear/submissions/"
TILE = tile_at(*INSIDE, HIGH)
# A tile, OGC API Features items, an aggregate layer and an API list.
DELIVERY = [
    f"/tiles/fear/{TILE.z}/{TILE.x}/{TILE.y}.mvt",
    "/ogc/collections/fear/items",
    "/heatmaps/fear/grid.geojson",
    "/api/campaigns/",
]
PAGES = ["/", "/c/fear/", "/c/fear/list/"]
RETRY_AFTER = "7"  # GP_RETRY_AFTER_SECONDS of the test server


def post_submission(server):
    body = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": INSIDE},
        "properties": {"category": "spot"},
    }
    return server.request("POST", SUBMISSIONS, body, headers={"Idempotency-Key": str(uuid.uuid4())})


@pytest.fixture
def server(outage_server):
    return outage_server[1]


@pytest.fixture
def outage(outage_server):
    """Stop the cluster for the test, and start it again afterwards."""
    cluster, server = outage_server
    cluster.stop()
    try:
        yield server
    finally:
        cluster.start()


def assert_unavailable_json(answer):
    assert answer.status == 503, answer
    assert answer.headers["Retry-After"] == RETRY_AFTER
    assert answer.headers["Cache-Control"] == "no-store"
    assert answer.headers["Content-Type"] == "application/json"
    assert answer.json()["code"] == "service_unavailable"
    assert set(answer.json()) == {"detail", "code"}


def test_a_submission_answers_503_with_retry_after(outage):
    answer = post_submission(outage)
    assert_unavailable_json(answer)
    assert answer.json()["detail"].startswith("Der Dienst ist kurz nicht erreichbar")


def test_api_messages_follow_the_language_in_an_outage(outage):
    answer = outage.request("GET", "/api/campaigns/", headers={"Accept-Language": "en"})
    assert_unavailable_json(answer)
    assert answer.json()["detail"].startswith("The service is briefly unavailable")


@pytest.mark.parametrize("path", DELIVERY)
def test_delivery_answers_503_in_json(outage, path):
    assert_unavailable_json(outage.request("GET", path))


@pytest.mark.parametrize("path", PAGES)
def test_pages_answer_a_small_503_page(outage, path):
    answer = outage.request("GET", path)
    assert answer.status == 503, answer
    assert answer.headers["Retry-After"] == RETRY_AFTER
    assert answer.headers["Content-Type"] == "text/html; charset=utf-8"
    page = answer.body.decode()
    assert '<html lang="de">' in page
    assert "<h1>Kurz nicht erreichbar</h1>" in page
    assert "in 7 Sekunden erneut" in page


def test_a_page_that_needs_no_database_still_answers(outage):
    assert outage.request("GET", "/datenschutz/").status == 200


def test_the_page_follows_the_browsers_language(outage):
    answer = outage.request("GET", "/", headers={"Accept-Language": "en"})
    assert answer.status == 503
    assert "<h1>Briefly unavailable</h1>" in answer.body.decode()


def test_failures_outside_the_view_answer_503(outage):
    # allauth's middleware reads the user (and so the session) of a 404 under /accounts/;
    # session authentication reads the session before the API view runs.
    cookie = {"Cookie": "sessionid=abcdefghijklmnopqrstuvwxyz012345"}
    page = outage.request("GET", "/accounts/", headers=cookie)
    assert page.status == 503, page
    assert page.headers["Retry-After"] == RETRY_AFTER
    assert_unavailable_json(outage.request("GET", "/api/moderation/queue/", headers=cookie))


def test_probes_in_an_outage(outage):
    assert outage.request("GET", "/healthz").status == 200
    ready = outage.request("GET", "/readyz")
    assert ready.status == 503
    assert ready.headers["Retry-After"] == RETRY_AFTER
    assert ready.json()["code"] == "service_unavailable"
    # The cache is the database's: it fails with it.
    assert ready.json()["failed"] == ["database", "cache"]
    assert ready.json()["checks"]["migrations"] == "not checked"


def test_everything_answers_again_once_the_database_is_back(outage_server):
    cluster, server = outage_server
    cluster.stop()
    try:
        assert post_submission(server).status == 503
    finally:
        cluster.start()
    # The same gunicorn worker, not restarted: its broken connection is replaced.
    assert post_submission(server).status == 201
    for path in DELIVERY:
        assert server.request("GET", path).status == 200, path
    for path in PAGES:
        assert server.request("GET", path).status == 200, path
    ready = server.request("GET", "/readyz")
    assert ready.status == 200
    assert ready.json()["checks"] == {"database": "ok", "cache": "ok", "migrations": "ok"}
