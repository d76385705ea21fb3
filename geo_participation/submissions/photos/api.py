"""Upload a submission's photo (multipart) and fetch it, checked against visibility."""

from django.core.files.storage import default_storage
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from geo_participation.clients import known_client_id
from geo_participation.errors import Rejected
from geo_participation.openapi import errors
from geo_participation.submissions.throttles import SubmissionThrottle

from . import services
from .selectors import photo_of, photo_public, photo_visible
from .serializers import PhotoSerializer


class PhotoThrottle(SubmissionThrottle):
    """Uploads at the submission rate, counted apart: a photo does not use up a submission."""

    scope = "photo"


# Multipart framing around the file: boundaries, part headers, perhaps a small field or two.
MULTIPART_OVERHEAD = 64 * 1024
UPLOAD_SCHEMA = {
    "multipart/form-data": {
        "type": "object",
        "properties": {"photo": {"type": "string", "format": "binary"}},
        "required": ["photo"],
    }
}


def _not_found():
    return Rejected(_("No photo to show for this submission."), code="not_found", status_code=404)


class PhotoView(APIView):
    """The photo of a submission: upload it (POST, multipart field `photo`) or fetch it (GET)."""

    parser_classes = [MultiPartParser]
    throttle_classes = [PhotoThrottle]
    variant = "image"

    @extend_schema(
        request=UPLOAD_SCHEMA,
        responses={201: PhotoSerializer, **errors(400, 403, 404, 409, 413, 415)},
    )
    def post(self, request, pk):
        """Attach the uploaded image to the submission; an oversized body is refused unread."""
        # Refused before the body is read: a 1 GB upload costs us nothing.
        length = request.META.get("CONTENT_LENGTH") or ""
        if length.isdigit():
            services.check_upload_size(max(0, int(length) - MULTIPART_OVERHEAD))
        upload = request.FILES.get("photo")
        if upload is None:
            raise Rejected(
                _("Send the image as the multipart form field 'photo'."), code="photo_missing"
            )
        photo = services.photo_attach(
            submission_id=pk,
            upload=upload,
            user=request.user,
            client_id=known_client_id(request),
        )
        return Response(PhotoSerializer(photo, context={"request": request}).data, status=201)

    @extend_schema(
        request=None,
        responses={
            (200, "image/*"): OpenApiResponse(OpenApiTypes.BINARY, description="The image"),
            **errors(404),
        },
    )
    def get(self, request, pk):
        """Answer the image file if the viewer may see it; shared caches keep only public ones."""
        photo = photo_of(submission_id=pk)
        if photo is None:
            raise _not_found()
        public = photo_public(photo.submission)
        # The client cookie is read only when it matters (an unpublished photo, its author).
        if not public and not photo_visible(
            submission=photo.submission, user=request.user, client_id=known_client_id(request)
        ):
            raise _not_found()
        field = photo.thumbnail if self.variant == "thumbnail" else photo.image
        try:
            handle = default_storage.open(field.name, "rb")
        except FileNotFoundError as exc:
            raise _not_found() from exc
        response = FileResponse(handle, content_type=photo.content_type)
        if public:
            # Short: a later rejection must take the photo down soon for shared caches too.
            response["Cache-Control"] = "public, max-age=300"
            response["Vary"] = "Cookie, Authorization"
        else:
            response["Cache-Control"] = "private, no-store"
        return response


class ThumbnailView(PhotoView):
    """The photo's thumbnail (GET only)."""

    http_method_names = ["get", "head", "options"]
    variant = "thumbnail"
