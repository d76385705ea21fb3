"""App config of throttling (its counters live in a table of their own)."""

from django.apps import AppConfig


class ThrottlingConfig(AppConfig):
    """Throttling app: per-client rate budgets, labelled throttling."""

    name = "geo_participation.throttling"
    label = "throttling"
