"""The only write path for option images: stored re-encoded like submission photos.

submissions.photos.images decides what the bytes are and rebuilds the image from its pixels
alone (no EXIF, no GPS, no ICC); the same size and format limits apply.
"""

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from geo_participation.errors import Rejected
from geo_participation.submissions.photos import images
from geo_participation.submissions.photos.models import EXTENSIONS
from geo_participation.submissions.photos.services import check_upload_size, delete_files

from .models import PollOption


def check_alt_text(alt_text_de: str) -> None:
    """Refuse an image without a German alt text (what it shows, for those who cannot see it)."""
    if not (alt_text_de or "").strip():
        raise Rejected(
            _("Describe what the image shows (alt text): people who cannot see it need it."),
            code="alt_text_required",
        )


def option_image_set(*, option: PollOption, upload) -> PollOption:
    """Store an uploaded image re-encoded with its thumbnail on the option, replacing any old."""
    check_alt_text(option.alt_text_de)
    check_upload_size(upload.size)
    encoded = images.encode(images.read_image(upload))
    stem = f"poll-options/{uuid.uuid4().hex}"
    ext = EXTENSIONS[encoded.format]
    names = []
    try:
        names.append(default_storage.save(f"{stem}.{ext}", ContentFile(encoded.image)))
        names.append(default_storage.save(f"{stem}_thumb.{ext}", ContentFile(encoded.thumbnail)))
        old = [option.image.name, option.thumbnail.name]
        option.image, option.thumbnail = names
        option.image_format = encoded.format
        option.image_width, option.image_height = encoded.width, encoded.height
        with transaction.atomic():
            option.save()
            transaction.on_commit(lambda: delete_files(old))
    except BaseException:
        delete_files(names)
        raise
    return option


def option_image_clear(*, option: PollOption) -> PollOption:
    """Remove the option's image and delete its files once the change is committed."""
    old = [option.image.name, option.thumbnail.name]
    option.image = option.thumbnail = ""
    option.image_format = ""
    option.image_width = option.image_height = None
    with transaction.atomic():
        option.save()
        transaction.on_commit(lambda: delete_files(old))
    return option
