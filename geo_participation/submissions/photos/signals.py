"""Photo files follow their rows: deleted with the photo, and a rejected submission's photo
is deleted at once (a rejection is final, so nobody could ever see it again)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from geo_participation.submissions.models import Status, Submission

from .models import Photo
from .services import delete_files


@receiver(post_delete, sender=Photo)
def _delete_photo_files(sender, instance, **kwargs):
    names = [instance.image.name, instance.thumbnail.name]
    transaction.on_commit(lambda: delete_files(names))


@receiver(post_save, sender=Submission)
def _drop_photo_of_rejected(sender, instance, **kwargs):
    if instance.status == Status.REJECTED:
        Photo.objects.filter(submission=instance).delete()
