"""Who is asking for a tile or an aggregate: the public, or staff who may see more.

Moderators and planners see sensitive places exactly; planners see every number of the ratings
per section, small ones included (the public gets them k-suppressed: heatmaps.sections).
"""

from geo_participation.accounts.roles import is_planner, sees_exact_sensitive
from geo_participation.accounts.viewer import request_viewer


def sees_exact(request) -> bool:
    """Return whether the viewer may see sensitive places exactly (raises AuthenticationFailed
    for bad credentials: the view answers 401)."""
    return sees_exact_sensitive(request_viewer(request))


def sees_every_number(request) -> bool:
    """Return whether the viewer gets section numbers unsuppressed (planners; raises
    AuthenticationFailed for bad credentials)."""
    return is_planner(request_viewer(request))
