"""App config of formal_de (no models, no views: a translation catalog)."""

from django.apps import AppConfig


class FormalGermanConfig(AppConfig):
    """The catalog that gives django-allauth's German strings the formal "Sie"."""

    name = "geo_participation.formal_de"
