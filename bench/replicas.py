"""Benchmark: tiles read from a streaming replica against tiles read from the primary.

    .venv/bin/python bench/replicas.py [--seconds 10] [--connections 10] [--output BENCHMARKS.md]

One run, both sides on this machine: database gp_bench_replicas, a copy of gp_bench (a million
heat points, made by `make bench-tiles`), served by gunicorn (2 workers) once with every read
on the primary, once with GP_DATABASE_REPLICAS naming a hot standby of the server made by
pg_basebackup -R (tests/replica_helpers.py, removed at the end). Each serves a z17 and a z10
tile uncached (GP_TILE_CACHE=false) and cached, under wrk. The replica's transactions during
its run show that its reads went there. Then the router's cost per request, in process: the
middleware's decision, the router and version_is_behind, with the replica healthy.
"""

import argparse
import atexit
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import psycopg

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

import tiles_tools as tools  # noqa: E402
from report import replace_section  # noqa: E402

from tests.replica_helpers import Replica  # noqa: E402

DB = "gp_bench_replicas"
SOURCE = "gp_bench"
ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/{}"
PORT = 8231
WORKERS = 2
MARK = "<!-- bench/replicas.py -->"
SERVERS = []
# The router's cost, measured inside one Django process (see overhead()).
OVERHEAD = """
import json, time
from django.test import RequestFactory
from geo_participation.campaigns.models import Campaign
from geo_participation.replicas import health, version_is_behind
from geo_participation.replicas.middleware import may_read_replica
from geo_participation.replicas.routing import reads_on
from django.db import router
request = RequestFactory().get("/tiles/hitzepunkte/17/1/1.mvt")
campaign = Campaign.objects.get(slug="hitzepunkte")
alias = health.healthy_replica()
n = 20000
start = time.perf_counter()
for _ in range(n):
    may_read_replica(request) and health.healthy_replica()
    with reads_on(alias):
        router.db_for_read(Campaign)
decide = (time.perf_counter() - start) / n * 1e6
start = time.perf_counter()
for _ in range(2000):
    with reads_on(alias):
        version_is_behind(campaign.pk, campaign.published_version)
versions = (time.perf_counter() - start) / 2000 * 1e6
print("BENCH " + json.dumps({"alias": alias, "decide_us": decide, "version_us": versions}))
"""


def main():
    """Copy gp_bench, make the standby, measure both sides and the router, write the section."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", 10)))
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args()
    database_url = f"postgis://postgres@127.0.0.1:5432/{DB}"
    copy_database(database_url)
    targets = pick_targets()
    standby = Replica()
    atexit.register(standby.remove)
    atexit.register(lambda: [server.stop() for server in SERVERS])
    standby.create()
    replica_url = f"postgis://postgres@127.0.0.1:{standby.port}/{DB}"
    run = {"started": datetime.now(UTC), "args": vars(args), "targets": targets}
    run["machine"] = machine()
    before = replica_transactions(standby)
    run["primary"] = measure(targets, args, database_url, {})
    run["replica"] = measure(targets, args, database_url, {"GP_DATABASE_REPLICAS": replica_url})
    run["replica_transactions"] = replica_transactions(standby) - before
    run["overhead"] = overhead(database_url, replica_url)
    write(run, args.output)


def machine():
    """Return what the figures depend on: cores and versions."""
    with psycopg.connect(ADMIN_URL.format(DB)) as conn:
        query = "SELECT split_part(version(), ' ', 2), postgis_lib_version()"
        postgresql, postgis = conn.execute(query).fetchone()
    return {"node": os.uname().nodename, "cores": os.cpu_count(), "pg": postgresql, "gis": postgis}


def copy_database(database_url):
    """Create gp_bench_replicas from gp_bench (once) and migrate it for this branch."""
    with psycopg.connect(ADMIN_URL.format("postgres"), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB]).fetchone():
            conn.execute(f'CREATE DATABASE {DB} TEMPLATE "{SOURCE}"')
    env = dict(os.environ, DATABASE_URL=database_url)
    for command in (["migrate", "-v0"], ["createcachetable"]):
        subprocess.run([str(ROOT / ".venv/bin/python"), "manage.py", *command], cwd=ROOT, env=env)


def pick_targets():
    """Return the z17 and z10 tile paths of the busiest places of the campaign."""
    with psycopg.connect(ADMIN_URL.format(DB)) as conn:
        query = """
            SELECT ST_X(s.geom_3857), ST_Y(s.geom_3857) FROM submissions_submission s
            JOIN campaigns_campaign c ON c.id = s.campaign_id
            WHERE c.slug = 'hitzepunkte' AND s.status = 'approved' ORDER BY s.id LIMIT 1"""
        x, y = conn.execute(query).fetchone()
    half = 20037508.342789244
    targets = {}
    for z in (17, 10):
        size = 2 * half / 2**z
        column, row = int((x + half) // size), int((half - y) // size)
        targets[f"z{z}"] = f"/tiles/hitzepunkte/{z}/{column}/{row}.mvt"
    return targets


def measure(targets, args, database_url, settings):
    """Return {(tile, cached): Measurement} of one server configuration."""
    results = {}
    for cached in (False, True):
        server = tools.gunicorn(
            port=PORT,
            database_url=database_url,
            cache=cached,
            worker_class="sync",
            workers=WORKERS,
            threads=1,
            settings=settings,
        )
        SERVERS.append(server)
        server.start()
        try:
            for name, path in targets.items():
                url = f"http://127.0.0.1:{PORT}{path}"
                tools.http_get(url)  # warm: the cached run measures the cache, not one miss
                results[(name, cached)] = tools.wrk(
                    url, connections=args.connections, seconds=args.seconds
                )
        finally:
            server.stop()
    return results


def replica_transactions(standby):
    """Return the number of transactions the standby has run in the benchmark database."""
    rows = standby.sql(
        "SELECT xact_commit + xact_rollback FROM pg_stat_database"  # noqa: S608 - a constant
        f" WHERE datname = '{DB}'"
    )
    return int(rows[0][0])


def overhead(database_url, replica_url):
    """Return the router's cost per request in microseconds, measured in one process."""
    env = dict(os.environ, DATABASE_URL=database_url, GP_DATABASE_REPLICAS=replica_url)
    done = subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", "shell", "-c", OVERHEAD],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(row for row in done.stdout.splitlines() if row.startswith("BENCH "))
    return json.loads(line.removeprefix("BENCH "))


def cell(measurement):
    """Return a table cell: tiles per second and p99."""
    if not measurement.rate:
        return f"- ({measurement.note})"
    return f"{measurement.rate:,.0f}/s, p99 {measurement.p99:.1f} ms"


def write(run, output):
    """Print the section and put it into BENCHMARKS.md."""
    machine, args = run["machine"], run["args"]
    lines = [
        MARK,
        "## Read replicas (`make bench-replicas`)",
        "",
        f"Run {run['started']:%Y-%m-%d %H:%M} UTC on {machine['node']} ({machine['cores']}"
        f" cores, PostgreSQL {machine['pg']}, PostGIS {machine['gis']}): gunicorn {WORKERS}"
        " sync workers; wrk"
        f" {args['connections']} connections, {args['seconds']} s each. Primary and replica"
        " share this machine's cores, so the replica adds no capacity here: the figures show"
        " the cost of reading through it, not the gain of a second machine.",
        "",
        "| tile | primary | replica |",
        "|---|---|---|",
    ]
    for name in run["targets"]:
        for cached in (False, True):
            label = f"{name} {'cached' if cached else 'uncached'}"
            key = (name, cached)
            lines.append(f"| {label} | {cell(run['primary'][key])} | {cell(run['replica'][key])} |")
    cost = run["overhead"]
    lines += [
        "",
        f"Transactions on the replica during its runs: {run['replica_transactions']:,}"
        " (none would mean the reads stayed on the primary).",
        f"Router per request (in process, replica `{cost['alias']}` healthy): the decision and"
        f" the router {cost['decide_us']:.1f} µs; `version_is_behind` on a replica read (one"
        f" shared-cache read, the cache table on the primary here) {cost['version_us']:.0f} µs.",
        "",
    ]
    section = "\n".join(lines)
    print(section)
    replace_section(output, section, MARK)


if __name__ == "__main__":
    main()
