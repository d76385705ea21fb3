"""Thin DRF views over the submission services and selectors."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_gis.pagination import GeoJsonPagination

from geo_participation.campaigns.models import Campaign
from geo_participation.errors import Rejected

from . import idempotency, selectors, services
from .clients import client_id, known_client_id
from .serializers import (
    SubmissionFeatureSerializer,
)
from .throttles import SubmissionThrottle, SupportThrottle


class Pagination(GeoJsonPagination):
    """FeatureCollection pages of 100 features; page_size asks for up to 1000."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000


FEATURE_SCHEMA = {
    "type": "object",
    "required": ["type", "geometry", "properties"],
    "properties": {
        "type": {"enum": ["Feature"]},
        "geometry": {"type": "object", "description": "GeoJSON Point, LineString or Polygon"},
        "properties": {
            "type": "object",
            "required": ["category"],
            "properties": {
                "category": {"type": "string"},
                "comment": {"type": "string"},
                "answers": {"type": "object"},
            },
        },
    },
}


class SubmissionCollection(ListAPIView):
    """List published submissions of a campaign (plus your own pending ones), or submit one."""

    serializer_class = SubmissionFeatureSerializer
    pagination_class = Pagination
    throttle_classes = [SubmissionThrottle]
    # A retry answered from its stored response is no new write: the throttle lets it through.
    idempotent = True

    def campaign(self):
        """Return the campaign named in the URL, or answer 404."""
        return get_object_or_404(Campaign, slug=self.kwargs["slug"])

    def get_queryset(self):
        """Return what the viewer may see of the campaign (with own pending ones), within bbox."""
        bbox = selectors.parse_bbox(self.request.query_params.get("bbox"))
        return selectors.submission_list(
            campaign=self.campaign(),
            viewer=self.request.user,
            client_id=known_client_id(self.request),
            bbox=bbox,
        ).select_related("photo")

    @extend_schema(
        parameters=[OpenApiParameter("bbox", OpenApiTypes.STR, description="minx,miny,maxx,maxy")]
    )
    def get(self, request, *args, **kwargs):
        """List the submissions (overridden only to document the bbox parameter)."""
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request={"application/geo+json": FEATURE_SCHEMA, "application/json": FEATURE_SCHEMA},
        responses={201: SubmissionFeatureSerializer},
        parameters=[OpenApiParameter("Idempotency-Key", OpenApiTypes.STR, "header")],
    )
    def post(self, request, slug):
        """Create a submission from a GeoJSON Feature, once per Idempotency-Key."""
        campaign = self.campaign()
        user = request.user
        cid = client_id(request)

        def create():
            submission = services.submission_create(
                campaign=campaign, feature=request.data, user=user, client_id=cid
            )
            data = SubmissionFeatureSerializer(submission, context={"request": request}).data
            return Response(data, status=status.HTTP_201_CREATED)

        return idempotency.run_once(request, handler=create)


class SupportView(APIView):
    """Say "me too" to a published submission (POST), or take it back (DELETE)."""

    throttle_classes = [SupportThrottle]

    def submission(self, request, pk):
        """Return the published submission, or answer 404."""
        submission = selectors.published_submission(submission_id=pk)
        if submission is None:
            raise Rejected(
                _("No published submission with this id."), code="not_found", status_code=404
            )
        return submission

    def _answer(self, pk, *, supported, code):
        count = selectors.support_count(submission_id=pk)
        return Response({"id": pk, "supported": supported, "support_count": count}, status=code)

    @extend_schema(request=None, responses={201: OpenApiTypes.OBJECT, 200: OpenApiTypes.OBJECT})
    def post(self, request, pk):
        """Add the supporter's "me too": 201 when new, 200 when already there."""
        submission = self.submission(request, pk)
        added = services.support_add(
            submission=submission, user=request.user, client_id=known_client_id(request)
        )
        return self._answer(pk, supported=True, code=201 if added else 200)

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT})
    def delete(self, request, pk):
        """Take back the supporter's "me too"."""
        submission = self.submission(request, pk)
        services.support_remove(
            submission=submission, user=request.user, client_id=known_client_id(request)
        )
        return self._answer(pk, supported=False, code=200)
