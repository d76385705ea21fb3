"""Who hears about a post (authors, followers), what they chose, and the outbox of mails.

Every table cascades with the user: a deleted account follows nothing and is sent nothing.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from geo_participation.submissions.models import Submission, SubmissionChange


class _PostChoice(models.Model):
    """A user's choice about one post: at most one per user and post."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="%(class)ss")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(fields=["submission", "user"], name="%(class)s_once"),
        ]


class Follow(_PostChoice):
    """A registered user who wants to hear when a published post's status or answer changes."""

    # The language the user used when following: their mails about this post are in it.
    language = models.CharField(max_length=8, blank=True)

    def __str__(self):
        return f"{self.user_id} follows #{self.submission_id}"


class Mute(_PostChoice):
    """An author who wants no more mails about one of their posts (the unsubscribe link)."""

    def __str__(self):
        return f"{self.user_id} muted #{self.submission_id}"


class MailPreference(models.Model):
    """A user's choice to receive notification mails at all (no row: they do)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_preference"
    )
    notifications = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.user_id}: {'on' if self.notifications else 'off'}"


class Role(models.TextChoices):
    """Why the recipient hears about the change."""

    AUTHOR = "author", "Author"
    FOLLOWER = "follower", "Follower"


class Skipped(models.TextChoices):
    """Why a notification was decided at send time not to go out."""

    MAIL_OFF = "mail_off", "Mail turned off in the account"
    MUTED = "muted", "Unsubscribed from the post"
    NO_ADDRESS = "no_address", "No confirmed address"
    NOT_PUBLIC = "not_public", "The post is no longer published"


class Notification(models.Model):
    """One mail owed to one person for one change: the outbox row that makes sending idempotent.

    Created in the decision's transaction with the job that sends it; the job locks the row,
    sends once and stamps sent_at (or skipped). Unsent rows with neither stay visible in the
    admin and are queued again by the worker's periodic task.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    change = models.ForeignKey(
        SubmissionChange, on_delete=models.CASCADE, related_name="notifications"
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    language = models.CharField(max_length=8, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    skipped = models.CharField(max_length=12, choices=Skipped.choices, blank=True)
    failed_attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        constraints = [
            # One mail per person per change: the author who also follows gets one.
            models.UniqueConstraint(fields=["change", "recipient"], name="notification_once"),
            models.CheckConstraint(
                condition=Q(role__in=Role.values), name="notification_role_known"
            ),
        ]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(sent_at__isnull=True, skipped=""),
                name="notification_unsent",
            )
        ]

    def __str__(self):
        return f"{self.change} to {self.recipient_id} ({self.role})"
