"""Which database and cache errors are outages (503) and which keep their normal path (500).

Real errors from the real servers: a lock held by another connection, lock_timeout and
statement_timeout of the request's own connection, and a Redis address nobody listens on.
"""

import psycopg
import pytest
from django.db import connection

from tests.conftest import feature, submissions_url
from tests.outage_helpers import free_port

pytestmark = pytest.mark.django_db

ITEMS = "/ogc/collections/fear/items"


@pytest.fixture
def locked_submissions(campaign):
    """Hold an exclusive lock on the submissions table from another connection."""
    settings = connection.settings_dict
    other = psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        dbname=settings["NAME"],
    )
    try:
        other.execute("LOCK TABLE submissions_submission IN ACCESS EXCLUSIVE MODE NOWAIT")
        yield campaign
    finally:
        other.rollback()
        other.close()


def wait_at_most(setting: str) -> None:
    # For this test's transaction only: the request runs on the same connection.
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL {setting} = '200ms'")


@pytest.mark.parametrize("path", [ITEMS, "/api/campaigns/fear/submissions/"])
def test_a_lock_timeout_is_no_outage(anon, locked_submissions, path):
    # 55P03 lock_not_available, an OperationalError: the request's own contention, a defect.
    wait_at_most("lock_timeout")
    answer = anon.get(path)
    assert answer.status_code == 500
    assert "Retry-After" not in answer


@pytest.mark.parametrize("path", [ITEMS, "/api/campaigns/fear/submissions/"])
def test_a_statement_timeout_is_answered_503(anon, locked_submissions, path):
    # 57014 query_canceled: the server cannot keep up now; the request may be sent again.
    wait_at_most("statement_timeout")
    answer = anon.get(path)
    assert answer.status_code == 503
    assert answer["Retry-After"] == "5"
    assert answer.json()["code"] == "service_unavailable"


@pytest.fixture
def unreachable_redis(settings):
    """Point the shared cache at a Redis address where nothing listens."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }


def test_an_unreachable_cache_does_not_stop_intake(anon, campaign, unreachable_redis):
    # The throttles count in PostgreSQL (throttling_rate_counter), not in the cache: a cache
    # outage leaves submissions working, and still counted.
    answer = anon.post(submissions_url(campaign), feature(), format="json")
    assert answer.status_code == 201, answer.content[:300]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM throttling_rate_counter WHERE count = 1")
        assert cursor.fetchone()[0] >= 2  # the client's budget and its address's ceiling


def test_an_unreachable_cache_answers_503_on_a_tile(anon, campaign, home, unreachable_redis):
    answer = anon.get(f"/tiles/fear/{home.z}/{home.x}/{home.y}.mvt")
    assert answer.status_code == 503
    assert answer["Retry-After"] == "5"
    assert answer.json()["code"] == "service_unavailable"


def test_readyz_names_an_unreachable_cache(client, unreachable_redis):
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer["Retry-After"] == "5"
    assert answer.json()["failed"] == ["cache"]
    assert answer.json()["checks"] == {"database": "ok", "cache": "failed", "migrations": "ok"}
