"""Give every new campaign the default public statuses, whoever creates it."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import DEFAULT_PUBLIC_STATUSES, Campaign, PublicStatus


def ensure_public_statuses(campaign: Campaign) -> None:
    """Create the default public statuses the campaign lacks (by key); keep the others."""
    # ignore_conflicts: a fixture or a second call may already have made some of them.
    PublicStatus.objects.bulk_create(
        [
            PublicStatus(campaign=campaign, key=key, label=label, position=position)
            for position, (key, label, _english) in enumerate(DEFAULT_PUBLIC_STATUSES)
        ],
        ignore_conflicts=True,
    )


@receiver(post_save, sender=Campaign, dispatch_uid="campaign_public_statuses")
def _campaign_created(sender, instance, created, **kwargs):
    # Posts reference their campaign's initial status by a foreign key: it must exist before
    # the first post does.
    if created:
        ensure_public_statuses(instance)
