"""Thin DRF views: a poll's questions, one's own ballot, and option images."""

from django.core.files.storage import default_storage
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from geo_participation.campaigns.models import Campaign
from geo_participation.clients import known_client_id
from geo_participation.errors import Rejected
from geo_participation.openapi import errors

from . import selectors, services
from .models import PollOption
from .serializers import BallotInputSerializer, BallotSerializer, PollSerializer
from .throttles import BallotThrottle


def poll_campaign(slug: str) -> Campaign:
    """Return the published poll or vote with this slug, or answer 404."""
    campaign = get_object_or_404(Campaign, slug=slug)
    services.check_is_poll(campaign)
    return campaign


class PollView(APIView):
    """A poll's or vote's questions with their options, in order."""

    @extend_schema(responses={200: PollSerializer, **errors(404)})
    def get(self, request, slug):
        """Return the questions, whether ballots are taken now, and whether results are shown."""
        campaign = poll_campaign(slug)
        poll = {
            "slug": campaign.slug,
            "kind": campaign.kind,
            "open": campaign.is_open(),
            "results_visible": campaign.results_visible(),
            "questions": selectors.poll_questions(campaign),
        }
        return Response(PollSerializer(poll).data)


def _no_ballot():
    return Rejected(_("You have no ballot in this campaign."), code="not_found", status_code=404)


class BallotView(APIView):
    """One's own ballot: read it (GET), cast or change it (PUT), withdraw it (DELETE)."""

    throttle_classes = [BallotThrottle]

    @extend_schema(responses={200: BallotSerializer, **errors(404)})
    def get(self, request, slug):
        """Return this person's ballot (account, or this browser's client cookie)."""
        campaign = poll_campaign(slug)
        ballot = selectors.ballot_of(
            campaign=campaign, user=request.user, client_id=known_client_id(request)
        )
        if ballot is None:
            raise _no_ballot()
        return Response(BallotSerializer(ballot).data)

    @extend_schema(
        request=BallotInputSerializer,
        responses={201: BallotSerializer, 200: BallotSerializer, **errors(400, 403, 404)},
    )
    def put(self, request, slug):
        """Cast the ballot (201) or replace one's earlier ballot (200); answers are checked."""
        campaign = poll_campaign(slug)
        body = request.data
        if not isinstance(body, dict) or set(body) != {"answers"}:
            raise Rejected(
                _('Send an object with one member, "answers": {question key: answer}.'),
                code="invalid_body",
            )
        ballot, created = services.ballot_cast(
            campaign=campaign,
            answers=body["answers"],
            user=request.user,
            client_id=known_client_id(request),
        )
        return Response(BallotSerializer(ballot).data, status=201 if created else 200)

    @extend_schema(request=None, responses={204: None, **errors(403, 404)})
    def delete(self, request, slug):
        """Withdraw this person's ballot while the campaign is open."""
        campaign = poll_campaign(slug)
        if not services.ballot_withdraw(
            campaign=campaign, user=request.user, client_id=known_client_id(request)
        ):
            raise _no_ballot()
        return Response(status=204)


class OptionImageView(APIView):
    """An option's image (re-encoded, without metadata); public with its published campaign."""

    variant = "image"

    @extend_schema(
        responses={
            (200, "image/*"): OpenApiResponse(OpenApiTypes.BINARY, description="The image"),
            **errors(404),
        },
    )
    def get(self, request, pk):
        """Answer the image file of an option of a published poll."""
        option = (
            PollOption.objects.filter(pk=pk, question__campaign__draft=False)
            .exclude(image="")
            .first()
        )
        if option is None:
            raise Rejected(_("No image with this id."), code="not_found", status_code=404)
        field = option.thumbnail if self.variant == "thumbnail" else option.image
        try:
            handle = default_storage.open(field.name, "rb")
        except FileNotFoundError as exc:
            raise Rejected(_("No image with this id."), code="not_found", status_code=404) from exc
        response = FileResponse(handle, content_type=option.image_content_type)
        response["Cache-Control"] = "public, max-age=300"
        return response


class OptionThumbnailView(OptionImageView):
    """An option's thumbnail."""

    variant = "thumbnail"
