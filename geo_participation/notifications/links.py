"""Absolute links in mails, and the signed unsubscribe token (no login needed to use it)."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from geo_participation.submissions.models import Submission

_SALT = "notifications.unsubscribe"


def absolute(path: str) -> str:
    """Return the path on the site residents reach (GP_SITE_URL): the worker has no request."""
    return settings.GP_SITE_URL + path


def post_path(submission: Submission) -> str:
    """Return the path of the post's page (its author sees it there before it is published)."""
    return reverse("web:post", kwargs={"slug": submission.campaign.slug, "pk": submission.pk})


def post_url(submission: Submission) -> str:
    """Return the absolute link to the post's page, for mails."""
    return absolute(post_path(submission))


def unsubscribe_token(*, user_id: int, submission_id: int) -> str:
    """Return the signed token that lets its holder stop mails to user_id about the post."""
    return signing.dumps({"u": user_id, "s": submission_id}, salt=_SALT)


def read_unsubscribe_token(token: str) -> tuple[int, int] | None:
    """Return (user_id, submission_id) from a token, or None when it is not one of ours."""
    try:
        data = signing.loads(token, salt=_SALT)
        return int(data["u"]), int(data["s"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def unsubscribe_url(*, user_id: int, submission_id: int) -> str:
    """Return the page that stops mails about the post at once and offers undo and "all off"."""
    token = unsubscribe_token(user_id=user_id, submission_id=submission_id)
    return absolute(reverse("notifications:unsubscribe", kwargs={"token": token}))


def one_click_url(*, user_id: int, submission_id: int) -> str:
    """Return the RFC 8058 one-click endpoint for the List-Unsubscribe header (POST only)."""
    token = unsubscribe_token(user_id=user_id, submission_id=submission_id)
    return absolute(reverse("notifications:one-click", kwargs={"token": token}))
