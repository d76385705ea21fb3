"""The read paths of notifications: addresses, choices, what is still unsent."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.utils import timezone

from geo_participation.submissions.models import Status

from .models import Follow, MailPreference, Mute, Notification


def confirmed_address(user) -> str:
    """Return the user's confirmed address (the primary one first), or "" when none is."""
    return (
        EmailAddress.objects.filter(user=user, verified=True)
        .order_by("-primary", "id")
        .values_list("email", flat=True)
        .first()
        or ""
    )


def mail_enabled(user) -> bool:
    """Return whether the user wants notification mails at all (yes until they say no)."""
    choice = MailPreference.objects.filter(user=user).values_list("notifications", flat=True)
    return choice.first() is not False


def is_following(*, user, submission_id: int) -> bool:
    """Return whether the user follows the post."""
    return Follow.objects.filter(user=user, submission_id=submission_id).exists()


def is_muted(*, user, submission_id: int) -> bool:
    """Return whether the author asked for no more mails about the post."""
    return Mute.objects.filter(user=user, submission_id=submission_id).exists()


def receives_post_mail(*, user, submission) -> bool:
    """Return whether the user hears about the post: its author unless muted, else a follower."""
    if submission.author_id == user.pk:
        return not is_muted(user=user, submission_id=submission.pk)
    return is_following(user=user, submission_id=submission.pk)


def followed_submissions(*, user):
    """Return the published posts the user follows, newest follow first."""
    return (
        # A post taken down since is no longer shown (nor that it was taken down).
        Follow.objects.filter(user=user, submission__status=Status.APPROVED)
        .select_related("submission__campaign", "submission__category")
        .order_by("-created_at")
    )


def unsent_ids(*, older_than: timedelta) -> list[int]:
    """Return the ids of notifications neither sent nor skipped, created before older_than ago."""
    cutoff = timezone.now() - older_than
    return list(
        Notification.objects.filter(sent_at__isnull=True, skipped="", created_at__lt=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)
    )
