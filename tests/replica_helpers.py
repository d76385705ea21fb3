"""A real streaming replica of the test server, for the read-replica tests.

`pg_basebackup -R` copies the test server at 127.0.0.1:5432 (the whole cluster, so the test
database pytest-django made there too) into a temporary folder and starts it on a free port
as a hot standby that streams from the server (primary_conninfo). Tests pause and resume its
replay (pg_wal_replay_pause), stop and start it.

The server must accept replication connections from 127.0.0.1. When its pg_hba.conf has no
such rule, allow_replication() adds `host replication all 127.0.0.1/32 trust` and reloads it:
part of the test set-up on a development or CI machine (docs/operations.md "Tests"), never
something to do on a production server.

GP_REQUIRE_BROWSER=1 (make test): a missing pg_basebackup fails these tests instead of
skipping them. bench/replicas.py makes its standby with Replica too.
"""

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connections

from geo_participation.replicas.aliases import replica_settings
from tests import web_browser
from tests.outage_helpers import AS_POSTGRES, PG_BIN, free_port

PRIMARY = {"host": "127.0.0.1", "port": "5432", "user": "postgres"}
REPLICATION_RULE = "host replication all 127.0.0.1/32 trust"
# A hot standby needs at least the primary's values of these (it refuses to start otherwise).
AT_LEAST_PRIMARY = (
    "max_connections",
    "max_worker_processes",
    "max_wal_senders",
    "max_prepared_transactions",
    "max_locks_per_transaction",
)
ALIAS = "replica_1"
# The databases a replica test uses: the primary's test database and the standby's copy of it.
DATABASES = ["default", ALIAS]


def require_pg_basebackup() -> None:
    """Skip without pg_basebackup, unless GP_REQUIRE_BROWSER=1: then fail."""
    if (PG_BIN / "pg_basebackup").exists():
        return
    if web_browser.REQUIRE_BROWSER:
        pytest.fail(f"GP_REQUIRE_BROWSER=1 but {PG_BIN / 'pg_basebackup'} is missing")
    pytest.skip("pg_basebackup (postgresql-15) is not installed")


def _as_postgres(*command: str) -> list[str]:
    # pg_ctl refuses to run as root; the replica's files then belong to the postgres user.
    return [*AS_POSTGRES, *command]


def primary_sql(query: str) -> list[tuple]:
    """Run SQL on the server (as the superuser, in its postgres database); return its rows."""
    url = "postgresql://{user}@{host}:{port}/postgres".format(**PRIMARY)
    with psycopg.connect(url, autocommit=True) as conn:
        cursor = conn.execute(query)
        return cursor.fetchall() if cursor.description else []


def allow_replication() -> None:
    """Let 127.0.0.1 connect for replication with trust, adding the rule if it is missing."""
    rules = primary_sql(
        "SELECT count(*) FROM pg_hba_file_rules WHERE 'replication' = ANY(database)"
        " AND address = '127.0.0.1' AND auth_method = 'trust'"
    )
    if rules[0][0]:
        return
    hba_file = primary_sql("SHOW hba_file")[0][0]
    with open(hba_file, "a") as hba:
        hba.write("\n# Added by the geo_participation tests (tests/replica_helpers.py)\n")
        hba.write(REPLICATION_RULE + "\n")
    primary_sql("SELECT pg_reload_conf()")


class Replica:
    """A hot standby of the test server in a temporary folder, on its own port."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="gp-replica-"))
        self.data = self.folder / "data"
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")

    def create(self) -> None:
        """Copy the test server with pg_basebackup -R and start the copy as a standby."""
        allow_replication()
        backup = [str(PG_BIN / "pg_basebackup"), "-D", str(self.data), "-R", "-X", "stream"]
        backup += ["-c", "fast", "-h", PRIMARY["host"], "-p", PRIMARY["port"], "-U", "postgres"]
        subprocess.run(_as_postgres(*backup), check=True, capture_output=True)
        # Debian keeps the server's configuration outside its data folder: the copy gets its own.
        limits = {name: primary_sql(f"SHOW {name}")[0][0] for name in AT_LEAST_PRIMARY}
        config = "".join(f"{name} = {value}\n" for name, value in limits.items())
        config += "hot_standby = on\nhot_standby_feedback = on\n"
        # A throw-away copy: no fsync, so a start after `stop` (immediate, as a crash) does
        # not first sync gigabytes of copied files.
        config += "fsync = off\n"
        hba = "local all all trust\nhost all all 127.0.0.1/32 trust\n"
        for name, text in (
            ("postgresql.conf", config),
            ("pg_hba.conf", hba),
            ("pg_ident.conf", ""),
        ):
            (self.data / name).write_text(text)
            if os.geteuid() == 0:
                shutil.chown(self.data / name, "postgres", "postgres")
        self.start()

    def start(self) -> None:
        """Start the standby and wait until it accepts connections."""
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        command = [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "log")]
        subprocess.run(_as_postgres(*command, "-o", options, "-w", "start"), check=True)

    def start_if_stopped(self) -> None:
        """Start the standby unless it runs."""
        status = [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "status"]
        if subprocess.run(_as_postgres(*status), capture_output=True).returncode != 0:
            self.start()

    def stop(self) -> None:
        """Stop the standby at once, as a crash would."""
        command = [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"]
        subprocess.run(_as_postgres(*command), check=False, capture_output=True)

    def remove(self) -> None:
        """Stop the standby and delete its folder."""
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def sql(self, query: str, database: str = "postgres") -> list[tuple]:
        """Run SQL on the standby with psql and return its rows (tab-separated fields)."""
        psql = ["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database]
        done = subprocess.run([*psql, "-AtF", "\t", "-c", query], check=True, capture_output=True)
        return [tuple(line.split("\t")) for line in done.stdout.decode().splitlines()]

    def pause(self) -> None:
        """Catch up, then stop replaying the primary's changes (they still arrive and wait)."""
        self.wait_caught_up()
        self.sql("SELECT pg_wal_replay_pause()")
        deadline = time.monotonic() + 10
        while self.sql("SELECT pg_get_wal_replay_pause_state()") != [("paused",)]:
            assert time.monotonic() < deadline, "the replica did not pause"
            time.sleep(0.02)

    def resume(self) -> None:
        """Replay again, and wait until the standby has caught up with the primary."""
        self.sql("SELECT pg_wal_replay_resume()")
        self.wait_caught_up()

    def wait_caught_up(self, timeout: float = 180) -> None:
        """Wait until the standby has replayed everything the primary has written so far.

        It replays every database of the server: on a busy shared server (bulk loads, copies
        of benchmark databases) that can take a while.
        """
        target = primary_sql("SELECT pg_current_wal_lsn()")[0][0]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.sql(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn") == [("t",)]:
                return
            time.sleep(0.05)
        raise AssertionError(f"the replica did not reach {target} in {timeout} s")

    def settings_dict(self) -> dict:
        """Return the alias settings that read the test database from this standby."""
        primary = connections["default"].settings_dict
        address = {key: primary.get(key) for key in ("NAME", "USER", "PASSWORD")}
        # As settings make GP_DATABASE_REPLICAS' aliases: the primary's options, no pool.
        return replica_settings(
            primary,
            {**address, "HOST": "127.0.0.1", "PORT": str(self.port)},
            connect_timeout=settings.GP_REPLICA_CONNECT_TIMEOUT,
            max_age=0,
        )


def add_alias(replica: Replica) -> None:
    """Configure the alias replica_1 on the standby, as GP_DATABASE_REPLICAS would."""
    connections.settings[ALIAS] = replica.settings_dict()


def remove_alias() -> None:
    """Remove the alias replica_1 and close its connection."""
    connections[ALIAS].close()
    del connections[ALIAS]
    del connections.settings[ALIAS]
