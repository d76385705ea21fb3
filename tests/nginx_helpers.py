"""Debian's nginx in front of the test server, with the configuration in deploy/nginx/.

The tests run nginx as their own process (`nginx -p DIR -c DIR/nginx.conf -g 'daemon off;'`),
never the system service: the server block is deploy/nginx/templates/geo_participation.conf
with its ${GP_NGINX_...} names filled in, as the official image's entrypoint fills them in,
inside a small nginx.conf of our own. `make test` installs nginx (scripts/setup.sh nginx) and
sets GP_REQUIRE_BROWSER=1: then a missing nginx fails these tests instead of skipping them.
"""

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.core.signals import request_started

from tests import web_browser

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy" / "nginx"
TEMPLATE = DEPLOY / "templates" / "geo_participation.conf.template"
SNIPPETS = DEPLOY / "snippets"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PLACEHOLDER = re.compile(r"\$\{(GP_NGINX_[A-Z_]+)\}")

# Only what the server block needs: the process, its logs and temp files in one directory.
MAIN = """\
{user}
worker_processes {workers};
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log {root}/access.log;
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    include {root}/geo_participation.conf;
}}
"""


def render(values: dict) -> str:
    """Return the server configuration with every ${GP_NGINX_...} name filled in."""
    text = TEMPLATE.read_text()
    missing = set(PLACEHOLDER.findall(text)) - set(values)
    assert not missing, f"no value for {sorted(missing)}"
    return PLACEHOLDER.sub(lambda match: str(values[match[1]]), text)


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Nginx:
    """Debian's nginx on 127.0.0.1:port, caching in front of upstream (host:port); also what
    bench/cache.py measures."""

    def __init__(self, upstream: str, *, workers: int = 1):
        self.root = Path(tempfile.mkdtemp(prefix="gp_nginx_"))
        self.cache = self.root / "cache"
        self.port = free_port()
        values = {
            "GP_NGINX_LISTEN": f"127.0.0.1:{self.port}",
            "GP_NGINX_UPSTREAM": upstream,
            "GP_NGINX_CACHE_DIR": self.cache,
            "GP_NGINX_CACHE_SIZE": "64m",
        }
        (self.root / "geo_participation.conf").write_text(render(values))
        shutil.copytree(SNIPPETS, self.root / "snippets")
        # As root, nginx's workers would switch to nobody, who cannot write our directory.
        user = "user root root;" if os.geteuid() == 0 else ""
        (self.root / "nginx.conf").write_text(
            MAIN.format(root=self.root, user=user, workers=workers)
        )
        self.process = None

    def start(self) -> None:
        """Check the configuration, start nginx and wait until it accepts connections."""
        command = [NGINX, "-p", f"{self.root}/", "-c", str(self.root / "nginx.conf")]
        check = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
        assert check.returncode == 0, check.stderr
        self.process = subprocess.Popen(
            [*command, "-g", "daemon off;"], stderr=subprocess.PIPE, start_new_session=True
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                assert self.process.poll() is None, self.process.stderr.read().decode()
                time.sleep(0.05)
        raise AssertionError(f"nginx does not answer on port {self.port}")

    def stop(self) -> None:
        """Stop nginx (fast shutdown) and remove its directory."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=10)
        shutil.rmtree(self.root, ignore_errors=True)

    def get(self, path: str, headers: dict | None = None):
        """Return (status, headers, body) of a GET through nginx."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("GET", path, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()

    def cached_entries(self) -> list[bytes]:
        """Return the bytes of every entry in the cache directory (key, headers and body)."""
        return [path.read_bytes() for path in self.cache.rglob("*") if path.is_file()]


class UpstreamCounter:
    """Count the requests our server (the live server thread) starts, per path."""

    def __init__(self):
        self.paths = []
        request_started.connect(self._seen, dispatch_uid="nginx-upstream-counter")

    def _seen(self, sender, environ, **kwargs):
        self.paths.append(environ["PATH_INFO"])

    def count(self, path: str) -> int:
        """Return how many requests for path (without its query) reached our server."""
        return self.paths.count(path.split("?")[0])

    def close(self) -> None:
        request_started.disconnect(dispatch_uid="nginx-upstream-counter")


def started(live_server) -> Nginx:
    """Return nginx running in front of the live server; skip without nginx, unless
    GP_REQUIRE_BROWSER=1 (make test): then the test fails."""
    if not Path(NGINX).exists():
        if web_browser.REQUIRE_BROWSER:
            pytest.fail(f"GP_REQUIRE_BROWSER=1 but {NGINX} is missing (scripts/setup.sh nginx)")
        pytest.skip("Debian's nginx is missing (scripts/setup.sh nginx)")
    server = Nginx(live_server.url.removeprefix("http://"))
    server.start()
    return server
