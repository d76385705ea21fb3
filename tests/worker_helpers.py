"""A real procrastinate worker in a subprocess against the test database; mails land in files.

A subprocess, not a thread: the tests stop it (SIGTERM) and start it again, as an operator
would, with another mail backend (Django's file backend, or SMTP to a closed port) given
through the same environment variables the real worker reads.
"""

import email
import email.policy
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
SEPARATOR = b"\n" + b"-" * 79 + b"\n"


def closed_port() -> int:
    """Return a local port nobody listens on (a mail server that is down)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url() -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgis://{s['USER']}{password}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"


class MailWorker:
    """`manage.py procrastinate worker` on the test database, writing mails into outbox."""

    def __init__(self, outbox: Path):
        self.outbox = outbox
        self.process = None

    def start(self, *, email_url: str | None = None, **env) -> None:
        """Start the worker; it delivers through email_url (default: files in the outbox)."""
        self.outbox.mkdir(exist_ok=True)
        environment = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            # Four slashes: django-environ reads the path after the third as relative.
            "GP_EMAIL_URL": email_url or f"filemail:///{self.outbox}",
            "GP_EMAIL_TIMEOUT": "2",
            "GP_NOTIFY_RETRY_WAIT": "1",
            "GP_SITE_URL": "https://beteiligung.example.org",
            "GP_SITE_NAME": "Beteiligung Kaiserslautern",
            "GP_QUEUE_LOG_LEVEL": "INFO",
            **env,
        }
        self.process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "procrastinate",
                "worker",
                "--fetch-job-polling-interval",
                "0.5",
            ],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=open(self.outbox.parent / "worker.log", "ab"),  # noqa: SIM115 - kept by the child
        )

    def stop(self) -> None:
        """Stop the worker as its service manager would (SIGTERM) and wait for it."""
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def mails(self) -> list[email.message.EmailMessage]:
        """Return every mail the worker wrote, in no particular order."""
        found = []
        for path in sorted(self.outbox.glob("*.log")):
            for chunk in path.read_bytes().split(SEPARATOR):
                if chunk.strip():
                    found.append(email.message_from_bytes(chunk, policy=email.policy.default))
        return found

    def log(self) -> str:
        """Return the worker's log (for failure messages)."""
        path = self.outbox.parent / "worker.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""


def wait_until(predicate, *, timeout: float = 60, message: str = "condition", worker=None):
    """Poll predicate until it is true; fail with the worker's log after timeout seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    log = worker.log() if worker else ""
    raise AssertionError(f"timed out waiting for {message}\n{log}")


def text_of(mail) -> str:
    """Return the plain-text body of a mail."""
    return mail.get_body(preferencelist=("plain",)).get_content()


def subject(mail) -> str:
    """Return the decoded subject of a mail (the parser keeps a fold's leading space)."""
    return str(mail["Subject"]).strip()
