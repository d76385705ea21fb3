"""Queue the mails a decision owes, in the decision's own transaction."""

from django.dispatch import receiver

from geo_participation.moderation.signals import change_recorded

from . import services, tasks


@receiver(change_recorded)
def queue_notifications(sender, change, **kwargs):
    """Write the outbox rows for the change and defer one send job each.

    The jobs are rows in procrastinate's table written through Django's connection, so they
    commit with the decision or vanish with its rollback: never a mail for an undone decision,
    never a lost one for a kept decision.
    """
    tasks.queue(services.notifications_create(change=change))
