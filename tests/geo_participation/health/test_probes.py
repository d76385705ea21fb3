"""/healthz and /readyz: for load balancers, never cached, the same in every language."""

import pytest

from geo_participation.health import views

pytestmark = pytest.mark.django_db

SESSION = {"Cookie": "sessionid=abcdefghijklmnopqrstuvwxyz012345"}


@pytest.fixture(autouse=True)
def _unknown_migration_state():
    # readyz remembers, per process, that every migration was applied; each test starts afresh.
    views._migrated["all"] = False


def test_healthz_touches_no_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        answer = client.get("/healthz", headers=SESSION)
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok"}
    assert answer["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in answer
    assert "Cookie" not in answer.get("Vary", "")


def test_readyz_says_what_it_checked(client):
    answer = client.get("/readyz", headers=SESSION)
    assert answer.status_code == 200
    assert answer.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "migrations": "ok"},
    }
    assert answer["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in answer
    # The session was not read: nothing varies on the cookie.
    assert "Cookie" not in answer.get("Vary", "")


def test_readyz_loads_the_migrations_once(client, django_assert_max_num_queries):
    client.get("/readyz")
    # Then: one query for the database, one for the cache.
    with django_assert_max_num_queries(2):
        assert client.get("/readyz").status_code == 200


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_are_the_same_in_every_language(client, path):
    german = client.get(path)
    english = client.get(path, headers={"Accept-Language": "en"})
    assert german.content == english.content


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_do_not_vary_on_the_language(client, path):
    answer = client.get(path)
    assert "Content-Language" not in answer
    assert "Accept-Language" not in answer.get("Vary", "")


def test_readyz_names_pending_migrations(client, settings):
    # A migration on disk that the database has not seen, as after a deploy without migrate.
    settings.MIGRATION_MODULES = {"health": "tests.geo_participation.health.pending_migrations"}
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer["Retry-After"] == "5"
    assert answer["Cache-Control"] == "no-store"
    assert answer.json()["code"] == "service_unavailable"
    assert answer.json()["failed"] == ["migrations"]
    assert answer.json()["detail"] == "Not ready: migrations pending."


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_probes_only_answer_reads(client, method):
    assert getattr(client, method)("/readyz").status_code == 405
