"""App config of places."""

from django.apps import AppConfig


class PlacesConfig(AppConfig):
    """Places app (the gazetteer), labelled places."""

    name = "geo_participation.places"
    label = "places"
    default_auto_field = "django.db.models.BigAutoField"
