"""A chunked request body through a real gunicorn (it de-chunks into wsgi.input, no length)."""

import http.client
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
def gunicorn():
    """Run gunicorn on the test database, on a free loopback port; stop it afterwards."""
    db = connection.settings_dict
    url = f"postgis://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    port = free_port()
    env = os.environ | {"DATABASE_URL": url, "GP_DB_CONN_MAX_AGE": "0"}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [gunicorn, "-w", "1", "-b", f"127.0.0.1:{port}", "geo_participation.wsgi"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
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


def post_chunked(port, path, body: bytes):
    """POST body in 1 kB chunks (Transfer-Encoding: chunked, no Content-Length)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    chunks = (body[i : i + 1024] for i in range(0, len(body), 1024))
    conn.request("POST", path, chunks, {"Content-Type": "application/json"}, encode_chunked=True)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, json.loads(data)


def test_gunicorn_hands_a_chunked_body_over_and_it_is_read(gunicorn, campaign, settings):
    body = json.dumps(feature(comment="in Stücken")).encode()
    status, data = post_chunked(gunicorn, submissions_url(campaign), body)
    assert status == 201, data
    assert Submission.objects.get().comment == "in Stücken"

    big = json.dumps(feature(comment="x" * (2 * settings.GP_MAX_BODY_BYTES))).encode()
    status, data = post_chunked(gunicorn, submissions_url(campaign), big)
    assert (status, data["code"], data["limit"]) == (
        413,
        "body_too_large",
        settings.GP_MAX_BODY_BYTES,
    )
    assert Submission.objects.count() == 1
