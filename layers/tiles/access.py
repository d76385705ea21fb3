"""Who is asking for a tile: the public, or a moderator or planner who may see exact places."""

from geo_participation.accounts.roles import sees_exact_sensitive
from geo_participation.accounts.viewer import request_viewer


def sees_exact(request) -> bool:
    """Return whether the viewer may see sensitive places exactly (raises AuthenticationFailed
    for bad credentials: the view answers 401)."""
    return sees_exact_sensitive(request_viewer(request))
