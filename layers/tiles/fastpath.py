"""The fast path for anonymous tile requests: answered before the middleware they do not need.

A map view asks for dozens of tiles at once, nearly all from people who are not signed in. Such
a request needs no session, user, CSRF check, messages, client id or locale negotiation, so
this middleware (right after the outage and replica middleware, settings.MIDDLEWARE) answers it
with the same tile view the URL map routes to, and applies only the middleware whose headers
every answer carries (HEADERS). A request that says who sends it (credentials, a session or the
client cookie) or has a body takes the full stack, so its viewer is found as everywhere else.
tests/layers/tiles/test_tile_path.py proves the answers equal the full stack's.
"""

from django.conf import settings
from django.utils import translation
from django.utils.module_loading import import_string

from geo_participation.languages import language_neutral
from geo_participation.personal import asked_by_someone
from layers.registry import LAYERS

from . import urls, views

# The middleware whose request checks (HTTPS redirect, allowed hosts) and response headers
# (security headers, Content-Security-Policy, X-Frame-Options, Content-Length, gzip of a JSON
# error) tile answers keep, in settings.MIDDLEWARE order. The ones left out only act on
# requests that name someone or on pages: sessions, locale, CSRF, authentication, messages,
# client id, allauth, the login lockout, private caching (no tile answer here is personal),
# WhiteNoise (static files) and the body limits (no body here).
HEADERS = (
    "django.middleware.security.SecurityMiddleware",
    "geo_participation.csp.ContentSecurityPolicyMiddleware",
    "geo_participation.compression.TextCompressionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
)


def tile_routes() -> list:
    """Return (prefix, URL pattern) of every registered layer's tile route, by mount."""
    found = []
    for mount in sorted({layer.mount for layer in LAYERS.values()}):
        found += [(f"/{mount}/", p) for p in urls.routes(mount) if p.callback is views.tile]
    return found


class TileFastPathMiddleware:
    """Answer anonymous GET and HEAD tile requests with the tile view and HEADERS only."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.routes = tile_routes()
        self.headers = [import_string(path)(get_response) for path in HEADERS]

    def __call__(self, request):
        """Return the tile answer, or the full stack's answer for any other request."""
        match = self._match(request)
        if match is None:
            return self.get_response(request)
        for middleware in self.headers:
            check = getattr(middleware, "process_request", None)
            if check is not None and check(request) is not None:
                return self.get_response(request)  # a redirect or refusal: the full stack's
        with translation.override(settings.LANGUAGE_CODE):
            response = match.func(request, *match.args, **match.kwargs)
        for middleware in reversed(self.headers):
            response = middleware.process_response(request, response)
        return response

    def _match(self, request):
        path = request.path_info
        if (
            request.method not in ("GET", "HEAD")
            or not path.endswith(".mvt")
            or asked_by_someone(request)
            or request.META.get("CONTENT_LENGTH") not in (None, "", "0")
            or "HTTP_TRANSFER_ENCODING" in request.META
            or not language_neutral(path)
        ):
            return None
        for prefix, pattern in self.routes:
            if path.startswith(prefix):
                match = pattern.resolve(path.removeprefix(prefix))
                if match is not None:
                    return match
        return None
