from django.apps import AppConfig


class PhotosConfig(AppConfig):
    name = "geo_participation.submissions.photos"
    label = "photos"

    def ready(self):
        from . import signals  # noqa: F401 - connects the receivers
