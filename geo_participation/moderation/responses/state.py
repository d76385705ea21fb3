"""What staff read about a post's response: its status, answer and decision history."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from geo_participation.accounts.roles import is_moderator
from geo_participation.campaigns.selectors import public_statuses
from geo_participation.errors import Rejected
from geo_participation.submissions.models import Status, Submission

from ..selectors import submission_history


@dataclass(frozen=True)
class ResponseState:
    """A post with its campaign's statuses (in order) and its history, oldest first."""

    submission: Submission
    statuses: list
    changes: list

    @property
    def labels(self) -> dict[str, str]:
        """Return the label of each status key."""
        return {status.key: status.label for status in self.statuses}

    @property
    def status_label(self) -> str:
        """Return the label of the post's status."""
        return self.labels.get(self.submission.public_status, self.submission.public_status)


def response_state(submission_id: int, *, viewer) -> ResponseState:
    """Return the post as staff see it for a response, or raise a 404 Rejected.

    Moderators see every post; planners only published ones (they work with published data,
    never with pending or rejected posts and their reasons).
    """
    posts = Submission.objects.select_related("campaign", "category", "reference").defer(
        "campaign__area"
    )
    if not is_moderator(viewer):
        posts = posts.filter(status=Status.APPROVED)
    submission = posts.filter(pk=submission_id).first()
    if submission is None:
        raise Rejected(_("No such submission."), code="not_found", status_code=404)
    state = ResponseState(
        submission=submission,
        statuses=public_statuses(submission.campaign),
        changes=list(submission_history(submission_id)),
    )
    for change in state.changes:
        change.status_label = state.labels.get(change.public_status, change.public_status)
    return state
