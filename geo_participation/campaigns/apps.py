"""App config of campaigns."""

from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    """Campaigns app, labelled campaigns."""

    name = "geo_participation.campaigns"
    label = "campaigns"
