"""Where one intake POST spends its time: the request path's phases and its SQL statements.

    .venv/bin/python bench/intake_profile.py --requests 300 [--key | --no-key]

Run by bench/intake.py in its own process on the benchmark database (DATABASE_URL). It sends
the requests in-process through Django's test client (the whole middleware stack, DEBUG off,
the throttle active with its rates raised by the caller's environment) and prints one JSON
line: milliseconds per request of each phase, of each kind of statement (timed around the
round trip, COMMIT included) with their counts, and of the insert's triggers (EXPLAIN ANALYZE
of the same INSERT, rolled back). The posts it adds stay: bench/intake.py deletes them after
its run.
"""

import argparse
import json
import os
import random
import sys
import time
import uuid
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_participation.settings")
os.environ.setdefault("GP_ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from geo_participation.submissions import api, idempotency, services  # noqa: E402

SLUG = "hitzepunkte"

# Statement kinds, by the first table or function a statement names (first match wins).
KINDS = (
    ("throttle", ("throttling_rate_counter", "gp_cache")),
    ("idempotency", ("submissions_idempotencykey",)),
    ("insert (with triggers)", ('INSERT INTO "submissions_submission"',)),
    ("near", ("gp_submission_near",)),
    ("transaction control", ("SAVEPOINT", "RELEASE", "ROLLBACK")),
)


def kind_of(sql: str) -> str:
    """Return the kind of a statement for the breakdown ("lookups" when none matches)."""
    for kind, marks in KINDS:
        if any(mark in sql for mark in marks):
            return kind
    return "lookups (campaign, category, ...)"


class Clock:
    """Milliseconds summed per name, with counts."""

    def __init__(self):
        self.ms, self.count = defaultdict(float), defaultdict(int)

    def add(self, name, seconds):
        """Add one timing of name."""
        self.ms[name] += seconds * 1000
        self.count[name] += 1

    def wrap(self, owner, attribute, name):
        """Time every call of owner.attribute under name."""
        original = getattr(owner, attribute)

        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.add(name, time.perf_counter() - start)

        setattr(owner, attribute, timed)


def body(rng, n):
    """Return a valid point submission inside the demo campaign's area."""
    point = [round(7.70 + rng.random() * 0.12, 6), round(49.41 + rng.random() * 0.05, 6)]
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": point},
        "properties": {
            "category": "hitzepunkt",
            "comment": f"Profile {n}",
            "answers": {"time_of_day": "daytime", "intensity": n % 5 + 1},
        },
    }


def trigger_ms(samples=20):
    """Return the milliseconds the insert triggers take per single-row INSERT, by trigger."""
    totals = defaultdict(float)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.campaign_id, s.category_id, s.geom FROM submissions_submission s"
            " JOIN campaigns_campaign c ON c.id = s.campaign_id WHERE c.slug = %s LIMIT 1",
            [SLUG],
        )
        campaign, category, geom = cursor.fetchone()
        for sample in range(samples + 1):
            cursor.execute("BEGIN")
            cursor.execute(
                "EXPLAIN (ANALYZE, FORMAT JSON) INSERT INTO submissions_submission"
                " (campaign_id, category_id, geom, comment, answers, client_id, status,"
                " moderation_reason, created_at, support_count, language)"
                " VALUES (%s, %s, %s, '', '{}', 'profile', 'pending', '', now(), 0, '')",
                [campaign, category, geom],
            )
            plan = cursor.fetchone()[0]
            cursor.execute("ROLLBACK")
            plan = json.loads(plan) if isinstance(plan, str) else plan
            if sample == 0:
                continue  # the first call compiles the trigger functions
            for trigger in plan[0].get("Triggers", []):
                totals[trigger["Trigger Name"]] += trigger["Time"] / samples
    return dict(totals)


def backend_cpu_seconds():
    """Return the CPU seconds this connection's PostgreSQL backend has used, or None when it
    runs on another host (its /proc entry is not ours to read)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # utime and stime, fields 14 and 15 of proc(5), counted after the command name.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    """Send the requests, timing phases and statements; print the breakdown as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--key", action=argparse.BooleanOptionalAction, default=True)
    args = parser.parse_args()
    clock, statements = Clock(), Clock()
    clock.wrap(api.SubmissionThrottle, "allow_request", "throttle")
    clock.wrap(idempotency, "run_once", "idempotency + handler")
    clock.wrap(services, "submission_create", "validation + insert")
    clock.wrap(api.SubmissionFeatureSerializer, "to_representation", "serializer")
    commit = connection._commit

    def timed_commit():
        start = time.perf_counter()
        try:
            return commit()
        finally:
            statements.add("commit", time.perf_counter() - start)

    def record(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.add(kind_of(sql), time.perf_counter() - start)

    client = Client()
    url = f"/api/campaigns/{SLUG}/submissions/"
    client.get(url)  # the client cookie, as the map page hands it out
    rng = random.Random(1)
    run = uuid.uuid4().hex[:8]
    for n in range(20):  # warm up: imports, connection, caches
        client.post(url, body(rng, n), content_type="application/json")
    clock.ms.clear()  # the warm-up's phases do not count
    clock.count.clear()
    connection._commit = timed_commit
    # CPU time, unlike wall time, does not grow when other processes share the cores.
    cpu_before = time.process_time(), backend_cpu_seconds()
    with connection.execute_wrapper(record):
        start = time.perf_counter()
        for n in range(args.requests):
            headers = {"Idempotency-Key": f"profile-{run}-{n}"} if args.key else {}
            response = client.post(
                url, body(rng, n), content_type="application/json", headers=headers
            )
            assert response.status_code == 201, response.content[:300]
        total = time.perf_counter() - start
    connection._commit = commit
    python_cpu = time.process_time() - cpu_before[0]
    backend_after = backend_cpu_seconds()
    backend_cpu = None if cpu_before[1] is None else backend_after - cpu_before[1]
    per = 1 / args.requests
    result = {
        "requests": args.requests,
        "total_ms": total * 1000 * per,
        "python_cpu_ms": python_cpu * 1000 * per,
        "postgres_cpu_ms": None if backend_cpu is None else backend_cpu * 1000 * per,
        "phases_ms": {name: ms * per for name, ms in clock.ms.items()},
        "statements_ms": {name: ms * per for name, ms in statements.ms.items()},
        "statements_per_request": {name: n * per for name, n in statements.count.items()},
        "triggers_ms": trigger_ms(),
    }
    print("PROFILE " + json.dumps(result))


if __name__ == "__main__":
    main()
