"""App config of health."""

from django.apps import AppConfig


class HealthConfig(AppConfig):
    """Health app, labelled health: outage answers and the /healthz and /readyz probes."""

    name = "geo_participation.health"
    label = "health"

    def ready(self):
        """Note outages raised outside views (middleware, sessions) for OutageMiddleware."""
        from django.core.signals import got_request_exception

        from .outages import note_outage

        got_request_exception.connect(note_outage, dispatch_uid="geo_participation.health")
