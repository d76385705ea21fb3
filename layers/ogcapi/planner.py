"""How the items queries run on a large table: a cached count, and the cheaper plan.

None of this changes a result; it only changes how PostgreSQL finds it.
"""

import hashlib
from contextlib import contextmanager

from django.core.cache import cache
from django.db import connection, transaction

from geo_participation.submissions.models import Submission

# Counts carry the published version in their key and never go stale; they expire only so
# that counts of old versions leave the cache.
COUNT_TIMEOUT = 3600
# Rows PostgreSQL may walk in id order to fill one page before a bitmap scan plus sort of
# every match is cheaper (measured on a million rows: 50,000 rows take about 30 ms).
ORDERED_WALK_BUDGET = 50_000


@contextmanager
def tuned():
    """Run the enclosed queries in one transaction, so SET LOCAL plan hints stay within it."""
    # JIT is off for every connection (settings.DATABASES); it cost about a second per bbox
    # query on a million rows.
    with transaction.atomic(), connection.cursor() as cursor:
        yield cursor


def prefer_id_order(cursor, *, matched: int, wanted: int) -> None:
    """Walk the primary key in id order when the page fills up quickly that way."""
    # PostgreSQL cannot estimate how many rows the published-geometry test keeps (it guesses
    # a tiny share), so for a large bbox it scans and sorts every match to return the first
    # thousand. Walking the ids in order stops after the page: about wanted * rows / matched
    # rows. The count is known, so the choice is made here instead.
    rows = _table_rows(cursor)
    if matched and rows > 0 and wanted * rows / matched <= ORDERED_WALK_BUDGET:
        cursor.execute("SET LOCAL enable_sort = off")
        # Starting parallel workers costs more than the short walk they would share.
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")


def _table_rows(cursor) -> float:
    # The planner's own row estimate (kept by ANALYZE); -1 until the table was analysed.
    cursor.execute(
        "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [Submission._meta.db_table]
    )
    row = cursor.fetchone()
    return row[0] if row else -1


def cached_count(qs, *, campaign, who: str, filters: tuple) -> int:
    """Return qs.count(), reused while the campaign's published data and the filters match."""
    # Counting half a million matches takes a few hundred milliseconds, and a client paging
    # through them asks again for every page. The published version, which database triggers
    # bump on every change to what is published, is in the key, and the class of viewer (who,
    # queries.viewer_class): the positions a bbox matches depend on it.
    digest = hashlib.sha256(repr(filters).encode()).hexdigest()[:32]
    key = f"ogc.count.{campaign.pk}.{campaign.published_version}.{who}.{digest}"
    matched = cache.get(key)
    if matched is None:
        matched = qs.count()
        cache.set(key, matched, COUNT_TIMEOUT)
    return matched
