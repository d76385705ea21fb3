"""One's own data as one GeoJSON FeatureCollection (DSGVO Art. 20: portability).

The posts at their exact position (it is the person's own data, never generalised here), with
every field we keep about them; the account and the supports given ride along as foreign
members of the collection, which GeoJSON readers (GDAL, QGIS) ignore and keep.
"""

import json

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from geo_participation.accounts.selectors import account_data
from geo_participation.accounts.signals import personal_data_collecting
from geo_participation.submissions import selectors
from geo_participation.submissions.models import Status
from geo_participation.submissions.photos.serializers import photo_urls

from .fields import answer_rows

# A post's moderation state in plain words, on "Meine Beiträge" and in the download.
MODERATION_WORDS = {
    Status.PENDING: _("awaiting moderation"),
    Status.APPROVED: _("published"),
    Status.REJECTED: _("rejected"),
}


def _photo(submission, request):
    # The reverse one-to-one was joined by the selector; a post without one raises.
    try:
        return photo_urls(submission.photo, request)
    except ObjectDoesNotExist:
        return None


def post_feature(submission, request) -> dict:
    """Return one of the person's posts as a GeoJSON Feature at its exact position."""
    published = submission.status == Status.APPROVED
    return {
        "type": "Feature",
        "id": submission.pk,
        "geometry": json.loads(submission.geom.json),
        "properties": {
            "id": submission.pk,
            "campaign": submission.campaign.slug,
            "campaign_title": submission.campaign.title,
            "category": submission.category.key,
            "category_label": submission.category.label,
            "created_at": submission.created_at,
            "comment": submission.comment,
            "answers": submission.answers,
            "answers_labelled": dict(answer_rows(submission.category, submission.answers)),
            "near": submission.near,
            "moderation_status": submission.status,
            "moderation_status_text": str(MODERATION_WORDS[submission.status]),
            "moderated_at": submission.moderated_at,
            "rejection_reason": submission.moderation_reason or None,
            # Status and answer mean something only while the post is published.
            "public_status": submission.public_status if published else None,
            "public_status_label": submission.public_status_label if published else None,
            "answer": (submission.answer or None) if published else None,
            "responded_at": submission.responded_at if published else None,
            "support_count": submission.support_count,
            "photo": _photo(submission, request),
        },
    }


def personal_data(request, *, user, client_id: str | None) -> dict:
    """Return the person's posts, account, supports and other apps' data as GeoJSON."""
    posts = selectors.own_submissions(user=user, client_id=client_id)
    supports = selectors.own_supports(user=user, client_id=client_id)
    return {
        "type": "FeatureCollection",
        "exported_at": timezone.now(),
        "account": account_data(user),
        # Only which post and when: the supported posts are other people's.
        "supports_given": [
            {
                "submission": s.submission_id,
                "campaign": s.submission.campaign.slug,
                "created_at": s.created_at,
            }
            for s in supports
        ],
        **_other_apps_data(user),
        "features": [post_feature(s, request) for s in posts],
    }


def _other_apps_data(user) -> dict:
    """Return what other apps keep of the signed-in person (notifications: follows, mail)."""
    if not user.is_authenticated:
        return {}
    members = {}
    for _receiver, part in personal_data_collecting.send(sender=type(user), user=user):
        members.update(part)
    return members
