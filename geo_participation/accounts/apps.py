from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "geo_participation.accounts"
    label = "gp_accounts"
