"""The only write path for photos: attach one to a submission (signals.py deletes files)."""

import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from geo_participation.errors import Rejected
from geo_participation.submissions.models import Status, Submission
from geo_participation.submissions.services import check_may_participate

from . import images
from .models import EXTENSIONS, Photo
from .selectors import is_author


def check_upload_size(size: int | None) -> None:
    """Refuse an upload over GP_PHOTO_MAX_BYTES (413)."""
    limit = settings.GP_PHOTO_MAX_BYTES
    if size is not None and size > limit:
        raise Rejected(
            _("The photo is larger than %(mb)s MB.") % {"mb": f"{limit / 1024 / 1024:g}"},
            code="photo_too_large",
            status_code=413,
            limit=limit,
        )


def _check_may_attach(submission: Submission | None, *, user, client_id) -> Submission:
    if submission is None or not is_author(submission=submission, user=user, client_id=client_id):
        # The same answer for "no such submission" and "not yours": ids reveal nothing.
        raise Rejected(_("No submission of yours with this id."), code="not_found", status_code=404)
    check_may_participate(campaign=submission.campaign, user=user)
    if submission.status == Status.REJECTED or submission.moderated_at is not None:
        # A photo added after the decision would be published without anyone having seen it.
        raise Rejected(
            _("This submission has already been moderated; a photo can no longer be added."),
            code="already_moderated",
            status_code=409,
        )
    if Photo.objects.filter(submission=submission).exists():
        raise Rejected(
            _("This submission already has a photo."), code="photo_exists", status_code=409
        )
    return submission


def photo_attach(*, submission_id: int, upload, user, client_id: str | None) -> Photo:
    """Check an uploaded image, store it re-encoded with a thumbnail, attach it to a submission."""
    submission = Submission.objects.select_related("campaign").filter(pk=submission_id).first()
    _check_may_attach(submission, user=user, client_id=client_id)
    check_upload_size(upload.size)
    encoded = images.encode(images.read_image(upload))
    stem = f"photos/{uuid.uuid4().hex}"
    ext = EXTENSIONS[encoded.format]
    names = []
    try:
        names.append(default_storage.save(f"{stem}.{ext}", ContentFile(encoded.image)))
        names.append(default_storage.save(f"{stem}_thumb.{ext}", ContentFile(encoded.thumbnail)))
        with transaction.atomic():
            # Locked and checked again: a concurrent upload or decision may have come first.
            locked = Submission.objects.select_for_update(of=("self",)).select_related("campaign")
            submission = locked.filter(pk=submission_id).first()
            _check_may_attach(submission, user=user, client_id=client_id)
            return Photo.objects.create(
                submission_id=submission_id,
                image=names[0],
                thumbnail=names[1],
                format=encoded.format,
                width=encoded.width,
                height=encoded.height,
            )
    except BaseException:
        delete_files(names)
        raise


def delete_files(names) -> None:
    """Delete stored photo files, ignoring ones already gone."""
    for name in names:
        if name:
            default_storage.delete(name)
