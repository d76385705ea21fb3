from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "geo_participation.web"
    label = "web"
    verbose_name = "Citizen pages"
