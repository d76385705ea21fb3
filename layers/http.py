"""HTTP for every delivery endpoint: the error shape, ETag and 304, Cache-Control, CORS, Vary.

Tiles, TileJSON, OGC API Features, aggregate layers, density rasters, exports and reports all
answer through these helpers, so one rule (who may cache what, which headers an answer varies
on) cannot drift between them.
"""

import hashlib
import math
from functools import wraps

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified, JsonResponse
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from rest_framework.exceptions import APIException

from geo_participation.campaigns.selectors import campaign_by_slug

__all__ = [
    "CORS",
    "SLUG_PATH",
    "binary",
    "campaign_by_slug",
    "campaign_not_found",
    "caching_headers",
    "content_encoding",
    "error",
    "etag_matches",
    "not_modified",
    "refused",
    "safe_only",
    "strong_etag",
    "vary_on",
    "vary_on_viewer",
]

# Any origin may read public delivery answers; an answer for a signed-in viewer still needs
# that viewer's own credentials (no Access-Control-Allow-Credentials).
CORS = {"Access-Control-Allow-Origin": "*"}
# The path segment a campaign slug is taken from; geo_participation.campaigns.selectors
# decides whether it is one (anything else is answered 404 without a query).
SLUG_PATH = r"(?P<slug>[^/]+)"
# Answers that depend on who asks vary on the credentials that say it.
VIEWER_VARY = ("Authorization", "Cookie")


def error(detail: str, code: str, status: int, *, headers=None, **context) -> JsonResponse:
    """Return the project's JSON error, {"detail", "code", ...context}, readable cross-origin."""
    body = {"detail": detail, "code": code, **context}
    return JsonResponse(body, status=status, headers=CORS | (headers or {}))


def safe_only(view):
    """Answer anything but GET and HEAD with a 405 in the error shape (require_safe's is empty)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return error(
                f"{request.method} is not allowed here; use GET or HEAD.",
                "method_not_allowed",
                405,
                headers={"Allow": "GET, HEAD"},
            )
        return view(request, *args, **kwargs)

    return wrapped


def refused(exc: APIException) -> JsonResponse:
    """Return the error for a refused request: its status and code, with the challenge and the
    Retry-After that refused credentials carry (as DRF's exception handler answers them)."""
    headers = {}
    # Set by geo_participation.accounts.viewer: Basic for GIS clients, none for browsers.
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(math.ceil(exc.wait))
    code = getattr(exc, "code", None) or exc.default_code
    context = getattr(exc, "context", {})
    return error(str(exc.detail), code, exc.status_code, headers=headers, **context)


def campaign_not_found(slug: str) -> JsonResponse:
    """Return the 404 for a slug that names no campaign."""
    return error(f"No campaign {slug[:80]!r}.", "not_found", 404)


def strong_etag(*parts) -> str:
    """Return a strong ETag hashed from what shapes an answer (version, parameters, revision)."""
    return '"' + hashlib.sha256(repr(parts).encode()).hexdigest()[:32] + '"'


def etag_matches(request, etag: str) -> bool:
    """Return whether the request's If-None-Match names this ETag (weak comparison, RFC 9110)."""
    header = request.META.get("HTTP_IF_NONE_MATCH")
    if not header:
        return False
    tags = {tag.removeprefix("W/") for tag in parse_etags(header)}
    return "*" in tags or etag in tags


def caching_headers(
    *, etag: str | None = None, private: bool = False, max_age: int | None = None
) -> dict:
    """Return CORS, the validator and the cache lifetime of a delivery answer.

    private: the answer depends on who asks (exact positions for staff): browsers may keep it,
    shared caches must not.
    """
    age = settings.GP_TILE_MAX_AGE if max_age is None else max_age
    headers = CORS | {"Cache-Control": f"{'private' if private else 'public'}, max-age={age}"}
    if etag is not None:
        headers["ETag"] = etag
    return headers


def not_modified(request, headers: dict) -> HttpResponseNotModified | None:
    """Return a 304 carrying these headers when If-None-Match names their ETag, else None."""
    if "ETag" in headers and etag_matches(request, headers["ETag"]):
        return HttpResponseNotModified(headers=headers)
    return None


def binary(data: bytes, content_type: str, headers: dict) -> HttpResponse:
    """Return bytes as an answer; empty bytes as 204 No Content (an empty tile for MapLibre)."""
    if data:
        return HttpResponse(data, content_type=content_type, headers=headers)
    response = HttpResponse(status=204, headers=headers)
    del response["Content-Type"]
    return response


def content_encoding(request, offered: tuple[str, ...]) -> str | None:
    """Return the first of the offered content codings the request's Accept-Encoding accepts
    (q > 0, "*" included), or None for the bytes as they are."""
    accepted = {}
    for item in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","):
        coding, _, parameters = item.strip().partition(";")
        quality = 1.0
        name, _, value = parameters.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                quality = float(value)
            except ValueError:
                quality = 0.0
        accepted[coding.strip().lower()] = quality
    for coding in offered:
        if accepted.get(coding, accepted.get("*", 0.0)) > 0:
            return coding
    return None


def vary_on_viewer(response: HttpResponse, *more: str) -> HttpResponse:
    """Mark an answer as depending on who asks (and on these other request headers)."""
    return vary_on(response, *VIEWER_VARY, *more)


def vary_on(response: HttpResponse, *headers: str) -> HttpResponse:
    """Mark an answer as depending on these request headers."""
    patch_vary_headers(response, headers)
    return response
