"""App config of submissions."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SubmissionsConfig(AppConfig):
    """Submissions app, labelled submissions."""

    name = "geo_participation.submissions"
    label = "submissions"

    def ready(self):
        """Keep the role groups in step after migrate, and `near` after a gazetteer load."""
        from geo_participation.accounts.roles import ensure_groups
        from geo_participation.places.loading import places_loaded

        from .near import refresh_near

        post_migrate.connect(ensure_groups, sender=self)
        # A new gazetteer renames what submissions are near, in the loading transaction.
        places_loaded.connect(refresh_near, dispatch_uid="submissions-near")
