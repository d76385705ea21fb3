"""The newest published version served per campaign: a replica's older one is read again.

A replica may be a moment behind the primary. Once this service has answered with a
campaign's published_version N+1 (read on the primary: a moderator, a pinned writer), a
replica still at N must not be served: ETags, tile keys and every cache in front would see
the version go backwards. So each version read is compared with the highest one served:

- worker memory first: a dict per process, free to read;
- then, only for reads that came from a replica, the shared cache (GP_CACHE_URL: Redis, or
  the primary's cache table), which every gunicorn worker and every machine writes the
  highest version it served to. That is one small cache read per delivery request on a
  replica, and one write per campaign and new version per process.

A version read on the primary is never behind: the primary is where versions are made.
Without GP_DATABASE_REPLICAS nothing is noted and nothing is ever behind.
"""

import threading

from django.core.cache import cache

from .routing import READ_ALIAS, reading_replica, replica_aliases

# campaign id -> highest published_version this process has seen served.
_served: dict[int, int] = {}
_lock = threading.Lock()


def _key(campaign_id: int) -> str:
    return f"gp.served_version.{campaign_id}"


def version_is_behind(campaign_id: int, version: int) -> bool:
    """Return whether this published version is older than one already served; else note it."""
    if not replica_aliases():
        return False
    known = _served.get(campaign_id, 0)
    if reading_replica() is None:
        # Read on the primary, where versions are made: never behind. Noted for replica reads.
        if version > known:
            _note(campaign_id, version)
            _share(campaign_id, version)
        return False
    shared = known if version < known else cache.get(_key(campaign_id)) or 0
    if version < shared:
        # The rest of the request reads the primary too: the tile or features it answers must
        # come from the same state as the version in its key and ETag.
        READ_ALIAS.set(None)
        _note(campaign_id, shared)
        return True
    if version > shared:
        _note(campaign_id, version)
        cache.set(_key(campaign_id), version, timeout=None)
    return False


def forget() -> None:
    """Forget the versions this process has seen (tests)."""
    with _lock:
        _served.clear()


def _note(campaign_id: int, version: int) -> None:
    with _lock:
        if version > _served.get(campaign_id, 0):
            _served[campaign_id] = version


def _share(campaign_id: int, version: int) -> None:
    # Not atomic: two processes writing at once may leave the lower of two new versions; the
    # higher one is written again by the next process that reads it on the primary first.
    if (cache.get(_key(campaign_id)) or 0) < version:
        cache.set(_key(campaign_id), version, timeout=None)
