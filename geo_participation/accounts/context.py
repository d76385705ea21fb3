"""Template context of every page: which staff tools the viewer may open (the header's links)."""

from .roles import is_campaign_manager, is_moderator, is_planner


def roles(request):
    """Return which staff roles the viewer holds, each asked only when shown."""
    user = getattr(request, "user", None)
    return {
        "gp_roles": {
            "moderator": lambda: user is not None and is_moderator(user),
            "planner": lambda: user is not None and is_planner(user),
            "campaign_manager": lambda: user is not None and is_campaign_manager(user),
        }
    }
