"""App config of accounts."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Accounts app, labelled gp_accounts."""

    name = "geo_participation.accounts"
    label = "gp_accounts"

    def ready(self):
        """Register the OpenAPI scheme of our basic authentication; limit the admin's logins."""
        from django.contrib import admin

        from . import schema  # noqa: F401 - registers the OpenAPI security scheme
        from .forms import AdminLoginForm

        # The admin's login is a way in like the others: the same failed-login limit.
        admin.site.login_form = AdminLoginForm
