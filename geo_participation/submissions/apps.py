"""App config of submissions."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SubmissionsConfig(AppConfig):
    """Submissions app, labelled submissions."""

    name = "geo_participation.submissions"
    label = "submissions"

    def ready(self):
        """Keep the role groups and their permissions in step after every migrate."""
        from geo_participation.accounts.roles import ensure_groups

        post_migrate.connect(ensure_groups, sender=self)
