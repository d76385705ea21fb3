"""A throw-away PostgreSQL cluster and a gunicorn server on it, for the chaos run (bench/chaos.py).

The cluster is our own (initdb in a temporary folder, its own port), so stopping it hurts
nothing else on the machine; it is removed when the run ends.
"""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path(os.environ.get("GP_PG_BIN", "/usr/lib/postgresql/15/bin"))


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_postgres(*command: str) -> list[str]:
    # initdb and pg_ctl refuse to run as root.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else list(command)


class Cluster:
    """A PostgreSQL cluster in a temporary folder that can be stopped and started at will."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="gp-chaos-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.log = self.folder / "postgres.log"
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")

    @property
    def url(self) -> str:
        """Return the DATABASE_URL of the chaos database."""
        return f"postgis://postgres@127.0.0.1:{self.port}/gp_chaos"

    def create(self) -> None:
        """Initialise the cluster, start it and create the database with PostGIS."""
        initdb = [str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres"]
        subprocess.run(_as_postgres(*initdb, "--auth=trust"), check=True, capture_output=True)
        self.start()
        psql = ["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-q"]
        subprocess.run([*psql, "-c", "CREATE DATABASE gp_chaos"], check=True)
        subprocess.run([*psql, "-d", "gp_chaos", "-c", "CREATE EXTENSION postgis"], check=True)

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        command = [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log)]
        subprocess.run(_as_postgres(*command, "-o", options, "-w", "start"), check=True)

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (fast: open connections are cut, as in a restart)."""
        command = [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"]
        subprocess.run(_as_postgres(*command), check=False, capture_output=True)

    def remove(self) -> None:
        """Stop the server and delete the cluster."""
        self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


class Server:
    """gunicorn serving the project on the chaos database."""

    def __init__(self, database_url: str, workers: int):
        self.port = free_port()
        self.workers = workers
        self.env = dict(
            os.environ,
            DATABASE_URL=database_url,
            GP_DEBUG="false",
            GP_SECRET_KEY="chaos-" + "x" * 50,
            GP_ALLOWED_HOSTS="127.0.0.1",
            # The run is about failures, not throttling: every client may post all it has.
            GP_SUBMISSION_RATE="1000000/hour",
        )
        self.process = None

    @property
    def base(self) -> str:
        """Return the server's base URL."""
        return f"http://127.0.0.1:{self.port}"

    def manage(self, *command: str) -> None:
        """Run a management command against the chaos database."""
        python = str(ROOT / ".venv/bin/python")
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=self.env, check=True)

    def start(self) -> None:
        """Start gunicorn and wait until it answers."""
        gunicorn = str(ROOT / ".venv/bin/gunicorn")
        bind = f"127.0.0.1:{self.port}"
        command = [gunicorn, "geo_participation.wsgi:application", "--bind", bind]
        command += ["--workers", str(self.workers), "--timeout", "30", "--log-level", "warning"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env)
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"{self.base}/api/campaigns/", timeout=2):
                    return
            except (urllib.error.URLError, OSError):
                time.sleep(0.5)
        raise RuntimeError("gunicorn did not answer")

    def worker_pids(self) -> list[int]:
        """Return the pids of gunicorn's workers (the master's children)."""
        found = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True, check=False
        )
        return [int(pid) for pid in found.stdout.split()]

    def kill_a_worker(self) -> int | None:
        """SIGKILL one worker, as the OOM killer would; the master starts a new one."""
        pids = self.worker_pids()
        if not pids:
            return None
        os.kill(pids[0], signal.SIGKILL)
        return pids[0]

    def stop(self) -> None:
        """Stop gunicorn."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(30)
