from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "geo_participation.pages"
    label = "pages"
