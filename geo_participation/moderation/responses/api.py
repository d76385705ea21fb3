"""PATCH /api/submissions/{id}/response/ sets status and answer; GET shows them and the history."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from geo_participation.accounts.roles import may_respond
from geo_participation.errors import Rejected
from geo_participation.openapi import errors

from .. import services
from .serializers import ResponseBodySerializer, ResponseStateSerializer
from .state import response_state


class MayRespond(BasePermission):
    """Allow moderators and planners only."""

    message = _("Only moderators and planners may do this.")

    def has_permission(self, request, view):
        """Return whether the requesting user may respond to posts."""
        return may_respond(request.user)


class ResponseView(APIView):
    """A post's public status and answer, with the history of decisions (staff only)."""

    permission_classes = [MayRespond]

    @extend_schema(responses={200: ResponseStateSerializer, **errors(403, 404)})
    def get(self, request, pk):
        """Show the post's status, answer and the history of decisions (who, when, what)."""
        return Response(ResponseStateSerializer(response_state(pk, viewer=request.user)).data)

    @extend_schema(
        request=ResponseBodySerializer,
        responses={200: ResponseStateSerializer, **errors(400, 403, 404, 409)},
    )
    def patch(self, request, pk):
        """Set the status and/or the answer of a published post (409 when it is not published)."""
        data = request.data
        if not hasattr(data, "get"):
            raise Rejected(_("The body must be a JSON object."), code="invalid_body")
        # First what this viewer may see: a planner's 409 "not published" would otherwise tell
        # which ids are pending or rejected, which the GET answers 404 for.
        response_state(pk, viewer=request.user)
        services.submission_respond(
            submission_id=pk,
            actor=request.user,
            public_status=data.get("public_status"),
            answer=data.get("answer"),
        )
        return Response(ResponseStateSerializer(response_state(pk, viewer=request.user)).data)
