"""Who may export: planners (and superusers), by session, HTTP basic auth or token."""

from django.contrib.auth import get_user_model
from rest_framework.permissions import BasePermission

from geo_participation.accounts.roles import is_planner


class IsPlanner(BasePermission):
    """Planners only: anonymous callers get 401 (with a Basic challenge), others 403."""

    message = "Exports and reports are for planners."

    def has_permission(self, request, view) -> bool:
        """Allow planners (by any authenticator) only."""
        return is_planner(request.user)


def operator():
    """Return the viewer management commands read as: trusted, like a planner.

    Whoever runs manage.py can read the database directly, so the commands see what planners
    see (sensitive places exactly). The user is never saved.
    """
    return get_user_model()(username="manage.py", is_superuser=True)
