"""Who is asking: answered once per request, by the configured DRF authenticators.

DRF views get the same answer as request.user; plain Django views (tiles, OGC API Features,
density tiles) call request_viewer(). So a session, confirmed HTTP Basic credentials and an API
token are the same person on every endpoint, and an unconfirmed account is elevated nowhere.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request
from rest_framework.settings import api_settings

# Kept on the Django request, so a view and its helpers authenticate once.
ATTRIBUTE = "_gp_viewer"


def request_viewer(request):
    """Return the user asking (AnonymousUser for nobody); raise AuthenticationFailed for bad
    credentials, as DRF views do, with the challenge to answer in its auth_header."""
    if isinstance(request, Request):
        return request.user
    viewer = getattr(request, ATTRIBUTE, None)
    if viewer is not None:
        return viewer
    if "HTTP_AUTHORIZATION" not in request.META and (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
    ):
        # Without credentials nobody is asking: spare the hot paths (tiles) the authenticators.
        viewer = AnonymousUser()
    else:
        authenticators = [cls() for cls in api_settings.DEFAULT_AUTHENTICATION_CLASSES]
        try:
            viewer = Request(request, authenticators=authenticators).user
        except AuthenticationFailed as failure:
            # The challenge DRF views give, from the first authenticator (none for browsers):
            # the plain views answer with failure.auth_header as DRF's exception handler does.
            failure.auth_header = authenticators[0].authenticate_header(request)
            raise
    setattr(request, ATTRIBUTE, viewer)
    return viewer
