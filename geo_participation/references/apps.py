"""App config of references."""

from django.apps import AppConfig


class ReferencesConfig(AppConfig):
    """Reference layers and their sections, labelled references."""

    name = "geo_participation.references"
    label = "references"
