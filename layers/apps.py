"""App config of layers, the delivery app."""

from django.apps import AppConfig


class LayersConfig(AppConfig):
    """Delivery: tiles, OGC API Features, exports and reports (templates and commands)."""

    name = "layers"
    default_auto_field = "django.db.models.BigAutoField"
