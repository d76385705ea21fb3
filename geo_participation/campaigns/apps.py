"""App config of campaigns."""

from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    """Campaigns app, labelled campaigns."""

    name = "geo_participation.campaigns"
    label = "campaigns"

    def ready(self):
        """Connect the signal that gives new campaigns their public statuses."""
        from . import signals  # noqa: F401
