"""The write paths of notifications: outbox rows, follows, unsubscribes, the mail switch."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation

from geo_participation.submissions.models import ChangeKind, Status, Submission, SubmissionChange

from .models import Follow, MailPreference, Mute, Notification, Role


def _language(value: str) -> str:
    return value or settings.LANGUAGE_CODE


def notifications_create(*, change: SubmissionChange) -> list[int]:
    """Write one outbox row per person the change concerns; return their ids.

    The author hears of every decision; followers only of status and answer changes (a
    decision to publish or not is between the author and the moderators). The author who
    also follows gets one mail.
    """
    submission = change.submission
    rows = []
    if submission.author_id is not None:
        rows.append(
            Notification(
                recipient_id=submission.author_id,
                change=change,
                role=Role.AUTHOR,
                language=_language(submission.language),
            )
        )
    if change.kind == ChangeKind.RESPONDED:
        follows = Follow.objects.filter(submission=submission).exclude(user_id=submission.author_id)
        rows += [
            Notification(
                recipient_id=follow.user_id,
                change=change,
                role=Role.FOLLOWER,
                language=_language(follow.language),
            )
            for follow in follows
        ]
    return [row.pk for row in Notification.objects.bulk_create(rows)]


def follow_add(*, user, submission: Submission) -> bool:
    """Follow the post in the request's language; return False if the user already did."""
    try:
        with transaction.atomic():
            Follow.objects.create(
                user=user, submission=submission, language=translation.get_language() or ""
            )
    except IntegrityError:
        return False
    return True


def follow_remove(*, user, submission_id: int) -> bool:
    """Stop following the post; return False if the user did not follow it."""
    deleted, _ = Follow.objects.filter(user=user, submission_id=submission_id).delete()
    return bool(deleted)


def post_mail_off(*, user, submission: Submission) -> None:
    """Stop all mails about one post: unfollow it, and mute it if the user wrote it."""
    follow_remove(user=user, submission_id=submission.pk)
    if submission.author_id == user.pk:
        Mute.objects.get_or_create(user=user, submission=submission)


def post_mail_on(*, user, submission: Submission) -> None:
    """Undo post_mail_off: unmute the author's post, or follow the post again."""
    if submission.author_id == user.pk:
        Mute.objects.filter(user=user, submission=submission).delete()
    elif submission.status == Status.APPROVED:
        # Only a published post can be followed (as through the API); the link of a post
        # taken down since must not follow it again.
        follow_add(user=user, submission=submission)


def mail_set(*, user, enabled: bool) -> None:
    """Turn all notification mails on or off for the user; the worker checks at send time."""
    MailPreference.objects.update_or_create(user=user, defaults={"notifications": enabled})
