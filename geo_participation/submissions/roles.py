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
    # Planners get no admin rights: the admin shows pending and rejected submissions with
    # their authors, and planners work with published data only.
    "planners": [],
}


def ensure_groups(**kwargs):
    """Create the role groups and set exactly their permissions (runs after every migrate)."""
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    names = {"moderators": settings.GP_MODERATORS_GROUP, "planners": settings.GP_PLANNERS_GROUP}
    for role, perms in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=names[role])
        wanted = Q(pk__in=[])
        for app_label, codename in perms:
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.filter(wanted))
