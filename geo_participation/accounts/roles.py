"""Roles: moderators, planners, campaign managers, and what each may see. The one place that asks.

Roles are Django groups (names from settings), kept in step with their admin permissions after
every migrate. A superuser holds every role.
"""

from django.conf import settings

# What each group may do in the admin; the API and pages ask the predicates below.
GROUP_PERMISSIONS = {
    "moderators": [
        ("submissions", "view_submission"),
        ("submissions", "change_submission"),
        # The post's history, read-only beside it (moderation.admin.ChangeInline).
        ("submissions", "view_submissionchange"),
        ("campaigns", "view_campaign"),
        ("campaigns", "view_category"),
    ],
    # Planners get no admin rights: the admin shows pending and rejected submissions with
    # their authors, and planners work with published data only.
    "planners": [],
    # Campaign managers set up campaigns on the site's own pages (/einrichten/), not the admin.
    "campaign_managers": [],
}


def _groups(user) -> frozenset:
    # Memoised on the user object: a request (or a list of photos) asks once, not per check.
    names = getattr(user, "_gp_groups", None)
    if names is None:
        names = frozenset(user.groups.values_list("name", flat=True))
        user._gp_groups = names
    return names


def _has(user, *groups: str) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or not _groups(user).isdisjoint(groups)


def is_moderator(user) -> bool:
    """Return whether the user may moderate (moderators group, or superuser)."""
    return _has(user, settings.GP_MODERATORS_GROUP)


def is_planner(user) -> bool:
    """Return whether the user is a planner (planners group, or superuser)."""
    return _has(user, settings.GP_PLANNERS_GROUP)


def is_campaign_manager(user) -> bool:
    """Return whether the user may set up campaigns (campaign managers group, or superuser)."""
    return _has(user, settings.GP_CAMPAIGN_MANAGERS_GROUP)


def may_respond(user) -> bool:
    """Return whether the user may set a post's public status and answer (moderators, planners)."""
    return _has(user, settings.GP_MODERATORS_GROUP, settings.GP_PLANNERS_GROUP)


def sees_exact_sensitive(user) -> bool:
    """Return whether the user may see sensitive categories at their exact position."""
    return _has(user, settings.GP_MODERATORS_GROUP, settings.GP_PLANNERS_GROUP)


def ensure_groups(**kwargs):
    """Create the role groups and set exactly their permissions (runs after every migrate)."""
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    names = {
        "moderators": settings.GP_MODERATORS_GROUP,
        "planners": settings.GP_PLANNERS_GROUP,
        "campaign_managers": settings.GP_CAMPAIGN_MANAGERS_GROUP,
    }
    for role, perms in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=names[role])
        wanted = Q(pk__in=[])
        for app_label, codename in perms:
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.filter(wanted))
