"""App config of photos."""

from django.apps import AppConfig


class PhotosConfig(AppConfig):
    """Photos app, labelled photos."""

    name = "geo_participation.submissions.photos"
    label = "photos"

    def ready(self):
        """Connect the receivers that delete photo files with their rows."""
        from . import signals  # noqa: F401 - connects the receivers
