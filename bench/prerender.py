"""Benchmark: approve-to-visible on a low-zoom tile of a campaign of a million posts.

    .venv/bin/python bench/prerender.py [--approvals 10] [--burst 50] [--moderators 10]
                                        [--delay 1.0] [--database gp_bench_prerender]
                                        [--output BENCHMARKS.md]

On a copy of the benchmark database `gp_bench` (created from it when missing, then migrated;
gp_bench itself is never written), with gunicorn (2 sync workers, tile cache on) and a real
procrastinate worker (`manage.py procrastinate worker`, settings as deployed):
- approve-to-visible: a pending post of `hitzepunkte` is approved through the moderation
  service, and the public z10 tile that holds it is fetched every 50 ms until its ETag and
  bytes change; median and max over --approvals approvals, one at a time, each after the
  previous render finished;
- render time per campaign: tiles and seconds of each render job, from the worker's log;
- a burst: --burst approvals by --moderators moderators at once; how many render jobs ran.
Writes its section of BENCHMARKS.md. All traffic stays on 127.0.0.1.
"""

import argparse
import ast
import atexit
import os
import re
import signal
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import psycopg

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

import report  # noqa: E402
import tiles_tools as tools  # noqa: E402

SLUG = "hitzepunkte"
TEMPLATE = "gp_bench"
ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/{}"
PORT = 8211
ZOOM = 10
POLL_S = 0.05
MARK = "<!-- bench/prerender.py -->"
WORKER_LOG = tools.RESULTS / "prerender-worker.log"
STARTED = []


def main():
    """Prepare the copy, start gunicorn and a worker, measure, write the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--approvals", type=int, default=10)
    parser.add_argument("--burst", type=int, default=50)
    parser.add_argument("--moderators", type=int, default=10)
    parser.add_argument("--delay", type=float, default=1.0, help="GP_PRERENDER_DELAY_S")
    parser.add_argument("--database", default="gp_bench_prerender")
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args()
    url = f"postgis://postgres@127.0.0.1:5432/{args.database}"
    # This process approves through the moderation service: the same database and delay.
    os.environ.update(DATABASE_URL=url, GP_PRERENDER_DELAY_S=str(args.delay), GP_TILE_CACHE="1")
    atexit.register(stop_all)
    signal.signal(signal.SIGTERM, lambda number, _frame: sys.exit(128 + number))
    prepare(args.database)
    start_servers(url)
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_participation.settings")
    django.setup()
    run = {"started": datetime.now(UTC), "args": vars(args)}
    run["machine"] = machine(ADMIN_URL.format(args.database))
    bench = Bench()
    run["posts"] = bench.campaign_size()
    # The steady state before the first approval: the current version rendered.
    run["first"] = bench.render_now()
    run["visible"] = [bench.approve_and_watch() for _ in range(args.approvals)]
    run["burst"] = bench.burst(args.burst, args.moderators)
    run["renders"] = renders_from_log()
    write(run, args.output)


def prepare(database):
    """Create the copy of gp_bench when missing, and migrate it to this branch."""
    with psycopg.connect(ADMIN_URL.format("postgres"), autocommit=True) as admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database]
        ).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{database}" TEMPLATE "{TEMPLATE}"')
    for command in (["migrate"], ["createcachetable"]):
        subprocess.run(
            [str(ROOT / ".venv/bin/python"), "manage.py", *command, "-v0"],
            cwd=ROOT,
            check=True,
        )


def start_servers(url):
    """Start gunicorn with the tile cache and a procrastinate worker, both on the copy."""
    server = tools.gunicorn(
        port=PORT, database_url=url, cache=True, worker_class="sync", workers=2, threads=1
    )
    STARTED.append(server.start())
    tools.RESULTS.mkdir(exist_ok=True)
    WORKER_LOG.write_text("")
    env = dict(os.environ, GP_QUEUE_LOG_LEVEL="INFO")
    with WORKER_LOG.open("ab") as log:
        worker = subprocess.Popen(
            [str(ROOT / ".venv/bin/python"), "manage.py", "procrastinate", "worker"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    STARTED.append(worker)


def stop_all():
    """Stop what this run started: gunicorn's process group and the worker's."""
    for started in STARTED:
        if isinstance(started, subprocess.Popen):
            if started.poll() is None:
                os.killpg(started.pid, signal.SIGTERM)
                started.wait(30)
        else:
            started.stop()


class Bench:
    """Approvals through the moderation service and the public tiles that show them."""

    def __init__(self):
        from django.contrib.auth.models import Group, User

        from geo_participation.campaigns.models import Campaign

        self.campaign = Campaign.objects.get(slug=SLUG)
        self.moderator, _ = User.objects.get_or_create(username="bench-moderator")
        self.moderator.groups.add(Group.objects.get_or_create(name="moderators")[0])

    def campaign_size(self) -> int:
        """Return the campaign's published posts."""
        return self.campaign.submissions.filter(status="approved").count()

    def render_now(self) -> dict:
        """Render the campaign's current version in this process, as the worker would."""
        from layers.tiles.prerender import render_campaign

        return render_campaign(self.campaign.pk)

    def pending(self, count: int) -> list:
        """Return (id, z10 tile) of pending posts, each in a tile of its own."""
        from layers.tiles.addressing import HALF_WORLD, Tile

        size = 2 * HALF_WORLD / (1 << ZOOM)
        rows = self.campaign.submissions.filter(status="pending").order_by("id")
        picked = []
        for post in rows.only("id", "geom_3857")[:count]:
            x, y = (
                post.geom_3857.coords
                if post.geom_3857.geom_type == "Point"
                else (post.geom_3857.point_on_surface.coords)
            )
            tile = Tile(ZOOM, int((x + HALF_WORLD) // size), int((HALF_WORLD - y) // size))
            picked.append((post.pk, tile))
        return picked

    def wait_rendered(self, timeout=120):
        """Wait until the worker has rendered the campaign's current version."""
        from layers.tiles.prerender import rendered_version

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.campaign.refresh_from_db(fields=["published_version"])
            if rendered_version(self.campaign.pk) >= self.campaign.published_version:
                return
            time.sleep(0.2)
        raise RuntimeError(f"no render within {timeout} s; see {WORKER_LOG}")

    def tile(self, tile) -> tuple[str, bytes]:
        """Return the ETag and bytes of a public tile, as a map client would get them."""
        status, body, etag = fetch(f"http://127.0.0.1:{PORT}/tiles/{SLUG}/{tile}.mvt")
        if status not in (200, 204):
            raise RuntimeError(f"tile {tile}: {status}")
        return etag, body

    def approve_and_watch(self) -> float:
        """Approve one pending post; return seconds until its public z10 tile shows it."""
        from geo_participation.moderation import services

        self.wait_rendered()
        [(post, tile)] = self.pending(1)
        time.sleep(1.5)  # past every web worker's record TTL: the steady state
        before = self.tile(tile)
        started = time.monotonic()
        services.submission_approve(submission_id=post, moderator=self.moderator)
        while (now := self.tile(tile))[0] == before[0] or now[1] == before[1]:
            if time.monotonic() - started > 120:
                raise RuntimeError(f"tile {tile} unchanged after 120 s; see {WORKER_LOG}")
            time.sleep(POLL_S)
        return time.monotonic() - started

    def burst(self, count: int, moderators: int) -> dict:
        """Approve count posts by several moderators at once; return how many renders ran."""
        from django.db import connection

        from geo_participation.moderation import services

        self.wait_rendered()
        time.sleep(2)
        first_job = job_high_water(connection)
        posts = [post for post, _ in self.pending(count)]
        started = time.monotonic()

        def approve(post):
            from django.db import connection as own

            services.submission_approve(submission_id=post, moderator=self.moderator)
            own.close()

        with ThreadPoolExecutor(moderators) as pool:
            list(pool.map(approve, posts))
        took = time.monotonic() - started
        self.wait_rendered()
        visible = time.monotonic() - started
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM procrastinate_jobs WHERE task_name = 'tiles.prerender'"
                " AND id > %s AND args = %s::jsonb",
                [first_job, f'{{"campaign_id": {self.campaign.pk}}}'],
            )
            jobs = cursor.fetchone()[0]
        return {"approvals": count, "seconds": took, "renders": jobs, "all_visible": visible}


def job_high_water(connection) -> int:
    """Return the id of the newest job in procrastinate's table (0: none)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM procrastinate_jobs")
        return cursor.fetchone()[0]


def machine(libpq_url) -> dict:
    """Return what the figures depend on: cores, memory, PostgreSQL."""
    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    with psycopg.connect(libpq_url) as conn:
        pg = conn.execute("SHOW server_version").fetchone()[0].split()[0]
    return {"cores": os.cpu_count(), "memory_gib": round(mem_kb / 2**20), "postgresql": pg}


def fetch(url) -> tuple[int, bytes, str]:
    """Return status, body and ETag of a GET."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read(), response.headers.get("ETag", "")
    except urllib.error.HTTPError as error:
        return error.code, error.read(), ""


RESULT = re.compile(r"tiles\.prerender\[\d+\].*Success.* - Result: (\{.*\})")


def renders_from_log() -> list[dict]:
    """Return the result of every render the worker logged (version, tiles, seconds)."""
    found = []
    for line in WORKER_LOG.read_text(errors="replace").splitlines():
        match = RESULT.search(line)
        if match:
            result = ast.literal_eval(match.group(1))
            if "tiles" in result:
                found.append(result)
    return found


def write(run, output: Path):
    """Write the benchmark's section of BENCHMARKS.md."""
    visible, burst, renders = run["visible"], run["burst"], run["renders"]
    tiles = sorted({r["tiles"] for r in renders})
    seconds = [r["seconds"] for r in renders]
    first = run["first"]
    first = (
        f"{first['seconds']:.2f} s ({first['tiles']} tiles)"
        if "seconds" in first
        else first["skipped"]
    )
    target = "met" if max(visible) < 5 else "NOT met"
    m = run["machine"]
    where = f"{m['cores']} cores, {m['memory_gib']} GiB, PostgreSQL {m['postgresql']}"
    lines = [
        MARK,
        "## Pre-rendered low zooms: approve-to-visible (`make bench-prerender`)",
        "",
        f"Run {run['started']:%Y-%m-%d %H:%M} UTC ({where}). Campaign `{SLUG}` with "
        f"{run['posts']:,} published posts; gunicorn (2 sync workers, tile cache on) and one "
        f"procrastinate worker; `GP_PRERENDER_DELAY_S={run['args']['delay']}`, "
        "`GP_QUEUE_POLL_S=0.5`. A pending post is approved through the moderation service and "
        f"its public z{ZOOM} tile fetched every {int(POLL_S * 1000)} ms until its ETag and "
        "bytes change.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| approve-to-visible, median of {len(visible)} | {statistics.median(visible):.2f} s |",
        f"| approve-to-visible, max | {max(visible):.2f} s (target < 5 s: {target}) |",
        f"| render per campaign: tiles | {', '.join(map(str, tiles))} |",
        f"| render per campaign: seconds, median (max) of {len(seconds)} | "
        f"{statistics.median(seconds):.2f} ({max(seconds):.2f}) |",
        f"| first render of the run (before any approval, in-process) | {first} |",
        f"| burst: {burst['approvals']} approvals by {run['args']['moderators']} moderators at "
        f"once, in | {burst['seconds']:.2f} s |",
        f"| burst: render jobs | {burst['renders']} |",
        f"| burst: first approval to all rendered | {burst['all_visible']:.2f} s |",
        "",
        "Approve-to-visible is the delay, the worker's poll (up to 0.5 s), the render, and each "
        "web worker's one-second trust in its copy of the rendered version. A burst renders "
        "once when it fits in the delay; a longer one renders again for what came after the "
        "render started.",
        "",
    ]
    report.replace_section(output, "\n".join(lines), MARK)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
