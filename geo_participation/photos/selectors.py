"""Who may see a submission's photo: everyone once approved; before that its author and
moderators; after a rejection nobody."""

from geo_participation.submissions.models import Status, Submission
from geo_participation.submissions.selectors import is_moderator


def is_author(*, submission: Submission, user, client_id: str | None) -> bool:
    """Return whether the viewer wrote the submission (account, or anonymous client cookie)."""
    if user.is_authenticated:
        return submission.author_id == user.pk
    return bool(client_id) and submission.author_id is None and submission.client_id == client_id


def photo_visible(*, submission: Submission, user, client_id: str | None) -> bool:
    """Return whether the viewer may see the submission's photo."""
    if submission.status == Status.APPROVED:
        return True
    if submission.status != Status.PENDING:
        return False
    # The author test first: it needs no query.
    return is_author(submission=submission, user=user, client_id=client_id) or is_moderator(user)


def photo_of(*, submission_id: int):
    """Return the photo of a submission, with its submission, or None."""
    from .models import Photo

    return Photo.objects.select_related("submission").filter(submission_id=submission_id).first()
