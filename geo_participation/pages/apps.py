"""App config of pages."""

from django.apps import AppConfig


class PagesConfig(AppConfig):
    """Pages app, labelled pages."""

    name = "geo_participation.pages"
    label = "pages"

    def ready(self):
        """Register the deploy check of the operator's details."""
        from . import checks  # noqa: F401 - importing registers it
