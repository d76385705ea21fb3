"""Following a published post: GET whether you do, POST to follow, DELETE to stop."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from geo_participation.errors import Rejected
from geo_participation.openapi import errors
from geo_participation.submissions.selectors import published_submission
from geo_participation.submissions.throttles import SupportThrottle

from . import selectors, services


class FollowSerializer(serializers.Serializer):
    """The answer of the follow endpoint (for the API schema)."""

    id = serializers.IntegerField()
    following = serializers.BooleanField()


class FollowView(APIView):
    """Whether you follow a published post (GET), follow it (POST), stop (DELETE).

    Registered users only: mails need a confirmed address. Followers hear of status and
    answer changes, in the language of the request that followed.
    """

    permission_classes = [IsAuthenticated]
    throttle_classes = [SupportThrottle]

    def submission(self, pk):
        """Return the published post, or answer 404."""
        submission = published_submission(submission_id=pk)
        if submission is None:
            raise Rejected(
                _("No published submission with this id."), code="not_found", status_code=404
            )
        return submission

    @extend_schema(responses={200: FollowSerializer, **errors(404)})
    def get(self, request, pk):
        """Tell whether you follow the post."""
        self.submission(pk)
        following = selectors.is_following(user=request.user, submission_id=pk)
        return Response({"id": pk, "following": following})

    @extend_schema(
        request=None, responses={201: FollowSerializer, 200: FollowSerializer, **errors(404)}
    )
    def post(self, request, pk):
        """Follow the post: 201 when new, 200 when you already did."""
        added = services.follow_add(user=request.user, submission=self.submission(pk))
        return Response({"id": pk, "following": True}, status=201 if added else 200)

    @extend_schema(request=None, responses={200: FollowSerializer, **errors(404)})
    def delete(self, request, pk):
        """Stop following the post."""
        self.submission(pk)
        services.follow_remove(user=request.user, submission_id=pk)
        return Response({"id": pk, "following": False})
