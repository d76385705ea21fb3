"""Caching: the database cache with an atomic incr, fixed-window counters on it, and the
per-worker cache in front of it. (The throttles count in a table of their own:
geo_participation/throttling/counters.py.)"""

import base64
import pickle
import time

from django.core.cache import cache as shared_cache
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import connections, router, transaction
from django.utils.timezone import now


class AtomicDatabaseCache(DatabaseCache):
    """DatabaseCache whose incr() locks the row, so concurrent increments are never lost.

    Django's incr() is a get followed by a set: two workers counting at once both write the
    same value, and a throttle under a burst lets through more than its limit. Redis (the other
    supported cache) increments atomically by itself.
    """

    def incr(self, key, delta=1, version=None):
        """Add delta to the counter under a row lock and return the new value, expiry unchanged."""
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT value FROM {table} WHERE cache_key = %s AND expires >= %s FOR UPDATE",  # noqa: S608 - table from settings
                [key, now()],
            )
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found")
            value = pickle.loads(base64.b64decode(row[0].encode())) + delta
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            # The expiry stays as it was: the counter belongs to a fixed time window.
            cursor.execute(
                f"UPDATE {table} SET value = %s WHERE cache_key = %s",  # noqa: S608
                [encoded, key],
            )
        return value


class WorkerCache:
    """A bounded per-worker memory cache in front of Django's shared cache.

    The one way hot results (public tiles, density grids) are kept: a hit in the worker's memory
    costs no round trip and no unpickling. Callers put the campaign's published_version in every
    key, so neither level can serve a stale value; entries only expire to let old versions go.
    pack and unpack convert between the value and what the shared cache stores; a value whose
    packed form is larger than local_max_bytes stays in the shared cache only.
    """

    def __init__(
        self,
        name: str,
        *,
        entries: int,
        timeout: int,
        local_max_bytes: int | None = None,
        pack=lambda value: value,
        unpack=lambda stored: stored,
    ):
        self.local = LocMemCache(name, {"TIMEOUT": timeout, "OPTIONS": {"MAX_ENTRIES": entries}})
        self.prefix = f"{name}:"
        self.timeout = timeout
        self.local_max_bytes = local_max_bytes
        self.pack, self.unpack = pack, unpack

    def _fits(self, stored) -> bool:
        return self.local_max_bytes is None or len(stored) <= self.local_max_bytes

    def get(self, key: str):
        """Return the value from this worker's memory, else from the shared cache, else None."""
        key = self.prefix + key
        value = self.local.get(key)
        if value is None:
            stored = shared_cache.get(key)
            if stored is None:
                return None
            value = self.unpack(stored)
            if self._fits(stored):
                self.local.set(key, value)
        return value

    def set(self, key: str, value) -> None:
        """Keep the value in the shared cache and, when small enough, in this worker's memory."""
        key = self.prefix + key
        stored = self.pack(value)
        shared_cache.set(key, stored, self.timeout)
        if self._fits(stored):
            self.local.set(key, value)

    def clear_local(self) -> None:
        """Forget what this worker keeps in memory (as if the next request went elsewhere)."""
        self.local.clear()


def window_key(key: str, period: int) -> tuple[str, float]:
    """Return the cache key of the current fixed window of a counter, and its seconds left."""
    now = time.time()
    window = int(now // period)
    return f"{key}:{window}", (window + 1) * period - now


def count_in_window(key: str, period: int) -> tuple[int, float]:
    """Add one to a fixed-window counter that every worker shares; return it and the seconds
    left in its window. (The failed-login limit and the geocoder's site-wide rate count this
    way: rare events. The throttles, counted on every write, use throttling.counters.)"""
    full, left = window_key(key, period)
    return _add_one(full, period + 1), left


def _add_one(key: str, timeout: int) -> int:
    """Add one to a shared counter and return it; add() opens it, incr() counts atomically."""
    shared_cache.add(key, 0, timeout=timeout)
    try:
        return shared_cache.incr(key)
    except ValueError:  # expired between add and incr
        shared_cache.add(key, 1, timeout=timeout)
        return 1
