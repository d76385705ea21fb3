"""Who is asking for a tile: the public, or a moderator or planner who may see exact places."""

from django.conf import settings
from rest_framework.authentication import BasicAuthentication

from geo_participation.submissions.selectors import sees_exact_sensitive


def sees_exact(request) -> bool:
    """Return whether the viewer (basic auth or session) may see sensitive places exactly."""
    # Wrong basic-auth credentials raise rest_framework's AuthenticationFailed (the view: 401).
    if request.META.get("HTTP_AUTHORIZATION", "")[:6].lower() == "basic ":
        # The same check as the API's: Django's authenticate() with the user's password.
        found = BasicAuthentication().authenticate(request)
        return found is not None and sees_exact_sensitive(found[0])
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        # Without a session cookie the viewer is anonymous: reading request.user would load an
        # empty session for nothing (and mark the response as varying by cookie).
        return False
    return sees_exact_sensitive(request.user)
