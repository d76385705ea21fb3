"""Queue the mails a decision owes, in its own transaction; add follows to one's data download."""

from django.dispatch import receiver

from geo_participation.accounts.signals import personal_data_collecting
from geo_participation.moderation.signals import change_recorded

from . import selectors, services, tasks


@receiver(change_recorded)
def queue_notifications(sender, change, **kwargs):
    """Write the outbox rows for the change and defer one send job each.

    The jobs are rows in procrastinate's table written through Django's connection, so they
    commit with the decision or vanish with its rollback: never a mail for an undone decision,
    never a lost one for a kept decision.
    """
    tasks.queue(services.notifications_create(change=change))


@receiver(personal_data_collecting)
def follows_and_mail_choice(sender, user, **kwargs) -> dict:
    """Return the posts the person follows and whether they get notification mails."""
    return {
        "notification_mails": selectors.mail_enabled(user),
        "follows": [
            {
                "submission": f.submission_id,
                "campaign": f.submission.campaign.slug,
                "language": f.language,
                "created_at": f.created_at,
            }
            for f in selectors.followed_submissions(user=user)
        ],
    }
