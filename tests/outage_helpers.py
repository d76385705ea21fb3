"""A PostgreSQL cluster of the tests' own, to stop and start, and gunicorn serving from it.

Outages are tested for real: the app runs in a gunicorn process (as in production) against a
second PostgreSQL 15 cluster in a temporary directory, which a test stops (`pg_ctl stop -m
immediate`, as a crash would) and starts again. Migrating the fresh cluster takes about 5 s.
"""

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path("/usr/lib/postgresql/15/bin")
# initdb refuses to run as root; the cluster then belongs to the postgres OS user.
AS_POSTGRES = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
DATABASE = "gp_outage_cluster"

SEED = """
from datetime import timedelta
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.utils import timezone
from geo_participation.campaigns.models import Campaign, Category
from geo_participation.submissions.models import Submission
now = timezone.now()
campaign = Campaign.objects.create(
    slug="fear", title="Fear", opens_at=now - timedelta(days=1),
    closes_at=now + timedelta(days=30),
    area=MultiPolygon(Polygon.from_bbox((7.70, 49.40, 7.85, 49.48)), srid=4326),
)
spot = Category.objects.create(
    campaign=campaign, key="spot", label="Spot", geometry_kind="point"
)
Submission.objects.create(
    campaign=campaign, category=spot, geom=Point(7.77, 49.44, srid=4326), status="approved"
)
"""


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """A PostgreSQL 15 cluster in a temporary directory, listening on 127.0.0.1:port."""

    def __init__(self):
        self.root = Path(tempfile.mkdtemp(prefix="gp_outage_"))
        self.data, self.socket_dir = self.root / "data", self.root / "socket"
        self.socket_dir.mkdir()
        if AS_POSTGRES:
            shutil.chown(self.root, "postgres")
            shutil.chown(self.socket_dir, "postgres")
        self.port = free_port()

    def _pg(self, program: str, *args: str) -> None:
        command = [*AS_POSTGRES, str(PG_BIN / program), *args]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    def create(self) -> None:
        """Make the cluster (trust authentication, no fsync: it holds test data only)."""
        self._pg("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        options = f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.root / "log")
        self._pg("pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "-w", "start")

    def stop(self) -> None:
        """Stop the server at once, without a checkpoint, as a crash or a kill would."""
        self._pg("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def url(self, database: str = DATABASE) -> str:
        """Return the DATABASE_URL of a database in this cluster."""
        return f"postgis://postgres@127.0.0.1:{self.port}/{database}"

    def remove(self) -> None:
        """Stop the server if it runs and delete its files."""
        if (self.data / "postmaster.pid").exists():
            stop = [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]
            subprocess.run([*AS_POSTGRES, *stop], capture_output=True, timeout=60)
        shutil.rmtree(self.root, ignore_errors=True)


class Server:
    """gunicorn serving the app from a cluster's database, on 127.0.0.1:port."""

    def __init__(self, cluster: Cluster):
        self.port = free_port()
        self.log = cluster.root / "gunicorn.log"
        self.env = {
            **os.environ,
            "DATABASE_URL": cluster.url(),
            # Plain static files: the manifest exists only after collectstatic.
            "DJANGO_SETTINGS_MODULE": "tests.outage_settings",
            "GP_SUBMISSION_RATE": "10000/hour",
            "GP_RETRY_AFTER_SECONDS": "7",
        }
        self.process = None

    def manage(self, *args: str) -> None:
        """Run manage.py against the cluster's database."""
        command = [sys.executable, "manage.py", *args]
        subprocess.run(command, cwd=ROOT, env=self.env, check=True, capture_output=True)

    def start(self) -> None:
        """Start one gunicorn worker and wait until it answers /healthz."""
        gunicorn = Path(sys.executable).parent / "gunicorn"
        command = [str(gunicorn), "geo_participation.wsgi:application", "--workers", "1"]
        command += ["--bind", f"127.0.0.1:{self.port}", "--timeout", "60"]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        for _ in range(300):
            try:
                if self.request("GET", "/healthz").status == 200:
                    return
            except OSError:
                time.sleep(0.1)
        pytest.fail(f"gunicorn did not start; its log:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        """Stop gunicorn."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # a quick shutdown
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def request(self, method: str, path: str, body=None, headers=None) -> "Answer":
        """Send one request and return its answer."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            data = None if body is None else json.dumps(body).encode()
            sent = {"Content-Type": "application/json"} if body is not None else {}
            connection.request(method, path, body=data, headers=sent | (headers or {}))
            response = connection.getresponse()
            return Answer(response.status, response.headers, response.read())
        finally:
            connection.close()


class Answer:
    """Status, headers and body of one answer."""

    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def json(self):
        """Return the body decoded from JSON."""
        return json.loads(self.body)

    def __repr__(self):
        return f"<Answer {self.status} {self.body[:200]!r}>"


@pytest.fixture(scope="module")
def outage_server():
    """Return (cluster, server): gunicorn serving a campaign from a cluster of our own.

    The cluster and the server are removed at the end, whatever happened.
    """
    cluster = Cluster()
    server = Server(cluster)
    try:
        cluster.create()
        cluster.start()
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres", "-q"]
            + ["-c", f"CREATE DATABASE {DATABASE}"],
            check=True,
            capture_output=True,
        )
        server.manage("migrate", "--verbosity", "0")
        server.manage("createcachetable", "--verbosity", "0")
        server.manage("shell", "--command", SEED)
        server.start()
        yield cluster, server
    finally:
        server.stop()
        cluster.remove()
