"""Anonymous client identity: a signed cookie, so anonymous authors see their own pending posts
and each anonymous client has a rate budget of its own (geo_participation.throttling)."""

import secrets

from django.core import signing

COOKIE = "gp_client"
SALT = "geo_participation.client"
MAX_AGE = 365 * 24 * 3600


def _from_cookie(request):
    try:
        return request.get_signed_cookie(COOKIE, salt=SALT, max_age=MAX_AGE)
    except (KeyError, signing.BadSignature):
        return None


def client_id(request):
    """Return the anonymous client id of this request, creating one if needed."""
    # DRF wraps the HttpRequest; the middleware sees only the inner one.
    request = getattr(request, "_request", request)
    if not hasattr(request, "_gp_client"):
        cid = _from_cookie(request)
        request._gp_client_new = cid is None
        request._gp_client = cid or secrets.token_urlsafe(24)
    return request._gp_client


def known_client_id(request):
    """Return the client id from the request's cookie, or None when it carries none."""
    cid = client_id(request)
    request = getattr(request, "_request", request)
    return None if request._gp_client_new else cid


def presented_client_id(request):
    """Return the client id from the request's cookie, or None, without handing one out."""
    # For the throttles: answers to place searches stay shareable by caches.
    request = getattr(request, "_request", request)
    if hasattr(request, "_gp_client"):
        return None if request._gp_client_new else request._gp_client
    return _from_cookie(request)


class ClientIdMiddleware:
    """Set the client cookie on responses when a view handed out a new id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        """Return the view's response, setting the client cookie when a new id was handed out."""
        response = self.get_response(request)
        if getattr(request, "_gp_client_new", False):
            response.set_signed_cookie(
                COOKIE,
                request._gp_client,
                salt=SALT,
                max_age=MAX_AGE,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response
