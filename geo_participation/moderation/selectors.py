"""The moderators' read path: what waits for a decision, finding it, and what was decided."""

from django.db.models import Prefetch, TextField, Value
from django.db.models.functions import Cast, Concat

from geo_participation.campaigns.models import Campaign
from geo_participation.submissions.models import WAITING, Submission, SubmissionChange

# What the page's search looks through: the comment, the answers (as stored) and the place.
SEARCHABLE = Concat(
    "comment",
    Value(" "),
    Cast("answers", TextField()),
    Value(" "),
    "near",
    output_field=TextField(),
)


def moderation_queue(*, campaign: Campaign | None = None):
    """Return submissions awaiting a moderator: pending ones and unreviewed post-moderated ones."""
    qs = Submission.objects.filter(WAITING).select_related(
        "category", "campaign", "author", "reference"
    )
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    return qs.order_by("created_at", "id")


def search(queryset, text: str):
    """Return the submissions of queryset whose comment, answers or place hold every word."""
    queryset = queryset.alias(searchable=SEARCHABLE)
    for word in text.split():
        queryset = queryset.filter(searchable__icontains=word)
    return queryset


def submission_history(submission_id: int):
    """Return the decisions on a submission, oldest first, with who made them (staff only)."""
    return SubmissionChange.objects.filter(submission_id=submission_id).select_related("actor")


def with_history(queryset):
    """Return queryset with each submission's decisions prefetched as .history, oldest first."""
    changes = SubmissionChange.objects.select_related("actor").order_by("created_at", "id")
    return queryset.prefetch_related(Prefetch("changes", queryset=changes, to_attr="history"))
