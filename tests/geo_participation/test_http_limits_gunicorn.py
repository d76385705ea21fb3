"""A chunked request body through a real gunicorn (it de-chunks into wsgi.input, no length)."""

import http.client
import io
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from geo_participation.submissions.models import Submission
from tests.conftest import feature, submissions_url

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def gunicorn(tmp_path):
    """Run gunicorn on the test database, on a free loopback port; stop it afterwards."""
    db = connection.settings_dict
    url = f"postgis://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    port = free_port()
    env = os.environ | {"DATABASE_URL": url, "GP_DB_CONN_MAX_AGE": "0"}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [gunicorn, "-w", "1", "-b", f"127.0.0.1:{port}", "geo_participation.wsgi"]
    # Its log beside the test's files: a 500 from the server names its cause there.
    log = open(tmp_path / "gunicorn.log", "wb")  # noqa: SIM115 - kept by the child
    process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=log)
    try:
        for _ in range(200):  # up to 20 s to start
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def post_chunked(port, path, body: bytes):
    """POST body in 1 kB chunks (Transfer-Encoding: chunked, no Content-Length).

    A raw socket, so that a server that answers and closes before the last chunk (as it may
    for a body over the limit) still has its answer read, as a browser or curl would.
    """
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
        "Connection: close\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        try:
            sock.sendall(head)
            for i in range(0, len(body), 1024):
                chunk = body[i : i + 1024]
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sock.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered early; its answer is waiting below
        received = b""
        try:
            while chunk := sock.recv(65536):
                received += chunk
        except ConnectionResetError:
            pass  # closed with our unread chunks: what came before the reset is the answer
    response = http.client.HTTPResponse(_Replay(received))
    response.begin()
    return response.status, json.loads(response.read())


class _Replay:
    """A socket stand-in that replays received bytes, for http.client to parse."""

    def __init__(self, data: bytes):
        self.data = data

    def makefile(self, *args, **kwargs):
        """Return the received bytes as a file."""
        return io.BytesIO(self.data)


def _server_log(tmp_path) -> str:
    return (tmp_path / "gunicorn.log").read_text(errors="replace")[-3000:]


def test_gunicorn_hands_a_chunked_body_over_and_it_is_read(gunicorn, campaign, settings, tmp_path):
    body = json.dumps(feature(comment="in Stücken")).encode()
    status, data = post_chunked(gunicorn, submissions_url(campaign), body)
    assert status == 201, (data, _server_log(tmp_path))
    assert Submission.objects.get().comment == "in Stücken"

    # Just over the limit: the whole body is on its way before the server answers, as a client
    # that sends a little too much would do.
    over = settings.GP_MAX_BODY_BYTES + 2000
    big = json.dumps(feature(comment="x" * over)).encode()
    status, data = post_chunked(gunicorn, submissions_url(campaign), big)
    assert (status, data["code"], data["limit"]) == (
        413,
        "body_too_large",
        settings.GP_MAX_BODY_BYTES,
    )
    assert Submission.objects.count() == 1
