"""App config of pages."""

from django.apps import AppConfig


class PagesConfig(AppConfig):
    """Pages app, labelled pages."""

    name = "geo_participation.pages"
    label = "pages"
