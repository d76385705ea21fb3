"""App config of moderation."""

from django.apps import AppConfig


class ModerationConfig(AppConfig):
    """Moderation app, labelled moderation."""

    name = "geo_participation.moderation"
    label = "moderation"
