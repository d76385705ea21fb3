"""Benchmark: our vector tiles and OGC API items against TiPg and the raw tile SQL.

    .venv/bin/python bench/tiles.py [--seconds 15] [--worker-class auto|sync|gthread]
                                    [--output BENCHMARKS.md] [--database gp_bench]

One run, on a dedicated database `gp_bench` with a million generated heat points:
- ours: gunicorn with 2 workers, uncached (GP_TILE_CACHE=false) and cached (true);
- TiPg: uvicorn with 2 workers and an equal connection pool per worker, serving a view of the
  same rows (approved submissions of the campaign), from its own virtualenv bench/.venv-tipg;
- raw SQL: pgbench running the statement our tile endpoint runs, prepared and pipelined with its
  preamble as ours is (`pgbench -M prepared`, \\startpipeline): the physical limit.
Load comes from wrk (p50 with one connection; tiles/s and p99 at 10 and 50 connections) after a
warm-up. BENCH_SECONDS sets the seconds per measurement. All traffic stays on 127.0.0.1.
"""

import argparse
import atexit
import math
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from psycopg import sql

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

import tiles_check  # noqa: E402
import tiles_report  # noqa: E402
import tiles_tools as tools  # noqa: E402
from tiles_targets import TILE_COUNTS, pick_targets  # noqa: E402, F401 - TILE_COUNTS: bench/cache.py

SLUG = "hitzepunkte"
COUNT = 1_000_000
SEED = 1
DB = "gp_bench"
DATABASE_URL = f"postgis://geo_participation:geo_participation@127.0.0.1:5432/{DB}"
LIBPQ_URL = DATABASE_URL.replace("postgis://", "postgresql://", 1)
ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/{}"
PGBENCH_ARGS = ["-h", "127.0.0.1", "-p", "5432", "-U", "geo_participation", DB]
VIEW = "bench_published"
OURS_PORT, TIPG_PORT = 8201, 8202
WORKERS, THREADS = 2, 8
CONNECTIONS = (1, 10, 50)
# Tiles whose feature ids are compared between ours and TiPg.
CHECKED = ("z14 dense", "z17 sparse")
SERVERS = []
# A view can take no parameters: the campaign id is inlined as a literal.
VIEW_SQL = sql.SQL(
    "CREATE VIEW {view} AS"
    " SELECT id, category_id, support_count, created_at, geom, geom_3857"
    " FROM submissions_submission WHERE status = 'approved' AND campaign_id = {campaign}"
)


def main():
    """Prepare gp_bench, measure raw SQL, ours and TiPg, check the tiles, write the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", 15)))
    parser.add_argument("--warmup", type=int, default=int(os.environ.get("BENCH_WARMUP", 3)))
    parser.add_argument("--worker-class", choices=("auto", "sync", "gthread"), default="auto")
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    # A copy of gp_bench (createdb -T gp_bench) for a run beside others on one machine.
    parser.add_argument("--database", default=DB)
    args = parser.parse_args()
    use_database(args.database)
    # Every command and server of the run, and our SQL module, use the benchmark database.
    os.environ["DATABASE_URL"] = DATABASE_URL
    install_stop_handlers()
    ensure_tools()
    campaign_id = prepare_data()
    targets = pick_targets(LIBPQ_URL, campaign_id)
    run = {"started": datetime.now(UTC), "targets": targets, "args": vars(args), "database": DB}
    run["machine"] = tools.machine(LIBPQ_URL)
    run["ours_sql"], run["raw"] = raw_sql(targets, campaign_id, args)
    run["workers"], run["worker_class"] = choose_worker_class(targets, args)
    pool = THREADS if run["worker_class"] == "gthread" else 1
    run["pool"] = pool
    run["ours"] = measure_ours(targets, args, run["worker_class"], cache=False)
    # The low zooms as the task queue's worker leaves them after a change: rendered ahead.
    manage("prerender_tiles", SLUG)
    run["cached"] = measure_ours(targets, args, run["worker_class"], cache=True)
    run["tipg"] = measure_tipg(targets, args, pool)
    uncapped = fetch_uncapped(targets, run["worker_class"])
    run["check"] = {
        name: tiles_check.compare_tiles(
            LIBPQ_URL, name, targets[name], uncapped[name], run["tipg"].pop(f"_{name}")
        )
        for name in CHECKED
    }
    run["capped"] = {name: tiles_check.features_of(run["ours"].pop(f"_{name}")) for name in CHECKED}
    tiles_report.write(run, args.output)


def use_database(name):
    """Point every command, server and pgbench of the run at database `name`."""
    global DB, DATABASE_URL, LIBPQ_URL, PGBENCH_ARGS
    DB = name
    DATABASE_URL = f"postgis://geo_participation:geo_participation@127.0.0.1:5432/{DB}"
    LIBPQ_URL = DATABASE_URL.replace("postgis://", "postgresql://", 1)
    PGBENCH_ARGS = [*PGBENCH_ARGS[:-1], DB]


def install_stop_handlers():
    """Stop every server we started, on normal exit, an exception, Ctrl+C or SIGTERM."""
    atexit.register(stop_all)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda number, _frame: sys.exit(128 + number))


def stop_all():
    """Stop every server this run started."""
    for server in SERVERS:
        server.stop()


def ensure_tools():
    """Install wrk, TiPg's virtualenv and mapbox-vector-tile when they are missing."""
    if subprocess.run(["sh", "-c", "command -v wrk"], capture_output=True).returncode:
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=True)
    tipg_venv = BENCH / ".venv-tipg"
    if not (tipg_venv / "bin/uvicorn").exists():
        subprocess.run([sys.executable, "-m", "venv", str(tipg_venv)], check=True)
        subprocess.run([tipg_venv / "bin/pip", "install", "-q", "tipg", "uvicorn"], check=True)
    try:
        import mapbox_vector_tile  # noqa: F401
    except ImportError:
        pip = [sys.executable, "-m", "pip", "install", "-q", "mapbox-vector-tile>=2.1"]
        subprocess.run(pip, check=True)


def manage(*command):
    """Run a manage.py command against gp_bench, discarding its output."""
    env = dict(os.environ, DATABASE_URL=DATABASE_URL)
    subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", *command],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def prepare_data():
    """Create and fill gp_bench when needed; return the campaign's id."""
    with psycopg.connect(ADMIN_URL.format("postgres"), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB]).fetchone():
            conn.execute(f"CREATE DATABASE {DB} OWNER geo_participation")
    with psycopg.connect(ADMIN_URL.format(DB), autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    manage("migrate", "--verbosity", "0")
    manage("createcachetable")
    # load_demo refreshes the demo campaigns, which deletes their submissions: only on a database
    # without the campaign, so a rerun keeps the million rows instead of generating them again.
    if campaign_rows()[0] is None:
        manage("load_demo")
    campaign_id, rows = campaign_rows()
    if rows < COUNT:
        print(f"{SLUG} has {rows:,} rows; generating {COUNT:,} ...", flush=True)
        manage("generate_submissions", "--campaign", SLUG, "--count", str(COUNT), "--seed", "1")
    with psycopg.connect(LIBPQ_URL, autocommit=True) as conn:
        # As autovacuum would in time: fresh statistics, and a visibility map, so that tile
        # cells are read index-only.
        conn.execute("VACUUM ANALYZE submissions_submission")
        conn.execute("VACUUM ANALYZE submissions_tilecell")
        # A plain view is inlined into TiPg's query, so the GiST index on geom_3857 is used.
        conn.execute(sql.SQL("DROP VIEW IF EXISTS {view}").format(view=sql.Identifier(VIEW)))
        conn.execute(VIEW_SQL.format(view=sql.Identifier(VIEW), campaign=sql.Literal(campaign_id)))
    return campaign_id


def campaign_rows():
    """Return the campaign's id and number of submissions, or (None, 0) when it is missing."""
    with psycopg.connect(LIBPQ_URL) as conn:
        found = conn.execute("SELECT id FROM campaigns_campaign WHERE slug = %s", [SLUG]).fetchone()
        if found is None:
            return None, 0
        count = "SELECT count(*) FROM submissions_submission WHERE campaign_id = %s"
        return found[0], conn.execute(count, [found[0]]).fetchone()[0]


def urls(server, target):
    """Return the URL of a target on a server: ours or TiPg."""
    if server == "ours":
        base = f"http://127.0.0.1:{OURS_PORT}"
        if "bbox" in target:
            return f"{base}/ogc/collections/{SLUG}/items?bbox={target['bbox']}&limit=1000"
        return f"{base}/tiles/{SLUG}/{target['z']}/{target['x']}/{target['y']}.mvt"
    base = f"http://127.0.0.1:{TIPG_PORT}/collections/public.{VIEW}"
    if "bbox" in target:
        # geom (EPSG:4326) for items, as ours: no per-row reprojection of the Mercator copy.
        return f"{base}/items?bbox={target['bbox']}&limit=1000&geom-column=geom"
    return f"{base}/tiles/WebMercatorQuad/{target['z']}/{target['x']}/{target['y']}"


def wait_idle(grace=3.0):
    """Let gp_bench fall idle before the next run; cancel what the last run left behind.

    wrk stops after its time, but the server still works through the requests it accepted
    (and pgbench through its statements); those would be counted against the next run.
    """
    busy = (
        "SELECT pid FROM pg_stat_activity WHERE datname = %s AND state = 'active'"
        " AND pid <> pg_backend_pid()"
    )
    deadline = time.monotonic() + grace
    with psycopg.connect(LIBPQ_URL, autocommit=True) as conn:
        quiet = 0
        while quiet < 3:
            pids = [row[0] for row in conn.execute(busy, [DB])]
            quiet = 0 if pids else quiet + 1
            if pids and time.monotonic() > deadline:
                for pid in pids:
                    conn.execute("SELECT pg_cancel_backend(%s)", [pid])
            time.sleep(0.3)


def measure(server, targets, args, *, connections=CONNECTIONS, names=None):
    """Return {target: {connections: Measurement}} for one running server."""
    results = {}
    for name, target in targets.items():
        if names and name not in names:
            continue
        url = urls(server, target)
        status = tools.http_status(url, timeout=300)
        if status != 200:
            print(f"  {server} {name}: HTTP {status} from {url}; skipped", flush=True)
            results[name] = {"skipped": f"HTTP {status}"}
            continue
        tools.wrk(url, connections=2, seconds=args.warmup)
        wait_idle()
        results[name] = {}
        for c in connections:
            m = tools.wrk(url, connections=c, seconds=args.seconds)
            wait_idle()
            results[name][c] = m
            print(f"  {server} {name} c={c}: {fmt(m)}", flush=True)
    return results


def fmt(m):
    """Return a measurement as one line: rate, p50, p99 and any note."""
    p50 = "-" if m.p50 is None else f"{m.p50:.1f}"
    p99 = "-" if m.p99 is None else f"{m.p99:.1f}"
    return f"{m.rate:,.1f}/s p50 {p50} ms p99 {p99} ms {m.note}"


def start(server):
    """Start a server and remember it, so that stop_all stops it."""
    SERVERS.append(server)
    return server.start()


def ours_server(worker_class, cache, settings=None):
    """Return our gunicorn server on gp_bench (not started), with the tile cache on or off."""
    return tools.gunicorn(
        port=OURS_PORT,
        database_url=DATABASE_URL,
        cache=cache,
        worker_class=worker_class,
        workers=WORKERS,
        threads=THREADS,
        settings=settings,
    )


def choose_worker_class(targets, args):
    """Measure sync against gthread on the z14 and z17 tiles; return both and the winner."""
    if args.worker_class != "auto":
        return {}, args.worker_class
    compared, score = {}, {}
    for worker_class in ("sync", "gthread"):
        print(f"ours ({worker_class}, uncached), worker class comparison", flush=True)
        server = start(ours_server(worker_class, cache=False))
        try:
            names = ("z14 dense", "z17 sparse")
            compared[worker_class] = measure(
                "ours", targets, args, connections=(10, 50), names=names
            )
        finally:
            server.stop()
        rates = [
            m.rate
            for r in compared[worker_class].values()
            if "skipped" not in r
            for m in r.values()
        ]
        score[worker_class] = math.prod(max(r, 1e-9) for r in rates) ** (1 / max(len(rates), 1))
    winner = max(score, key=score.get) if any(score.values()) else "gthread"
    return compared, winner


def measure_ours(targets, args, worker_class, cache):
    """Measure our server; uncached, also keep the CHECKED tiles for the comparison."""
    label = "cached" if cache else "uncached"
    print(f"ours ({worker_class}, {label})", flush=True)
    server = start(ours_server(worker_class, cache))
    try:
        chosen = {k: v for k, v in targets.items() if not (cache and "bbox" in v)}
        results = measure("ours", chosen, args)
        if not cache:
            for name in CHECKED:
                results[f"_{name}"] = tools.http_get(urls("ours", targets[name]))
    finally:
        server.stop()
    return results


# Caps no benchmark tile reaches: for the feature comparison with TiPg, whose cap is raised too.
UNCAPPED = {"GP_TILE_MAX_FEATURES": "100000000", "GP_TILE_MAX_BYTES": str(1 << 30)}


def fetch_uncapped(targets, worker_class):
    """Return the CHECKED tiles from our server with its feature and byte caps lifted.

    With the caps, a tile of more than GP_TILE_MAX_FEATURES places is answered as grid cells,
    so only an uncapped server can show that we select the same rows as TiPg.
    """
    print("ours (uncapped, for the feature check)", flush=True)
    server = start(ours_server(worker_class, cache=False, settings=UNCAPPED))
    try:
        return {name: tools.http_get(urls("ours", targets[name]), timeout=600) for name in CHECKED}
    finally:
        server.stop()


def measure_tipg(targets, args, pool):
    """Measure TiPg on the same rows and keep its CHECKED tiles for the comparison."""
    print(f"TiPg (pool {pool} per worker)", flush=True)
    server = start(
        tools.tipg(port=TIPG_PORT, database_url=LIBPQ_URL, view=VIEW, workers=WORKERS, pool=pool)
    )
    try:
        results = measure("tipg", targets, args)
        for name in CHECKED:
            results[f"_{name}"] = tools.http_get(urls("tipg", targets[name]))
    finally:
        server.stop()
    return results


def raw_sql(targets, campaign_id, args):
    """Run our tile statement for each tile through pgbench; return its source and results."""
    import tiles_sql

    results = {}
    source = None
    for name, target in targets.items():
        if "bbox" in target:
            continue
        script, source = tiles_sql.statement(LIBPQ_URL, campaign_id=campaign_id, **target)
        results[name] = {}
        for c in CONNECTIONS:
            m = tools.pgbench(script, dsn_args=PGBENCH_ARGS, clients=c, seconds=args.seconds)
            wait_idle()
            results[name][c] = m
            print(f"  raw SQL {name} c={c}: {fmt(m)}", flush=True)
    return source, results


if __name__ == "__main__":
    try:
        main()
    finally:
        stop_all()
