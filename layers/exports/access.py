"""Who may export: planners (and superusers), by session, HTTP basic auth or token."""

from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import BasePermission

from geo_participation.accounts.roles import is_planner


class IsPlanner(BasePermission):
    """Planners only: anonymous callers get 401 (with a Basic challenge), others 403."""

    message = "Exports and reports are for planners."

    def has_permission(self, request, view) -> bool:
        """Allow planners (by any authenticator) only."""
        return is_planner(request.user)


def navigation(request) -> bool:
    """Return whether a person opened the URL in the browser (a link, the address bar)."""
    destination = request.headers.get("Sec-Fetch-Dest")
    if destination is not None:
        return destination == "document"
    # Plain-http browsers without fetch metadata: a page load prefers HTML.
    return request.get_preferred_type(["application/json", "text/html"]) == "text/html"


class LoginPageForPeople:
    """Send a person who opens a planner URL without being logged in to the site's login.

    Scripts and GIS clients keep the 401 with its Basic challenge; a browser tab would only
    show JSON, so it gets the login page with ?next= and comes back after signing in.
    """

    def handle_exception(self, exc):
        """Return the login redirect for an anonymous navigation, else DRF's answer."""
        if isinstance(exc, NotAuthenticated) and navigation(self.request):
            return redirect_to_login(self.request.get_full_path())
        return super().handle_exception(exc)


def operator():
    """Return the viewer management commands read as: trusted, like a planner.

    Whoever runs manage.py can read the database directly, so the commands see what planners
    see (sensitive places exactly). The user is never saved.
    """
    return get_user_model()(username="manage.py", is_superuser=True)
