"""The moderators and planners groups, kept in step with their admin permissions."""

from django.conf import settings

# What each group may do in the admin; the API checks group membership itself.
GROUP_PERMISSIONS = {
    "moderators": [
        ("submissions", "view_submission"),
        ("submissions", "change_submission"),
        ("campaigns", "view_campaign"),
        ("campaigns", "view_category"),
    ],
    "planners": [
        ("submissions", "view_submission"),
        ("campaigns", "view_campaign"),
        ("campaigns", "view_category"),
    ],
}


def ensure_groups(**kwargs):
    """Create the role groups and grant their permissions (runs after every migrate)."""
    from django.contrib.auth.models import Group, Permission

    names = {"moderators": settings.GP_MODERATORS_GROUP, "planners": settings.GP_PLANNERS_GROUP}
    for role, perms in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=names[role])
        for app_label, codename in perms:
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                group.permissions.add(permission)
