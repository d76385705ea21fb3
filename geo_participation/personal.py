"""Cache-Control: private on every answer made for someone in particular.

Own pending posts, exact positions for staff, a signed-in name in the page header, a new client
cookie: such an answer may go to its browser's cache, never to a shared one (a proxy or CDN)
that would hand it to the next visitor. One rule for every endpoint, applied by the middleware.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control

from geo_participation.clients import COOKIE as CLIENT_COOKIE


def asked_by_someone(request) -> bool:
    """Return whether the request says who sends it: credentials, a session or the client cookie."""
    return (
        "HTTP_AUTHORIZATION" in request.META
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or CLIENT_COOKIE in request.COOKIES
    )


def declared_public(response) -> bool:
    """Return whether the view said the answer is the same for everyone (Cache-Control: public)."""
    directives = response.get("Cache-Control", "").lower().replace(" ", "").split(",")
    return "public" in directives


def private_if_personal(request, response):
    """Mark the response private if it may depend on who asks, or hands out an identity.

    A view that knows its answer is the same for everyone says `public` (a published photo, a
    public tile) and keeps it; a response that sets a cookie is private whatever it says.
    """
    if "no-store" in response.get("Cache-Control", ""):
        return response  # kept nowhere at all: private would say less
    if response.cookies or (asked_by_someone(request) and not declared_public(response)):
        patch_cache_control(response, private=True)
    return response


class PrivateCachingMiddleware:
    """Apply private_if_personal to every response the application makes (not static files)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        """Return the response, private when made for someone in particular."""
        return private_if_personal(request, self.get_response(request))
