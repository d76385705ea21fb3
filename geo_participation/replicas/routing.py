"""Which database a read goes to: the router Django asks, and the request's choice it follows.

The middleware (middleware.py) decides once per request whether its reads may go to a
replica and sets READ_ALIAS for the request; the router only follows it. Outside a request
(management commands, the worker, tests, migrations) READ_ALIAS is None: every read is on
the primary. Every write is on the primary.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connections

# The replica alias this request reads from, or None for the primary.
READ_ALIAS: ContextVar[str | None] = ContextVar("gp_read_alias", default=None)
REPLICA_PREFIX = "replica_"
# Read on the primary even in a public request: who is signed in (sessions, users, tokens,
# allauth), the shared cache table (throttle counters must be exact), the task queue, and the
# stored aggregate runs with their cells and clusters (heatmaps): derived data a public request
# may compute and write on the primary, then must read back at once, which a replica does not
# have yet (an empty tile cached for good, then the same run computed again).
PRIMARY_ONLY_APPS = frozenset(
    {
        "sessions",
        "auth",
        "authtoken",
        "account",
        "django_cache",
        "procrastinate",
        "admin",
        "heatmaps",
    }
)


def replica_aliases() -> list[str]:
    """Return the configured replica aliases (replica_1..N), none without GP_DATABASE_REPLICAS."""
    return [alias for alias in connections if alias.startswith(REPLICA_PREFIX)]


def reading_replica() -> str | None:
    """Return the replica alias this request reads from, or None when it reads the primary."""
    return READ_ALIAS.get()


@contextmanager
def reads_on(alias: str | None) -> Iterator[None]:
    """Send the reads of the block to this replica alias (None: the primary)."""
    token = READ_ALIAS.set(alias)
    try:
        yield
    finally:
        READ_ALIAS.reset(token)


class ReplicaRouter:
    """Send reads where the request's READ_ALIAS says, writes and migrations to the primary."""

    def db_for_read(self, model, **hints):
        """Return the request's replica for a public read, else the primary."""
        alias = READ_ALIAS.get()
        if alias is None or model._meta.app_label in PRIMARY_ONLY_APPS:
            return DEFAULT_DB_ALIAS
        return alias

    def db_for_write(self, model, **hints):
        """Return the primary: a replica is read-only."""
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        """Allow every relation: a replica holds the primary's rows."""
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        """Migrate only the primary; replicas follow it by streaming."""
        return db == DEFAULT_DB_ALIAS
