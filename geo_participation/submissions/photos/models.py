"""One optional photo per submission, stored re-encoded without any metadata."""

from django.db import models
from django.db.models import Q

from geo_participation.submissions.models import Submission


class Format(models.TextChoices):
    """The image formats we store."""

    JPEG = "JPEG", "JPEG"
    PNG = "PNG", "PNG"
    WEBP = "WEBP", "WebP"


CONTENT_TYPES = {Format.JPEG: "image/jpeg", Format.PNG: "image/png", Format.WEBP: "image/webp"}
EXTENSIONS = {Format.JPEG: "jpg", Format.PNG: "png", Format.WEBP: "webp"}


class Photo(models.Model):
    """The photo of a submission: image and thumbnail files under random names, and its size."""

    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="photo")
    # Names are random (photos/<uuid>.<ext>): the uploader's file name is never kept.
    image = models.FileField(max_length=200)
    thumbnail = models.FileField(max_length=200)
    format = models.CharField(max_length=4, choices=Format.choices)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(format__in=Format.values), name="photo_format_known"
            ),
            models.CheckConstraint(condition=Q(width__gt=0, height__gt=0), name="photo_has_size"),
        ]

    def __str__(self):
        return f"photo of #{self.submission_id}"

    @property
    def content_type(self) -> str:
        """Return the MIME type of the stored format."""
        return CONTENT_TYPES[self.format]
