"""App config of the citizen pages."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    """Citizen pages app, labelled web."""

    name = "geo_participation.web"
    label = "web"
    verbose_name = "Citizen pages"
