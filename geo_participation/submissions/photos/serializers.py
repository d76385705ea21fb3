"""Photo URLs and sizes as the submission API shows them."""

from django.urls import reverse
from rest_framework import serializers

from .models import Photo


def photo_urls(photo: Photo, request) -> dict:
    """Return the photo's absolute URLs and size."""
    pk = photo.submission_id
    url = reverse("submission-photo", args=[pk])
    thumb = reverse("submission-photo-thumbnail", args=[pk])
    build = request.build_absolute_uri if request is not None else (lambda u: u)
    return {
        "id": photo.pk,
        "url": build(url),
        "thumbnail": build(thumb),
        "width": photo.width,
        "height": photo.height,
    }


class PhotoSerializer(serializers.Serializer):
    """A photo's id, URLs and size, for the API schema and responses."""

    id = serializers.IntegerField(
        read_only=True, help_text="Changes when the photo does (moderators confirm it)."
    )
    url = serializers.URLField(read_only=True, help_text="The re-encoded photo.")
    thumbnail = serializers.URLField(read_only=True)
    width = serializers.IntegerField(read_only=True)
    height = serializers.IntegerField(read_only=True)

    def to_representation(self, instance):
        """Return the photo's absolute URLs and size."""
        return photo_urls(instance, self.context.get("request"))
