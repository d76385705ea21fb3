from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "geo_participation.campaigns"
    label = "campaigns"
