"""Option image files follow their rows (deleted with the option or its campaign); one's ballots
ride along in the download of one's own data."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from geo_participation.accounts.signals import personal_data_collecting
from geo_participation.submissions.photos.services import delete_files

from .models import Ballot, PollOption


@receiver(post_delete, sender=PollOption)
def _delete_option_files(sender, instance, **kwargs):
    names = [instance.image.name, instance.thumbnail.name]
    transaction.on_commit(lambda: delete_files(names))


@receiver(personal_data_collecting)
def ballots_of(sender, user, **kwargs) -> dict:
    """Return the person's ballots for the download of their own data (DSGVO Art. 20)."""
    ballots = Ballot.objects.filter(user=user).select_related("campaign").order_by("created_at")
    return {
        "ballots": [
            {
                "campaign": b.campaign.slug,
                "answers": b.answers,
                "created_at": b.created_at,
                "updated_at": b.updated_at,
            }
            for b in ballots
        ]
    }
