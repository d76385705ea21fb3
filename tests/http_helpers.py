"""A real HTTP server on 127.0.0.1 for tests of what our server fetches (geocoders, styles,
extracts): those services cannot run here, so a local server answers in their format."""

import threading
from contextlib import contextmanager
from http.server import ThreadingHTTPServer


@contextmanager
def local_http_server(handler):
    """Serve handler on a free port of 127.0.0.1 in a background thread; yield the server."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
