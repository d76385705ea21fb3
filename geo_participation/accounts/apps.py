"""App config of accounts."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Accounts app, labelled gp_accounts."""

    name = "geo_participation.accounts"
    label = "gp_accounts"

    def ready(self):
        """Register the OpenAPI scheme of our verified basic authentication."""
        from . import schema  # noqa: F401 - registers the OpenAPI security scheme
