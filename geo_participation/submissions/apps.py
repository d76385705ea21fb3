"""App config of submissions."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SubmissionsConfig(AppConfig):
    """Submissions app, labelled submissions."""

    name = "geo_participation.submissions"
    label = "submissions"

    def ready(self):
        """Keep the role groups in step after migrate, `near` after a gazetteer load, and erase
        an author's posts and supports with their account."""
        from geo_participation.accounts.roles import ensure_groups
        from geo_participation.accounts.signals import account_deleting
        from geo_participation.places.loading import places_loaded

        from .near import refresh_near

        post_migrate.connect(ensure_groups, sender=self)
        # A new gazetteer renames what submissions are near, in the loading transaction.
        places_loaded.connect(refresh_near, dispatch_uid="submissions-near")
        account_deleting.connect(_erase_author, dispatch_uid="submissions-account-deleting")


def _erase_author(sender, *, user, keep_posts, **kwargs):
    from .services import author_erase

    author_erase(user=user, keep_posts=keep_posts)
