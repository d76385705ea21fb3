from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SubmissionsConfig(AppConfig):
    name = "geo_participation.submissions"
    label = "submissions"

    def ready(self):
        from geo_participation.accounts.roles import ensure_groups

        post_migrate.connect(ensure_groups, sender=self)
