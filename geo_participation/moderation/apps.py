from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "geo_participation.moderation"
    label = "moderation"
