"""Servers and load generators for bench/tiles.py: gunicorn, TiPg, wrk and pgbench.

Everything listens on and talks to 127.0.0.1 only. Servers run in their own process group, so
stopping one also stops its workers.
"""

import json
import os
import re
import signal
import statistics
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import psycopg

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
WRK_SCRIPT = BENCH / "wrk_stats.lua"
# A tile of a few hundred thousand points takes seconds; wrk's default 2 s would count it as
# an error instead of a slow answer.
WRK_TIMEOUT = "120s"


@dataclass
class Measurement:
    """One load run: completed 2xx answers per second and latency percentiles in ms."""

    rate: float | None
    p50: float | None
    p99: float | None
    requests: int = 0
    errors: int = 0
    note: str = ""


class Server:
    """A server process group started with start(), stopped with stop() (idempotent)."""

    def __init__(self, name, argv, *, env, cwd, ready_url):
        self.name, self.argv, self.env, self.cwd, self.ready_url = name, argv, env, cwd, ready_url
        self.process = None
        self.log = RESULTS / f"{name}.log"

    def start(self, timeout=90):
        """Start the process group, logging to results/; return self once ready_url answers 200."""
        RESULTS.mkdir(exist_ok=True)
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                self.argv,
                env=self.env,
                cwd=self.cwd,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited at start; see {self.log}")
            if http_status(self.ready_url) == 200:
                return self
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer {self.ready_url} in {timeout} s")

    def stop(self):
        """Stop the process group: SIGTERM, then SIGKILL after 20 s; nothing if it has ended."""
        if self.process is None or self.process.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                return
            try:
                self.process.wait(wait)
                return
            except subprocess.TimeoutExpired:
                continue


def http_status(url, timeout=120):
    """Return the status of a GET of url, or None when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def http_get(url, timeout=300):
    """Return (status, body) of a GET."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def gunicorn(*, port, database_url, cache, worker_class, workers, threads, settings=None):
    """Return our app under gunicorn, uncached or with the tile cache on (more GP_ settings in
    `settings`)."""
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        GP_TILE_CACHE="true" if cache else "false",
        GP_DEBUG="false",
        GP_ALLOWED_HOSTS="127.0.0.1",
        GP_LOG_LEVEL="WARNING",
        **(settings or {}),
    )
    argv = [str(ROOT / ".venv/bin/gunicorn"), "geo_participation.wsgi:application"]
    argv += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    argv += ["--worker-class", worker_class, "--timeout", "300"]
    if worker_class == "gthread":
        argv += ["--threads", str(threads)]
    name = f"ours-{worker_class}-{'cached' if cache else 'uncached'}{'-custom' if settings else ''}"
    return Server(
        name, argv, env=env, cwd=ROOT, ready_url=f"http://127.0.0.1:{port}/api/campaigns/"
    )


def tipg(*, port, database_url, view, workers, pool):
    """Return TiPg under uvicorn, serving only the benchmark view, from its own virtualenv."""
    key = f"public_{view}"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        # asyncpg passes unknown URL parameters on as session settings: JIT off, as on ours.
        "DATABASE_URL": f"{database_url}?jit=off",
        "TIPG_DB_TABLES": json.dumps([f"public.{view}"]),
        f"TIPG_TABLE_CONFIG__{key}__pk": "id",
        f"TIPG_TABLE_CONFIG__{key}__geomcol": "geom_3857",
        f"TIPG_TABLE_CONFIG__{key}__datetimecol": "created_at",
        f"TIPG_TABLE_CONFIG__{key}__properties": json.dumps(
            ["id", "category_id", "support_count", "created_at"]
        ),
        # TiPg cuts a tile at 10,000 features by default; ours does not, so the same set is
        # only compared when the cap is out of the way.
        "TIPG_MAX_FEATURES_PER_TILE": "2000000",
        "DB_MIN_CONN_SIZE": str(pool),
        "DB_MAX_CONN_SIZE": str(pool),
    }
    argv = [str(BENCH / ".venv-tipg/bin/uvicorn"), "tipg.main:app", "--host", "127.0.0.1"]
    argv += ["--port", str(port), "--workers", str(workers), "--log-level", "warning"]
    # Its own working directory: TiPg's settings also read a .env file from there.
    cwd = tempfile.mkdtemp(prefix="tipg-", dir=RESULTS)
    return Server("tipg", argv, env=env, cwd=cwd, ready_url=f"http://127.0.0.1:{port}/collections")


def wrk(url, *, connections, seconds):
    """Return a Measurement of url under `connections` concurrent keep-alive connections."""
    threads = min(connections, 2)
    argv = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", WRK_TIMEOUT]
    argv += ["-s", str(WRK_SCRIPT), url]
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    line = next(row for row in out.splitlines() if row.startswith("BENCH "))
    data = json.loads(line.removeprefix("BENCH "))
    good = data["requests"] - data["non2xx"]
    errors = data["non2xx"] + data["connect"] + data["read"] + data["write"] + data["timeout"]
    note = f"{errors} errors/timeouts" if errors else ""
    if good == 0:
        return Measurement(0.0, None, None, 0, errors, note or "nothing completed")
    return Measurement(
        rate=good / (data["duration_us"] / 1e6),
        p50=data["p50_us"] / 1000,
        p99=data["p99_us"] / 1000,
        requests=good,
        errors=errors,
        note=note,
    )


def pgbench(script, *, dsn_args, clients, seconds):
    """Return a Measurement of a pgbench script, (text, pgbench options), run with `clients`
    connections."""
    text, options = script
    RESULTS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=RESULTS) as tmp:
        path = Path(tmp) / "tile.sql"
        path.write_text(text)
        argv = ["pgbench", "-n", "-f", str(path), *options, "-c", str(clients), "-j", "2"]
        argv += ["-T", str(seconds), "--log", "--log-prefix", str(Path(tmp) / "log"), *dsn_args]
        # pgbench lets running statements finish after -T; the timeout bounds that tail (a
        # client whose statement is cancelled stops, and its unfinished tile is not counted).
        # JIT off, as on every connection of our server (settings.DATABASES): the same session
        # settings, or pgbench would time LLVM compiling the statement's plan.
        options = f"-c statement_timeout={seconds * 1000} -c jit=off"
        env = dict(os.environ, PGOPTIONS=options)
        run = subprocess.run(argv, capture_output=True, text=True, cwd=tmp, env=env)
        out = run.stdout
        latencies = sorted(
            int(line.split()[2]) / 1000 for log in Path(tmp).glob("log*") for line in log.open()
        )
    match = re.search(r"tps = ([\d.]+) \(without initial connection time\)", out)
    aborted = len(re.findall(r"client \d+ aborted", run.stderr))
    note = f"{aborted} clients cut off by the time limit" if aborted else ""
    if not latencies or not match:
        return Measurement(0.0, None, None, 0, aborted, note or "nothing completed")
    return Measurement(
        rate=float(match.group(1)),
        p50=statistics.median(latencies),
        p99=latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        requests=len(latencies),
        errors=aborted,
        note=note,
    )


def machine(libpq_url):
    """Return what the figures depend on: cores, memory, versions."""
    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    with psycopg.connect(libpq_url) as conn:
        pg = conn.execute("SHOW server_version").fetchone()[0].split()[0]
        postgis = conn.execute("SELECT postgis_lib_version()").fetchone()[0]
    tipg = subprocess.run(
        [str(BENCH / ".venv-tipg/bin/python"), "-c", "import tipg; print(tipg.__version__)"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kb / 2**20),
        "postgresql": pg,
        "postgis": postgis,
        "tipg": tipg,
        "wrk": (wrk.stdout or wrk.stderr).split("[")[0].strip(),
        "node": os.uname().nodename,
    }
