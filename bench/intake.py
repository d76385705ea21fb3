"""Benchmark: intake (POST a point submission) against raw single-row INSERTs of the same rows.

    .venv/bin/python bench/intake.py [--seconds 15] [--warmup 3] [--connections 10]
        [--workers 2] [--profile-requests 300] [--database-url URL] [--output BENCHMARKS.md]

One run, on its own database (default `gp_bench_intake`, created with the demo data by
`manage.py load_demo` when missing):
- ours: gunicorn as scripts/serve.sh runs it (sync workers, DEBUG off), wrk with 10
  connections POSTing valid point submissions to /api/campaigns/hitzepunkte/submissions/,
  anonymous with a client cookie each as a phone sends them, with a unique Idempotency-Key
  per request and without one. The throttle is active as in production, with its rates
  raised for the run (GP_SUBMISSION_RATE, GP_ANONYMOUS_CLIENTS_PER_ADDRESS);
- raw SQL: pgbench with 10 clients running a single-row INSERT of the same row (the same
  columns, `near` computed by the same SQL function; the generated column, constraints, indexes
  and triggers fire on both);
- the profile (bench/intake_profile.py): what one POST spends on each phase and statement.
Every row a run adds is deleted again afterwards, so the demo database keeps its size.
"""

import argparse
import atexit
import json
import os
import platform
import socket
import subprocess
import sys
import urllib.request
import uuid
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from pathlib import Path

import psycopg

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

import intake_report  # noqa: E402
import tiles_tools as tools  # noqa: E402
from report import replace_section  # noqa: E402

SLUG = "hitzepunkte"
PATH = f"/api/campaigns/{SLUG}/submissions/"
DATABASE_URL = "postgis://geo_participation:geo_participation@127.0.0.1:5432/gp_bench_intake"
ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/{}"
WRK_SCRIPT = BENCH / "wrk_intake.lua"
# Raised for the run, so that the benchmark measures intake rather than refusals; the
# throttle still counts every request in its budgets.
RATES = {"GP_SUBMISSION_RATE": "100000000/hour", "GP_ANONYMOUS_CLIENTS_PER_ADDRESS": "50"}
# The same row ours stores: Django's INSERT, with `near` computed as in near.py.
INSERT = """
\\set lon random(0, 120000)
\\set lat random(0, 50000)
INSERT INTO submissions_submission (campaign_id, category_id, geom, comment, answers, near,
    author_id, client_id, status, moderated_by_id, moderated_at, moderation_reason, created_at,
    support_count, public_status, answer, responded_at, language, reference_id)
SELECT {campaign}, {category}, g, 'Bench', '{{"time_of_day": "daytime", "intensity": 3}}',
    gp_submission_near(ST_Transform(g, 3857), false, {grid}), NULL, 'pgbench-client',
    'pending', NULL, NULL, '', now(), 0, 'received', '', NULL, 'de', NULL
FROM (SELECT ST_SetSRID(ST_MakePoint(7.70 + :lon / 1e6, 49.41 + :lat / 1e6), 4326) AS g) p
RETURNING id;
"""


def libpq(url):
    """Return a libpq URL of a Django database URL."""
    return url.replace("postgis://", "postgresql://", 1)


def main():
    """Prepare the database, measure pgbench, ours with and without keys, profile, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", 15)))
    parser.add_argument("--warmup", type=int, default=int(os.environ.get("BENCH_WARMUP", 3)))
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--profile-requests", type=int, default=300)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_INTAKE_DB", DATABASE_URL))
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    prepare_database(args.database_url)
    run = {"started": datetime.now(UTC), "args": vars(args) | {"output": str(args.output)}}
    run["machine"] = machine(args.database_url)
    with psycopg.connect(libpq(args.database_url), autocommit=True) as conn:
        first = conn.execute("SELECT coalesce(max(id), 0) FROM submissions_submission").fetchone()
        try:
            run["pgbench"] = raw_inserts(conn, args)
            run["ours"] = measure_ours(args)
            run["profile"] = {key: profile(args, key=key) for key in ("key", "nokey")}
        finally:
            clean_up(conn, first[0], run["started"])
    # The figures as JSON beside the report, for a closer look.
    tools.RESULTS.mkdir(exist_ok=True)
    (tools.RESULTS / "intake.json").write_text(json.dumps(run, default=str, indent=1))
    text = intake_report.section(run)
    print(text)
    replace_section(args.output, text, intake_report.MARK)


def prepare_database(url):
    """Create the benchmark database with the demo data when missing; migrate it."""
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(ADMIN_URL.format("postgres"), autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            owner = psycopg.conninfo.conninfo_to_dict(libpq(url)).get("user", "postgres")
            admin.execute(f'CREATE DATABASE "{name}" OWNER "{owner}"')
            with psycopg.connect(ADMIN_URL.format(name), autocommit=True) as db:
                db.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    manage("migrate", "-v0")
    manage("createcachetable")
    with psycopg.connect(libpq(url)) as conn:
        if not conn.execute("SELECT 1 FROM campaigns_campaign WHERE slug = %s", [SLUG]).fetchone():
            manage("load_demo")


def manage(*command):
    """Run a manage.py command on the benchmark database."""
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *command], check=True, cwd=ROOT)


def machine(url):
    """Return what the figures depend on: cores, memory, versions, commit settings."""
    with psycopg.connect(libpq(url)) as conn:
        pg = conn.execute("SHOW server_version").fetchone()[0].split()[0]
        sync = conn.execute("SHOW synchronous_commit").fetchone()[0]
        rows = conn.execute("SELECT count(*) FROM submissions_submission").fetchone()[0]
    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return {
        "node": platform.node(),
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kb / 2**20),
        "python": platform.python_version(),
        "postgresql": pg,
        "synchronous_commit": sync,
        "rows_before": rows,
    }


def raw_inserts(conn, args):
    """Return pgbench's Measurement of the single-row INSERT of the same rows."""
    campaign, category, grid = conn.execute(
        "SELECT c.id, k.id, c.sensitive_grid_3857 FROM campaigns_campaign c"
        " JOIN campaigns_category k ON k.campaign_id = c.id WHERE c.slug = %s",
        [SLUG],
    ).fetchone()
    sql = INSERT.format(campaign=campaign, category=category, grid=repr(grid))
    info = psycopg.conninfo.conninfo_to_dict(libpq(args.database_url))
    dsn = ["-h", info.get("host", "127.0.0.1"), "-p", str(info.get("port", 5432))]
    dsn += ["-U", info.get("user", "postgres"), info["dbname"]]
    # Prepared, as psycopg runs a repeated statement: the INSERT's own cost, nothing of parsing.
    script = (sql, ["-M", "prepared"])
    tools.pgbench(script, dsn_args=dsn, clients=args.connections, seconds=args.warmup)
    result = tools.pgbench(script, dsn_args=dsn, clients=args.connections, seconds=args.seconds)
    return vars(result)


def free_port():
    """Return a port of 127.0.0.1 nothing listens on (other benchmarks pick fixed ones)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def measure_ours(args):
    """Return wrk's Measurements of ours, with and without Idempotency-Key."""
    port = free_port()
    server = tools.gunicorn(
        port=port,
        database_url=args.database_url,
        cache=False,
        worker_class="sync",
        workers=args.workers,
        threads=1,
        settings=RATES,
    )
    atexit.register(server.stop)
    server.start()
    try:
        base = f"http://127.0.0.1:{port}"
        cookies = client_cookies(base, args.connections)
        results = {}
        for mode in ("key", "nokey"):
            post(base, mode, cookies, args, args.warmup)
            results[mode] = vars(post(base, mode, cookies, args, args.seconds))
        return results
    finally:
        server.stop()


def client_cookies(base, count):
    """Return the signed client cookies of `count` phones that loaded the campaign's list."""
    cookies = []
    for _ in range(count):
        with urllib.request.urlopen(base + PATH, timeout=60) as response:
            jar = SimpleCookie(response.headers["Set-Cookie"])
            cookies.append(jar["gp_client"].value)
    return cookies


def post(base, mode, cookies, args, seconds):
    """Return a Measurement of wrk POSTing submissions (mode: key or nokey)."""
    threads = min(args.connections, 2)
    argv = ["wrk", f"-t{threads}", f"-c{args.connections}", f"-d{seconds}s"]
    argv += ["--timeout", tools.WRK_TIMEOUT, "-s", str(WRK_SCRIPT), base]
    argv += ["--", PATH, mode, uuid.uuid4().hex[:12], *cookies]
    out = subprocess.run(argv, capture_output=True, text=True, check=True, cwd=BENCH).stdout
    line = next(row for row in out.splitlines() if row.startswith("BENCH "))
    data = json.loads(line.removeprefix("BENCH "))
    good = data["requests"] - data["non2xx"]
    errors = data["non2xx"] + data["connect"] + data["read"] + data["write"] + data["timeout"]
    return tools.Measurement(
        rate=good / (data["duration_us"] / 1e6),
        p50=data["p50_us"] / 1000,
        p99=data["p99_us"] / 1000,
        requests=good,
        errors=errors,
        note=f"{errors} errors/timeouts" if errors else "",
    )


def profile(args, *, key):
    """Return bench/intake_profile.py's breakdown of one POST (with or without a key)."""
    env = dict(os.environ, GP_DEBUG="false", GP_LOG_LEVEL="WARNING", **RATES)
    argv = [sys.executable, str(BENCH / "intake_profile.py")]
    argv += ["--requests", str(args.profile_requests), "--key" if key == "key" else "--no-key"]
    out = subprocess.run(argv, capture_output=True, text=True, check=True, env=env).stdout
    line = next(row for row in out.splitlines() if row.startswith("PROFILE "))
    return json.loads(line.removeprefix("PROFILE "))


def clean_up(conn, first_id, started):
    """Delete what the run added: submissions, idempotency records, throttle counters."""
    conn.execute(
        "DELETE FROM submissions_idempotencykey WHERE created_at >= %s OR submission_id > %s",
        [started, first_id],
    )
    conn.execute("DELETE FROM submissions_submission WHERE id > %s", [first_id])
    conn.execute("DELETE FROM throttling_rate_counter WHERE key LIKE 'throttle:submission:%%'")
    conn.execute("VACUUM ANALYZE submissions_submission")
    conn.execute("VACUUM ANALYZE submissions_idempotencykey")


if __name__ == "__main__":
    main()
