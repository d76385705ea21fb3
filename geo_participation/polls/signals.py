"""Option image files follow their rows: deleted when the option (or its campaign) is."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from geo_participation.submissions.photos.services import delete_files

from .models import PollOption


@receiver(post_delete, sender=PollOption)
def _delete_option_files(sender, instance, **kwargs):
    names = [instance.image.name, instance.thumbnail.name]
    transaction.on_commit(lambda: delete_files(names))
