"""The moderators' read path: what waits for a decision, and what was decided."""

from django.db.models import Q

from geo_participation.campaigns.models import Campaign
from geo_participation.submissions.models import Status, Submission, SubmissionChange


def moderation_queue(*, campaign: Campaign | None = None):
    """Return submissions awaiting a moderator: pending ones and unreviewed post-moderated ones."""
    waiting = Q(status=Status.PENDING) | Q(status=Status.APPROVED, moderated_at__isnull=True)
    qs = Submission.objects.filter(waiting).select_related("category", "campaign", "author")
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    return qs.order_by("created_at", "id")


def submission_history(submission_id: int):
    """Return the decisions on a submission, oldest first, with who made them (staff only)."""
    return SubmissionChange.objects.filter(submission_id=submission_id).select_related("actor")
