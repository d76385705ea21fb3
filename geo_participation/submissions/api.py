"""Thin DRF views over the submission services and selectors."""

import re

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_gis.pagination import GeoJsonPagination

from geo_participation.accounts.roles import is_moderator
from geo_participation.campaigns.models import Campaign
from geo_participation.errors import Rejected

from . import idempotency, selectors, services
from .clients import client_id, known_client_id
from .serializers import (
    ApproveSerializer,
    ModerationFeatureSerializer,
    RejectSerializer,
    SubmissionFeatureSerializer,
)
from .throttles import SubmissionThrottle, SupportThrottle

SLUG = re.compile(r"^[-a-zA-Z0-9_]+\Z")


class Pagination(GeoJsonPagination):
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

    def campaign(self):
        return get_object_or_404(Campaign, slug=self.kwargs["slug"])

    def get_queryset(self):
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
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request={"application/geo+json": FEATURE_SCHEMA, "application/json": FEATURE_SCHEMA},
        responses={201: SubmissionFeatureSerializer},
        parameters=[OpenApiParameter("Idempotency-Key", OpenApiTypes.STR, "header")],
    )
    def post(self, request, slug):
        campaign = self.campaign()
        user = request.user
        cid = client_id(request)
        # Anonymous keys share one namespace: a retry is replayed whether or not the client kept
        # our cookie (curl, or a first answer that was lost). Keys should be random UUIDs.
        scope = f"user:{user.pk}" if user.is_authenticated else "anon"

        def create():
            submission = services.submission_create(
                campaign=campaign, feature=request.data, user=user, client_id=cid
            )
            data = SubmissionFeatureSerializer(submission, context={"request": request}).data
            return Response(data, status=status.HTTP_201_CREATED)

        return idempotency.run_once(request, scope=scope, handler=create)


class SupportView(APIView):
    """Say "me too" to a published submission (POST), or take it back (DELETE)."""

    throttle_classes = [SupportThrottle]

    def submission(self, request, pk):
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
        submission = self.submission(request, pk)
        added = services.support_add(
            submission=submission, user=request.user, client_id=known_client_id(request)
        )
        return self._answer(pk, supported=True, code=201 if added else 200)

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT})
    def delete(self, request, pk):
        submission = self.submission(request, pk)
        services.support_remove(
            submission=submission, user=request.user, client_id=known_client_id(request)
        )
        return self._answer(pk, supported=False, code=200)


class IsModerator(BasePermission):
    message = _("Only moderators may do this.")

    def has_permission(self, request, view):
        return is_moderator(request.user)


class ModerationQueue(ListAPIView):
    """Submissions waiting for a moderator, oldest first, optionally for one campaign."""

    serializer_class = ModerationFeatureSerializer
    pagination_class = Pagination
    permission_classes = [IsModerator]

    @extend_schema(parameters=[OpenApiParameter("campaign", OpenApiTypes.STR)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        slug = self.request.query_params.get("campaign")
        if slug is not None and not SLUG.match(slug):
            raise Rejected(_("campaign must be a campaign slug."), code="invalid_campaign")
        campaign = get_object_or_404(Campaign, slug=slug) if slug else None
        return selectors.moderation_queue(campaign=campaign).select_related("photo")


class ApproveView(APIView):
    """Publish a submission."""

    permission_classes = [IsModerator]

    @extend_schema(
        request=ApproveSerializer, responses={200: ModerationFeatureSerializer, 409: None}
    )
    def post(self, request, pk):
        data = request.data if hasattr(request.data, "get") else {}
        submission = services.submission_approve(
            submission_id=pk,
            moderator=request.user,
            seen_photo=services.parse_seen_photo(data.get("photo")),
            require_photo=True,
        )
        return Response(ModerationFeatureSerializer(submission, context={"request": request}).data)


class RejectView(APIView):
    """Reject a submission with a reason."""

    permission_classes = [IsModerator]

    @extend_schema(request=RejectSerializer, responses={200: ModerationFeatureSerializer})
    def post(self, request, pk):
        body = RejectSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        submission = services.submission_reject(
            submission_id=pk, moderator=request.user, reason=body.validated_data["reason"]
        )
        return Response(ModerationFeatureSerializer(submission, context={"request": request}).data)
