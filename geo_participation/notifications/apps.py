"""App config of notifications."""

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """Notification mails to authors and followers, labelled notifications."""

    name = "geo_participation.notifications"
    label = "notifications"

    def ready(self):
        """Connect the receiver that queues mails for every recorded decision."""
        from . import receivers  # noqa: F401
