"""App config of health."""

from django.apps import AppConfig


class HealthConfig(AppConfig):
    """Health app, labelled health: outage answers and the /healthz and /readyz probes."""

    name = "geo_participation.health"
    label = "health"

    def ready(self):
        """Note outages raised outside views (middleware, sessions) for OutageMiddleware; check
        pooled connections without a round trip (pool.py)."""
        from django.core.signals import got_request_exception
        from django.db.backends.signals import connection_created

        from .outages import note_outage
        from .pool import use_idle_check

        got_request_exception.connect(note_outage, dispatch_uid="geo_participation.health")
        connection_created.connect(use_idle_check, dispatch_uid="geo_participation.health.pool")
