"""Compute once per published version: the one mechanism behind density grids and cell runs.

Every result is named by a key holding the campaign, its published_version (bumped by database
triggers whenever what the campaign publishes changes), the normalised filters and arguments,
and the code revision; a new version is a new key, so nothing stale is ever served. The first
request for a key computes it while holding a PostgreSQL advisory lock on the key; every other
request for it, in any thread or worker process, waits on that lock and then finds the stored
result. A worker that fails releases the lock with its transaction, and the next one computes.
"""

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.db import connection, transaction

T = TypeVar("T")


def once(key: str, *, find: Callable[[], T | None], compute: Callable[[], T]) -> T:
    """Return find()'s result, or compute() it under the key's lock so that it runs once."""
    found = find()
    if found is not None:
        return found
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Released at the end of the transaction, also when compute() fails.
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])
        # Looked up again: the lock may have been waited for while another worker computed it.
        found = find()
        if found is not None:
            return found
        return compute()


def revision(*parts) -> str:
    """Return a short hash of the code that shapes results besides the data (SQL, constants)."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:10]
