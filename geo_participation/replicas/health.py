"""Which replicas are fit to read from: up, and not further behind the primary than allowed.

Checked at most every GP_REPLICA_CHECK_S seconds per worker process and replica (the answer
is kept in the process's memory), so a request pays for a check only now and then.

Lag is measured as replay lag, without a heartbeat table: the primary's current WAL position
is read first, then the replica's replay position. A replica that has replayed up to that
position is caught up (lag 0), however long ago the last write was; an idle primary does not
look like a lagging replica. A replica that has not is behind by now() minus the commit time
of the last transaction it replayed (pg_last_xact_replay_timestamp()). That overstates the
lag of a replica a moment behind an otherwise idle primary; the error is on the safe side
(reads go to the primary until the next check).

A replica that cannot be reached in GP_REPLICA_CONNECT_TIMEOUT seconds, or that is not in
recovery (promoted: it no longer follows the primary), counts as down.
"""

import logging
import random
import threading
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from .routing import replica_aliases

logger = logging.getLogger(__name__)

REPLICA_STATE = """
    SELECT pg_is_in_recovery(),
           pg_last_wal_replay_lsn() >= %s::pg_lsn,
           EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())
"""

# alias -> (checked at, monotonic seconds; fit to read from)
_checked: dict[str, tuple[float, bool]] = {}
_lock = threading.Lock()


def healthy_replica() -> str | None:
    """Return a replica alias fit to read from (one at random when several are), or None."""
    fit = [alias for alias in replica_aliases() if _is_fit(alias)]
    return random.choice(fit) if fit else None


def mark_down(alias: str) -> None:
    """Take a replica out until its next check: it just failed in a request."""
    with _lock:
        _checked[alias] = (time.monotonic(), False)
    try:
        connections[alias].close()
    except DatabaseError:
        pass


def forget() -> None:
    """Forget every check, so the next request checks again (tests, a changed setting)."""
    with _lock:
        _checked.clear()


def _is_fit(alias: str) -> bool:
    now = time.monotonic()
    with _lock:
        checked = _checked.get(alias)
    if checked is not None and now - checked[0] < settings.GP_REPLICA_CHECK_S:
        return checked[1]
    lag = replica_lag(alias)
    fit = lag is not None and lag <= settings.GP_REPLICA_MAX_LAG_S
    if lag is not None and not fit:
        logger.info("Replica %s is %.1f s behind: reading from the primary", alias, lag)
    with _lock:
        _checked[alias] = (now, fit)
    return fit


def replica_lag(alias: str) -> float | None:
    """Return the replica's replay lag in seconds (0 when caught up), or None when it is down."""
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()")
            primary_lsn = cursor.fetchone()[0]
        with connections[alias].cursor() as cursor:
            cursor.execute(REPLICA_STATE, [primary_lsn])
            in_recovery, caught_up, since_replay = cursor.fetchone()
    except DatabaseError as exc:
        # Down or unreachable: its connection is closed, so the next check connects anew.
        logger.warning("Replica %s is not answering: %s", alias, exc)
        connections[alias].close()
        return None
    if not in_recovery:
        logger.warning("Replica %s is not a standby (promoted?): not reading from it", alias)
        return None
    if caught_up:
        return 0.0
    # Behind, and nothing replayed since it started: how far is unknown, so too far.
    return float("inf") if since_replay is None else float(since_replay)
