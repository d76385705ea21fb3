"""Who may see a submission's photo.

Public only once a moderator has explicitly approved the submission (an approve sets
moderated_at; a post-moderated campaign publishes the place at once, but not its photo), and
never for a sensitive category: the public sees such a place generalised, and a photo would
reveal where it is. Otherwise only the author and moderators, plus, for an approved sensitive
submission, those who see sensitive places exactly. After a rejection nobody.
"""

from geo_participation.accounts.roles import is_moderator, sees_exact_sensitive
from geo_participation.submissions.models import Status, Submission


def is_author(*, submission: Submission, user, client_id: str | None) -> bool:
    """Return whether the viewer wrote the submission (account, or anonymous client cookie)."""
    if user.is_authenticated:
        return submission.author_id == user.pk
    return bool(client_id) and submission.author_id is None and submission.client_id == client_id


def photo_public(submission: Submission) -> bool:
    """Return whether anyone at all may see the submission's photo (and caches may keep it)."""
    return (
        submission.status == Status.APPROVED
        and submission.moderated_at is not None
        and not submission.category.sensitive
    )


def photo_visible(*, submission: Submission, user, client_id: str | None) -> bool:
    """Return whether the viewer may see the submission's photo."""
    if submission.status == Status.REJECTED:
        return False
    if photo_public(submission):
        return True
    # The author test first: it needs no query.
    if is_author(submission=submission, user=user, client_id=client_id):
        return True
    if is_moderator(user):
        return True
    reviewed = submission.status == Status.APPROVED and submission.moderated_at is not None
    return reviewed and sees_exact_sensitive(user)


def photo_of(*, submission_id: int):
    """Return the photo of a submission, with its submission, or None."""
    from .models import Photo

    return (
        Photo.objects.select_related("submission__category")
        .filter(submission_id=submission_id)
        .first()
    )
