from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "geo_participation.accounts"
    label = "gp_accounts"

    def ready(self):
        from . import schema  # noqa: F401 - registers the OpenAPI security scheme
