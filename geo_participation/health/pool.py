"""The connection pool's check of a connection it hands out: free, without a round trip.

Used when GP_DB_POOL is on (settings.DATABASES "pool" option). Django gives its pool either no
check or, with CONN_HEALTH_CHECKS, psycopg_pool's own, and takes no other; use_idle_check puts
this one on each pool once the pool has made its first connection.

psycopg_pool can check each connection before a request gets it, but its own check
(ConnectionPool.check_connection, which Django uses with CONN_HEALTH_CHECKS) sends an empty
query: one more round trip per request, as many as a whole cached tile costs. A server that
restarted or a connection it dropped has already closed its end of the socket, so the
connection is readable (end of file) while it sits idle in the pool: that is looked at here
without waiting, and such a connection is discarded, so the request gets a new one instead of
a 503. A host that vanished without a word is still found by the request itself (a quick 503
with Retry-After, geo_participation/health/outages.py), and the broken connection is not
returned to the pool.
"""

import select

import psycopg
from psycopg import pq


def check_idle_connection(connection: psycopg.Connection) -> None:
    """Raise OperationalError when the server has closed (or is closing) this idle connection."""
    if connection.closed or connection.pgconn.status != pq.ConnStatus.OK:
        raise psycopg.OperationalError("the pooled connection is closed")
    readable, _, _ = select.select([connection.fileno()], [], [], 0)
    if readable:
        # An idle connection hears nothing from a server that keeps it: what it hears is the
        # server's goodbye (an error "terminating connection", then end of file). The rare
        # notice is not worth telling apart: a new connection costs less than a 503.
        raise psycopg.OperationalError("the server closed the pooled connection")


def use_idle_check(sender, connection, **kwargs) -> None:
    """Make check_idle_connection the check of a database's pool (connection_created)."""
    pool = getattr(connection, "pool", None)
    # psycopg_pool reads the check from this attribute on every getconn; Django passes its
    # constructor no other choice.
    if pool is not None and getattr(pool, "_check", None) is not check_idle_connection:
        pool._check = check_idle_connection
