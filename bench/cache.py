"""Benchmark: cached tiles through gunicorn (server-side tile cache warm) and through nginx.

    .venv/bin/python bench/cache.py [--seconds 10] [--warmup 3] [--database-url URL]
                                    [--output BENCHMARKS.md]

One run, both servers side by side: our gunicorn (2 workers, GP_TILE_CACHE on, every tile
already in the workers' memory) and Debian's nginx with deploy/nginx/ in front of that same
gunicorn (every tile already in nginx's cache: each request is an X-Cache-Status HIT). wrk
measures tiles/s and p99 at 10 and 50 connections for a sparse z17 tile and a dense z14 tile of
the million-point campaign of `make bench-tiles` (database gp_bench, or a copy of it named by
--database-url). Targets (issue 15): >= 2,000 tiles/s through gunicorn, >= 10,000 through nginx.
"""

import argparse
import atexit
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import psycopg

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(BENCH))

import report  # noqa: E402
import tiles  # noqa: E402
import tiles_tools as tools  # noqa: E402

from tests.nginx_helpers import NGINX, Nginx  # noqa: E402

MARK = "<!-- bench/cache.py -->"
PORT = 8211
CONNECTIONS = (10, 50)
TARGETS = {"gunicorn": 2_000, "nginx": 10_000}
# The sparse z17 tile is what most requests of a city map are; the dense z14 one is large.
TILES = {
    "z17 sparse": "WHERE n <= 5 ORDER BY n DESC, x, y",
    "z14 dense": "ORDER BY n DESC, x, y",
}


def pick_tiles(libpq_url: str) -> dict:
    """Return the tiles to measure, {name: (z, x, y, points)}, found by bench/tiles.py's SQL."""
    with psycopg.connect(libpq_url) as conn:
        found = conn.execute("SELECT id FROM campaigns_campaign WHERE slug = %s", [tiles.SLUG])
        campaign = found.fetchone()
        if campaign is None:
            sys.exit(f"no campaign {tiles.SLUG!r}: run `make bench-tiles` first (it builds it)")
        picked = {}
        for name, order in TILES.items():
            z = int(name.split()[0][1:])
            query = f"SELECT * FROM ({tiles.TILE_COUNTS}) t {order} LIMIT 1"  # noqa: S608
            picked[name] = (z, *conn.execute(query, {"campaign": campaign[0], "z": z}).fetchone())
    return picked


def warm(url: str) -> int:
    """Fetch a tile until both gunicorn workers keep it in memory; return its size in bytes."""
    for _ in range(20):
        status, body = tools.http_get(url)
        assert status == 200, f"HTTP {status} from {url}"
    return len(body)


def measure(args, picked: dict) -> list[dict]:
    """Return one row per tile and connection count: both servers, same run."""
    server = tools.gunicorn(
        port=PORT,
        database_url=args.database_url,
        cache=True,
        worker_class="sync",
        workers=args.workers,
        threads=1,
    )
    atexit.register(server.stop)
    server.start()
    nginx = Nginx(f"127.0.0.1:{PORT}", workers=args.nginx_workers)
    atexit.register(nginx.stop)
    nginx.start()
    rows = []
    for name, (z, x, y, points) in picked.items():
        path = f"/tiles/{tiles.SLUG}/{z}/{x}/{y}.mvt"
        urls = {"gunicorn": f"http://127.0.0.1:{PORT}{path}"}
        urls["nginx"] = f"http://127.0.0.1:{nginx.port}{path}"
        size = warm(urls["gunicorn"])
        # Twice through nginx: the first is a MISS that stores it, the second must be a HIT.
        nginx.get(path)
        assert nginx.get(path)[1]["X-Cache-Status"] == "HIT", f"nginx did not keep {path}"
        for url in urls.values():
            tools.wrk(url, connections=2, seconds=args.warmup)
        for connections in CONNECTIONS:
            row = {"tile": name, "points": points, "bytes": size, "connections": connections}
            for via, url in urls.items():
                row[via] = tools.wrk(url, connections=connections, seconds=args.seconds)
                print(f"  {name} c={connections} {via}: {tiles.fmt(row[via])}", flush=True)
            rows.append(row)
    nginx.stop()
    server.stop()
    return rows


def cell(m) -> str:
    """Return the rate and p99 cells of a measurement."""
    return f"{m.rate:,.0f} | {m.p99:.1f}" if m.p99 is not None else f"{m.rate:,.0f} | -"


def section(rows: list[dict], args) -> str:
    """Return the BENCHMARKS.md section of this run."""
    version = subprocess.run([NGINX, "-v"], capture_output=True, text=True).stderr.strip()
    lines = [
        MARK,
        "## Cached tiles: gunicorn and nginx (`make bench-cache`)",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores, "
        f"{version.removeprefix('nginx version: ')}, gunicorn {args.workers} sync workers with the "
        f"tile cache warm, nginx {args.nginx_workers} workers with deploy/nginx/ and every tile "
        f"kept (X-Cache-Status HIT); wrk {args.seconds} s per cell, on the same machine as the "
        "servers.",
        "",
        "| tile | bytes | connections | gunicorn tiles/s | p99 ms | nginx tiles/s | p99 ms "
        "| nginx / gunicorn |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        ratio = row["nginx"].rate / row["gunicorn"].rate if row["gunicorn"].rate else 0
        lines.append(
            f"| {row['tile']} ({row['points']} points) | {row['bytes']:,} | "
            f"{row['connections']} | {cell(row['gunicorn'])} | {cell(row['nginx'])} | "
            f"{ratio:.1f}x |"
        )
    lines.append("")
    for via, target in TARGETS.items():
        for row in rows:
            if row["connections"] != 10:
                continue
            rate = row[via].rate
            verdict = "met" if rate >= target else f"not met ({rate / target:.0%} of it)"
            lines.append(
                f"- {via}, {row['tile']}: at least {target:,} tiles/s at 10 connections: {verdict}."
            )
    return "\n".join(lines) + "\n"


def main():
    """Measure cached tiles through gunicorn and nginx and write the section."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", 10)))
    parser.add_argument("--warmup", type=int, default=int(os.environ.get("BENCH_WARMUP", 3)))
    parser.add_argument("--database-url", default=tiles.DATABASE_URL)
    parser.add_argument("--workers", type=int, default=tiles.WORKERS)
    parser.add_argument("--nginx-workers", type=int, default=os.cpu_count())
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args()
    libpq_url = args.database_url.replace("postgis://", "postgresql://", 1)
    rows = measure(args, pick_tiles(libpq_url))
    report.replace_section(args.output, section(rows, args), MARK)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
