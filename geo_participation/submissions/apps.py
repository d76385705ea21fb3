from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "geo_participation.submissions"
    label = "submissions"
