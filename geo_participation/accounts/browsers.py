"""Browsers: how a request from one is told apart, and what it may not do with credentials.

A browser keeps HTTP Basic credentials once it has been asked for them and then sends them with
every request to this host, including a form that a page of another site submits. So browsers
are never asked (no Basic challenge to them), and a write authenticated by a header (Basic or a
token) must be JSON from no foreign origin, which a page of another site cannot send without
the CORS preflight we never grant. Sessions keep Django's CSRF check instead.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from geo_participation.errors import Rejected

WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# What GIS clients and curl are asked for (GDAL and QGIS send Basic credentials only when asked).
BASIC_CHALLENGE = 'Basic realm="api"'
# What browsers are asked for instead: a scheme they have no dialog for, so 401 stays 401.
TOKEN_CHALLENGE = 'Token realm="api"'


def from_browser(request) -> bool:
    """Return whether the request comes from a browser (a page, a script in a page, a fetch)."""
    headers = request.headers
    # Fetch metadata: every current browser sends it (to https and localhost origins).
    if "Sec-Fetch-Mode" in headers or "Sec-Fetch-Dest" in headers:
        return True
    # XMLHttpRequest libraries mark their requests; GDAL, QGIS and curl do not.
    if "X-Requested-With" in headers:
        return True
    # A navigation over plain http: the Accept of a page load prefers HTML.
    accept = headers.get("Accept", "")
    return "text/html" in accept and (
        request.get_preferred_type(["application/json", "text/html"]) == "text/html"
    )


def challenge(request) -> str:
    """Return the WWW-Authenticate challenge of a 401: Basic for GIS clients, none for browsers."""
    return TOKEN_CHALLENGE if from_browser(request) else BASIC_CHALLENGE


def _own_origin(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


def cross_site(request) -> bool:
    """Return whether a page of another site sent the request (Origin, Sec-Fetch-Site)."""
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return True
    origin = request.headers.get("Origin")
    # No Origin: scripts, curl, GIS clients (browsers send one with every cross-origin write).
    if origin is None:
        return False
    return origin != _own_origin(request) and origin not in settings.CSRF_TRUSTED_ORIGINS


def _json_body(request) -> bool:
    media_type = request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    if not media_type and request.META.get("CONTENT_LENGTH") in (None, "", "0"):
        # No body at all ("me too", an approve without a photo): a form always sends a
        # Content-Type, and a cross-site fetch is refused by its Origin above.
        return True
    # application/json and its kin (application/geo+json): no form can send these.
    return media_type == "application/json" or (
        media_type.startswith("application/") and media_type.endswith("+json")
    )


def _view_allows(request) -> bool:
    view = (getattr(request, "parser_context", None) or {}).get("view")
    return view is None or request.method.lower() in (m.lower() for m in view.allowed_methods)


def refuse_cross_site_write(request) -> None:
    """Refuse a write carrying Basic or token credentials unless it is JSON from no other site."""
    if request.method not in WRITES or not _view_allows(request):
        # A method the view does not have is DRF's 405, whoever sends it.
        return
    if cross_site(request):
        raise Rejected(
            _("Writes with Basic or token credentials are not accepted from another site."),
            code="cross_origin",
            status_code=403,
        )
    if not _json_body(request):
        raise Rejected(
            _(
                "Writes with Basic or token credentials must be sent as "
                "Content-Type: application/json."
            ),
            code="unsupported_media_type",
            status_code=415,
        )
