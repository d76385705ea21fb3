"""Read an uploaded image by its content and re-encode it with nothing but its pixels.

The file name and the client's Content-Type are never trusted: Pillow decides what the bytes
are, and only JPEG, PNG and WebP are opened at all. Everything the file carried besides pixels
(EXIF with the GPS position and camera serial, XMP, ICC profiles, text chunks) is left behind,
because a new image is built from the decoded pixels alone.
"""

import io
import warnings
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from geo_participation.errors import Rejected

from .models import Format

ACCEPTED = [Format.JPEG.value, Format.PNG.value, Format.WEBP.value]
# Everything Pillow may raise on a damaged or hostile file, short of a bug.
DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError)


@dataclass(frozen=True)
class Encoded:
    """An image re-encoded without metadata, with its thumbnail, format and size."""

    format: str
    width: int
    height: int
    image: bytes
    thumbnail: bytes


def _refuse_unsupported():
    return Rejected(
        _("The file is not a JPEG, PNG or WebP image."), code="unsupported_image", status_code=415
    )


def pixel_limit(kind: str) -> int:
    """Return the most pixels an image of this format may have (checked before decoding)."""
    # Pillow decodes a PNG or WebP whole, at up to 4 bytes a pixel (only a JPEG can be decoded
    # at a reduced scale, see draft() in read_image): a 190 kB 7,000 x 7,000 PNG under
    # GP_PHOTO_MAX_PIXELS cost 450 MiB. Those formats have their own, lower limit.
    limit = settings.GP_PHOTO_MAX_PIXELS
    return limit if kind == Format.JPEG else min(limit, settings.GP_PHOTO_MAX_WHOLE_PIXELS)


def _check_pixels(size, kind: str) -> None:
    width, height = size
    limit = pixel_limit(kind)
    if width * height > limit:
        # Checked on the header, before decoding: a small file can claim a huge canvas.
        raise Rejected(
            _("The image has %(pixels)d pixels; at most %(limit)d are accepted.")
            % {"pixels": width * height, "limit": limit},
            code="image_too_large",
            status_code=413,
            limit=limit,
        )


@contextmanager
def _refusing_bad_images():
    """Run Pillow work with decompression bombs as errors; refuse what it cannot read."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    except UnidentifiedImageError as exc:
        raise _refuse_unsupported() from exc
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise Rejected(
            _("The image is too large to process."), code="image_too_large", status_code=413
        ) from exc
    except DECODE_ERRORS as exc:
        raise _damaged(exc) from exc


def read_image(upload) -> Image.Image:
    """Return the decoded image of an upload; refuse anything but a sound JPEG, PNG or WebP."""
    with _refusing_bad_images():
        upload.seek(0)
        with Image.open(upload, formats=ACCEPTED) as probe:
            kind = probe.format
            _check_pixels(probe.size, kind)
            probe.verify()
        upload.seek(0)
        image = Image.open(upload, formats=[kind])
        _check_pixels(image.size, kind)
        if getattr(image, "n_frames", 1) > 1:
            raise Rejected(_("Animated images are not accepted."), code="animated_image")
        if kind == Format.JPEG:
            # Decode at a reduced scale when the photo is kept smaller anyway: less memory.
            side = settings.GP_PHOTO_MAX_SIDE
            image.draft("RGB", (side, side))
        image.load()
    return image


def _pixels_only(image: Image.Image, *, keep_alpha: bool) -> Image.Image:
    """Return a new image with the same pixels and no metadata at all."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    mode = "RGBA" if keep_alpha and has_alpha else ("L" if image.mode == "L" else "RGB")
    if image.mode != mode:
        image = image.convert(mode)
    return Image.frombytes(mode, image.size, image.tobytes())


def _save(image: Image.Image, kind: str) -> bytes:
    out = io.BytesIO()
    if kind == Format.JPEG:
        image.save(out, "JPEG", quality=85, optimize=True, progressive=True)
    elif kind == Format.PNG:
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "WEBP", quality=85, method=4)
    return out.getvalue()


def _damaged(exc: Exception) -> Rejected:
    return Rejected(
        _("The image is damaged or incomplete and cannot be read."), code="damaged_image"
    )


def encode(image: Image.Image) -> Encoded:
    """Return the image upright, shrunk to GP_PHOTO_MAX_SIDE, re-encoded, and a thumbnail.

    Pillow errors here (a file that decodes lazily and fails half-way, a broken EXIF block)
    are the same 400 damaged_image as in read_image, never a 500.
    """
    kind = image.format
    side = settings.GP_PHOTO_MAX_SIDE
    with _refusing_bad_images():
        # Shrunk first, in place (the EXIF stays in image.info; a JPEG not yet decoded is
        # decoded at a reduced scale through Image.draft): a square bound fits the same
        # whichever way the image is turned, and the rotated copy is then small.
        image.thumbnail((side, side), Image.Resampling.LANCZOS)
        # EXIF orientation is applied next: the EXIF block that carried it is dropped below.
        upright = ImageOps.exif_transpose(image)
        clean = _pixels_only(upright, keep_alpha=kind != Format.JPEG)
        thumb = clean.copy()
        thumb.thumbnail((settings.GP_PHOTO_THUMB_SIDE,) * 2, Image.Resampling.LANCZOS)
        return Encoded(
            format=kind,
            width=clean.width,
            height=clean.height,
            image=_save(clean, kind),
            thumbnail=_save(thumb, kind),
        )
