"""A real streaming replica for the whole session, configured as replica_1 in this package.

Tests here read committed rows only (a replica sees nothing of a test's open transaction), so
they are marked `django_db(transaction=True, databases=DATABASES)`.
"""

import pytest

from geo_participation.replicas import health, versions
from tests.replica_helpers import Replica, add_alias, remove_alias, require_pg_basebackup


@pytest.fixture(scope="session")
def replica_server(django_db_setup, django_db_blocker):
    """Return a hot standby of the test server, made once per session after the test database."""
    require_pg_basebackup()
    standby = Replica()
    with django_db_blocker.unblock():
        try:
            standby.create()
        except Exception:
            standby.remove()
            raise
    yield standby
    standby.remove()


@pytest.fixture(scope="module", autouse=True)
def replica_alias(replica_server):
    # Module scope: the alias must exist before pytest-django sets up each test's databases,
    # and must be gone for every test outside this package.
    add_alias(replica_server)
    yield
    remove_alias()


@pytest.fixture
def replica(replica_server, settings):
    """Return the standby, running, replaying and caught up, checked on every request."""
    settings.GP_REPLICA_CHECK_S = 0
    settings.GP_REPLICA_MAX_LAG_S = 3600
    replica_server.start_if_stopped()
    replica_server.sql("SELECT pg_wal_replay_resume()")
    replica_server.wait_caught_up()
    health.forget()
    versions.forget()
    yield replica_server
    replica_server.start_if_stopped()
    replica_server.sql("SELECT pg_wal_replay_resume()")
    health.forget()
    versions.forget()
