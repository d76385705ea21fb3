"""Sliding-window rate counters that every worker shares: one statement per request.

A throttle counts every write, so its bookkeeping must cost less than the write: all budgets of
a request are counted, and their previous buckets read, in one upsert on an UNLOGGED table
(migration 0001), which commits without a WAL flush. (Counting in Django's database cache took
six statements and two commits per budget.)

Each budget is a sliding window approximated by two fixed buckets (Cloudflare's sliding-window
counter): the previous bucket weighs as much as it still overlaps the window ending now, so a
burst at the end of one hour and another at the start of the next cannot add up to twice the
limit, and each client keeps two numbers, not a log of its requests.
"""

import random
import time

from django.db import connection

# About one request in this many also deletes the buckets no window weighs any more.
PRUNE_EVERY = 1000

COUNT = """
WITH asked (key, bucket, expires) AS (
    SELECT * FROM unnest(%s::text[], %s::bigint[], %s::float8[])
),
counted AS (
    -- In key order, so that two requests sharing budgets lock their rows in the same order.
    INSERT INTO throttling_rate_counter AS c (key, bucket, count, expires)
    SELECT key, bucket, 1, expires FROM asked ORDER BY key
    ON CONFLICT (key, bucket) DO UPDATE SET count = c.count + 1
    RETURNING c.key, c.count
)
SELECT counted.key, counted.count, coalesce(previous.count, 0)
FROM counted
JOIN asked ON asked.key = counted.key
LEFT JOIN throttling_rate_counter previous
    ON previous.key = asked.key AND previous.bucket = asked.bucket - 1
"""

GIVE_BACK = """
UPDATE throttling_rate_counter SET count = count - 1
WHERE (key, bucket) IN (SELECT * FROM unnest(%s::text[], %s::bigint[]))
"""

PRUNE = "DELETE FROM throttling_rate_counter WHERE expires < %s"


def take(budgets: list[tuple[str, int, int]]) -> float | None:
    """Count one request in each budget (key, limit, period in seconds) unless that passes a
    limit; return None when counted, else the seconds until it would fit (counting nothing)."""
    now = time.time()
    buckets = [int(now // period) for _key, _limit, period in budgets]
    keys = [key for key, _limit, _period in budgets]
    # A bucket is kept through the next one, which weighs it.
    expires = [
        (bucket + 2) * period for bucket, (_k, _l, period) in zip(buckets, budgets, strict=True)
    ]
    with connection.cursor() as cursor:
        cursor.execute(COUNT, [keys, buckets, expires])
        counts = {key: (count, previous) for key, count, previous in cursor.fetchall()}
        waits = []
        for (key, limit, period), bucket in zip(budgets, buckets, strict=True):
            count, previous = counts[key]
            elapsed = now / period - bucket
            if previous * (1 - elapsed) + count > limit:
                waits.append(_wait(previous, count - 1, limit, elapsed) * period)
        if waits:
            # A refused request is taken back: hammering a full window does not lengthen the
            # wait, and a budget that had room loses nothing to another's refusal.
            cursor.execute(GIVE_BACK, [keys, buckets])
            return max(waits)
        if random.random() * PRUNE_EVERY < 1:  # noqa: S311 - no secret, a sampling rate
            prune(now)
    return None


def prune(now: float | None = None) -> int:
    """Delete the buckets no window weighs any more; return how many."""
    with connection.cursor() as cursor:
        cursor.execute(PRUNE, [time.time() if now is None else now])
        return cursor.rowcount


def _wait(previous: int, current: int, limit: int, elapsed: float) -> float:
    """Return the part of a period until one more request fits, if no other arrives."""
    if current + 1 <= limit and previous:
        # The current bucket has room: wait until the previous one weighs little enough.
        return max(0.0, 1 - (limit - current - 1) / previous - elapsed)
    # Wait for the next bucket, in which this one weighs as the previous.
    return 1 - elapsed + (max(0.0, 1 - (limit - 1) / current) if current else 0.0)
