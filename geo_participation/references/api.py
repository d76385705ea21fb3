"""Thin DRF views: a campaign's sections, and one's own rating of a section."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from geo_participation.campaigns.models import Campaign
from geo_participation.clients import known_client_id
from geo_participation.errors import Rejected
from geo_participation.openapi import errors
from geo_participation.submissions.serializers import SubmissionFeatureSerializer
from geo_participation.submissions.throttles import SubmissionThrottle

from . import selectors, services
from .serializers import SectionFeatureSerializer

RATING_SCHEMA = {
    "type": "object",
    "required": ["type", "properties"],
    "properties": {
        "type": {"enum": ["Feature"]},
        "geometry": {
            "type": "object",
            "nullable": True,
            "description": "A GeoJSON Point on or near the section (GP_REFERENCE_SNAP_M); "
            "null or absent: the section's middle.",
        },
        "properties": {
            "type": "object",
            "properties": {
                "category": {
                    "type": "string",
                    "description": "A point category; may be left out when there is one.",
                },
                "comment": {"type": "string"},
                "answers": {"type": "object"},
            },
        },
    },
}


def _campaign(slug: str) -> Campaign:
    # The default manager leaves drafts out: a draft's sections are not public.
    return get_object_or_404(Campaign, slug=slug)


class SectionCollection(APIView):
    """The rateable sections of a published campaign's reference layers."""

    @extend_schema(
        responses={200: SectionFeatureSerializer(many=True), **errors(404)},
        description="A GeoJSON FeatureCollection of every section, in layer and upload order.",
    )
    def get(self, request, slug):
        """List the campaign's sections as one FeatureCollection."""
        sections = selectors.section_list(campaign=_campaign(slug))
        serializer = SectionFeatureSerializer(sections, many=True, context={"request": request})
        return Response(serializer.data)


class RatingView(APIView):
    """Your own rating of one section: read it, put it (create or replace), withdraw it."""

    throttle_classes = [SubmissionThrottle]

    def section(self, slug, pk):
        """Return the section of the published campaign, or answer 404."""
        campaign = _campaign(slug)
        section = selectors.section_of(campaign=campaign, section_id=pk)
        if section is None:
            raise Rejected(
                _("Campaign %(slug)r has no section %(id)s.") % {"slug": slug, "id": pk},
                code="not_found",
                status_code=404,
            )
        section.campaign = campaign
        return section

    def _answer(self, request, rating, code):
        data = SubmissionFeatureSerializer(rating, context={"request": request}).data
        return Response(data, status=code)

    @staticmethod
    def _none():
        return Rejected(_("You have not rated this section."), code="no_rating", status_code=404)

    @extend_schema(responses={200: SubmissionFeatureSerializer, **errors(404)})
    def get(self, request, slug, pk):
        """Return your rating of the section (any status), or 404 no_rating."""
        section = self.section(slug, pk)
        rating = selectors.rating_of(
            section=section, user=request.user, client_id=known_client_id(request)
        )
        if rating is None:
            raise self._none()
        return self._answer(request, rating, status.HTTP_200_OK)

    @extend_schema(
        request={"application/geo+json": RATING_SCHEMA, "application/json": RATING_SCHEMA},
        responses={
            201: SubmissionFeatureSerializer,
            200: SubmissionFeatureSerializer,
            **errors(400, 403, 404, 409),
        },
    )
    def put(self, request, slug, pk):
        """Rate the section: 201 for a new rating, 200 when it replaced yours."""
        section = self.section(slug, pk)
        rating, created = services.rating_put(
            reference=section,
            feature=request.data,
            user=request.user,
            # Only the cookie's id: without it each PUT would be a new person's rating.
            client_id=known_client_id(request),
        )
        return self._answer(request, rating, 201 if created else 200)

    @extend_schema(request=None, responses={204: None, **errors(403, 404)})
    def delete(self, request, slug, pk):
        """Withdraw your rating of the section while the campaign is open."""
        section = self.section(slug, pk)
        withdrawn = services.rating_withdraw(
            reference=section, user=request.user, client_id=known_client_id(request)
        )
        if not withdrawn:
            raise self._none()
        return Response(status=status.HTTP_204_NO_CONTENT)
