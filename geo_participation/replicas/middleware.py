"""Per request: may its reads go to a replica? And read-your-writes for whoever just wrote.

A request reads from a healthy replica only when its answer is the same for everybody and
may be a moment old: a safe method (GET, HEAD, OPTIONS), a public delivery or list path
(REPLICA_PREFIXES), no credentials (no Authorization header, no session cookie: a signed-in
viewer's answer is personal and may show what they just did) and not pinned. Everything
else, and every write, is on the primary.

Pinning: a non-safe request that succeeded (a submission, a support, a moderation, a login)
sets the cookie PIN_COOKIE for GP_REPLICA_PIN_SECONDS; while it lasts, that browser reads
from the primary, so it sees its own write at once. The cookie holds only the time it ends
(no personal data, nothing secret: forging it only sends one's own reads to the primary). API
clients that keep no cookies get read-your-writes through their credentials: a request with
an Authorization header always reads the primary.

A replica failing during a request (down, restarted) is taken out until its next check and
the request is answered again from the primary: a public request answered 503 (or turned
into a 500 by an outage) is run once more, reading the primary. Only safe requests read a
replica, so running one twice changes nothing; if the primary is out too, its 503 stands.
"""

import time

from django.conf import settings

from geo_participation.health.outages import FAILURE

from .health import healthy_replica, mark_down
from .routing import reads_on, replica_aliases

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
PIN_COOKIE = "gp_primary"
# Tiles, TileJSON, OGC API, aggregates and density rasters, exports, reports, and the public
# lists of the API (campaigns, a campaign's public submissions, nearby submissions).
REPLICA_PREFIXES = ("/tiles/", "/ogc", "/heatmaps/", "/exports/", "/reports/", "/api/campaigns/")


def may_read_replica(request) -> bool:
    """Return whether this request's answer may come from a replica (see the module)."""
    return (
        request.method in SAFE_METHODS
        and request.path.startswith(REPLICA_PREFIXES)
        and "HTTP_AUTHORIZATION" not in request.META
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not is_pinned(request)
    )


def is_pinned(request) -> bool:
    """Return whether the request carries a pin cookie that has not ended yet."""
    try:
        ends = float(request.COOKIES.get(PIN_COOKIE, ""))
    except ValueError:
        return False
    return ends > time.time()


def pin(response) -> None:
    """Pin the client to the primary for GP_REPLICA_PIN_SECONDS (it has just written)."""
    seconds = settings.GP_REPLICA_PIN_SECONDS
    response.set_cookie(
        PIN_COOKIE,
        str(int(time.time() + seconds) + 1),
        max_age=seconds,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


class ReplicaRoutingMiddleware:
    """Choose the request's read database; pin writers to the primary (second in MIDDLEWARE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        """Return the response, read from a replica where allowed, else from the primary."""
        if not replica_aliases():
            return self.get_response(request)
        alias = healthy_replica() if may_read_replica(request) else None
        with reads_on(alias):
            response = self.get_response(request)
        # An outage is answered 503 by OutageMiddleware or the API's exception handler, or
        # marked on the request when Django made it a 500 (FAILURE, replaced above us).
        if alias is not None and (response.status_code == 503 or hasattr(request, FAILURE)):
            response = self._again_on_primary(request, alias)
        if request.method not in SAFE_METHODS and response.status_code < 400:
            pin(response)
        return response

    def _again_on_primary(self, request, alias):
        # The failure may have been the primary's: then it fails again and is answered 503.
        mark_down(alias)
        if hasattr(request, FAILURE):
            delattr(request, FAILURE)
        with reads_on(None):
            return self.get_response(request)
