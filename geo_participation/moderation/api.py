"""Thin DRF views of the moderation queue and decisions."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from geo_participation.accounts.roles import is_moderator
from geo_participation.campaigns.models import Campaign
from geo_participation.campaigns.selectors import is_slug
from geo_participation.errors import Rejected
from geo_participation.openapi import errors
from geo_participation.submissions.api import Pagination

from . import selectors, services
from .serializers import ApproveSerializer, ModerationFeatureSerializer, RejectSerializer


class IsModerator(BasePermission):
    """Allow moderators only."""

    message = _("Only moderators may do this.")

    def has_permission(self, request, view):
        """Return whether the requesting user is a moderator."""
        return is_moderator(request.user)


class ModerationQueue(ListAPIView):
    """Submissions waiting for a moderator, oldest first, optionally for one campaign."""

    serializer_class = ModerationFeatureSerializer
    pagination_class = Pagination
    permission_classes = [IsModerator]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "campaign",
                {"type": "string", "pattern": r"^[-a-zA-Z0-9_]+$"},
                description="Only this campaign's queue (its slug).",
            )
        ],
        responses={200: ModerationFeatureSerializer(many=True), **errors(400, 403, 404)},
    )
    def get(self, request, *args, **kwargs):
        """List the queue (overridden only to document the campaign parameter)."""
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        """Return the waiting submissions with their photos, of ?campaign= if given."""
        slug = self.request.query_params.get("campaign")
        if slug is not None and not is_slug(slug):
            raise Rejected(_("campaign must be a campaign slug."), code="invalid_campaign")
        campaign = get_object_or_404(Campaign, slug=slug) if slug else None
        return selectors.moderation_queue(campaign=campaign).select_related("photo")


class ApproveView(APIView):
    """Publish a submission."""

    permission_classes = [IsModerator]

    @extend_schema(
        request=ApproveSerializer,
        responses={200: ModerationFeatureSerializer, **errors(400, 403, 404, 409)},
    )
    def post(self, request, pk):
        """Approve the submission once the moderator confirms the photo they saw (else 409)."""
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

    @extend_schema(
        request=RejectSerializer,
        responses={200: ModerationFeatureSerializer, **errors(400, 403, 404, 409)},
    )
    def post(self, request, pk):
        """Reject the submission with the reason from the body."""
        body = RejectSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        submission = services.submission_reject(
            submission_id=pk, moderator=request.user, reason=body.validated_data["reason"]
        )
        return Response(ModerationFeatureSerializer(submission, context={"request": request}).data)
