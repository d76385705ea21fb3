"""App config of polls."""

from django.apps import AppConfig


class PollsConfig(AppConfig):
    """Polls and votes: questions, options and one ballot per person; labelled polls."""

    name = "geo_participation.polls"
    label = "polls"

    def ready(self):
        """Connect the receivers that delete option images with their rows."""
        from . import signals  # noqa: F401 - connects the receivers
