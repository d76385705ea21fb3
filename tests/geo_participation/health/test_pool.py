"""The connection pool's free check: a connection the server closed is never handed out."""

import time

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from geo_participation.health.pool import check_idle_connection


def connect() -> psycopg.Connection:
    return psycopg.connect(**connection.get_connection_params() | {"autocommit": True})


def test_a_live_idle_connection_passes_without_a_round_trip(db):
    with connect() as idle:
        before = idle.pgconn.transaction_status
        check_idle_connection(idle)
        assert idle.pgconn.transaction_status == before
        assert idle.execute("SELECT 1").fetchone() == (1,)


def test_a_connection_the_server_closed_is_refused(db):
    with connect() as idle, connect() as other:
        other.execute("SELECT pg_terminate_backend(%s)", [idle.info.backend_pid])
        time.sleep(0.2)  # the server's goodbye reaches the idle socket
        with pytest.raises(psycopg.OperationalError):
            check_idle_connection(idle)


def test_the_pool_is_on_and_uses_the_check(transactional_db):
    # The default (GP_DB_POOL): the test suite runs on the pool, as production does.
    assert "pool" in settings.DATABASES["default"]["OPTIONS"]
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] == 0
    # A connection from the pool as it is now (an earlier test may have closed an older one).
    connection.close()
    connection.ensure_connection()
    pool = connection.pool
    assert pool is not None and pool._check is check_idle_connection
