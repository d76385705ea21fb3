"""Send one notification exactly once: lock its outbox row, check the recipient's choices, send."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from geo_participation.submissions.models import Status

from . import selectors
from .mails import build_message
from .models import Notification, Role, Skipped


def _skip_reason(notification: Notification) -> str:
    """Return why the mail must not go out now (the recipient's choices at send time), or ""."""
    user = notification.recipient
    submission = notification.change.submission
    if not selectors.mail_enabled(user):
        return Skipped.MAIL_OFF
    if notification.role == Role.AUTHOR:
        if selectors.is_muted(user=user, submission_id=submission.pk):
            return Skipped.MUTED
    else:
        if not selectors.is_following(user=user, submission_id=submission.pk):
            return Skipped.MUTED
        # Followers read only about published posts: nothing unpublished is ever public.
        if submission.status != Status.APPROVED:
            return Skipped.NOT_PUBLIC
    return ""


def deliver(*, notification_id: int) -> str:
    """Send the notification unless it was sent or skipped; return sent, a skip reason or done.

    The row stays locked while the mail goes out, so a second job for it (a re-queue racing
    a retry) waits and then finds it sent. A failure rolls back, counts the attempt and
    raises for the worker's retry.
    """
    try:
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(of=("self",))
                .select_related("recipient", "change__submission__campaign")
                .select_related("change__submission__category")
                .filter(pk=notification_id)
                .first()
            )
            if notification is None or notification.sent_at or notification.skipped:
                return "done"
            address = selectors.confirmed_address(notification.recipient)
            notification.skipped = _skip_reason(notification) or (
                "" if address else Skipped.NO_ADDRESS
            )
            if not notification.skipped:
                build_message(notification, address=address).send()
                notification.sent_at = timezone.now()
            notification.save(update_fields=["skipped", "sent_at"])
            return notification.skipped or "sent"
    except Exception as exc:
        Notification.objects.filter(pk=notification_id).update(
            failed_attempts=F("failed_attempts") + 1,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        raise
