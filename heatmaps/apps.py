"""The heatmaps app: its models store aggregate runs and their cells."""

from django.apps import AppConfig


class HeatmapsConfig(AppConfig):
    """Aggregation of published submissions: density, grid cells, hotspots and clusters."""

    name = "heatmaps"
    default_auto_field = "django.db.models.BigAutoField"
