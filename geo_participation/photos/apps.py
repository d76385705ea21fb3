from django.apps import AppConfig


class PhotosConfig(AppConfig):
    name = "geo_participation.photos"
    label = "photos"

    def ready(self):
        from . import signals  # noqa: F401 - connects the receivers
