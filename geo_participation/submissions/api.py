"""Thin DRF views over the submission services and selectors."""

import json
import math

from django.contrib.gis.geos import Point
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_gis.pagination import GeoJsonPagination

from geo_participation.campaigns.models import Campaign
from geo_participation.campaigns.selectors import category_by_key
from geo_participation.clients import client_id, known_client_id
from geo_participation.errors import Rejected
from geo_participation.openapi import errors

from . import idempotency, selectors, services
from .serializers import SubmissionFeatureSerializer, SupportSerializer
from .throttles import NearbyThrottle, SubmissionThrottle, SupportThrottle
from .validators import parse_geometry


class Pagination(GeoJsonPagination):
    """FeatureCollection pages of 100 features; page_size asks for 1 to 1000, else 400."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000

    def get_page_size(self, request):
        """Return page_size from the query, or answer 400 unless it is an integer 1..1000."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        # DRF falls back to the default for page_size=true or 5000; a client should know.
        if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= self.max_page_size):
            raise Rejected(
                _("page_size must be an integer from 1 to %(max)d.") % {"max": self.max_page_size},
                code="invalid_page_size",
            )
        return int(raw)

    def get_page_number(self, request, paginator):
        """Return the page number, or answer 400 unless it is a positive integer."""
        raw = request.query_params.get(self.page_query_param)
        if raw is None:
            return 1
        if not (raw.isascii() and raw.isdigit() and int(raw) >= 1 and len(raw) <= 9):
            raise Rejected(_("page must be a positive integer."), code="invalid_page")
        # A page past the last is DRF's 404 (NotFound "Invalid page").
        return int(raw)

    def get_schema_operation_parameters(self, view):
        """Return the page and page_size parameters with the bounds the view enforces."""
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.page_query_param: {"minimum": 1, "maximum": 999_999_999},
            self.page_size_query_param: {"minimum": 1, "maximum": self.max_page_size},
        }
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters

    def get_paginated_response_schema(self, schema):
        """Return a page: a GeoJSON FeatureCollection of the features, with count and links."""
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "allOf": [
                schema,
                {
                    "type": "object",
                    "required": ["type", "count", "next", "previous", "features"],
                    "properties": {
                        "count": {"type": "integer", "minimum": 0},
                        "next": link,
                        "previous": link,
                    },
                },
            ]
        }


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


PUBLIC_STATUS_PARAMETER = OpenApiParameter(
    "public_status",
    {"type": "string", "pattern": r"^[-a-zA-Z0-9_]+(,[-a-zA-Z0-9_]+)*$"},
    description=(
        "Only published posts in these statuses: keys of the campaign's public_statuses, "
        "comma-separated (planned,done); an unknown key is refused with 400 naming it."
    ),
)

NUMBER = r"-?\d{1,3}(\.\d{1,12})?"
BBOX_PATTERN = rf"^{NUMBER}(,{NUMBER}){{3}}$"


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
        campaign = self.campaign()
        query = self.request.query_params
        return selectors.submission_list(
            campaign=campaign,
            viewer=self.request.user,
            client_id=known_client_id(self.request),
            bbox=selectors.parse_bbox(query.get("bbox")),
            public_status=selectors.parse_public_status(campaign, query.get("public_status")),
        ).select_related("photo")

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "bbox",
                {"type": "string", "pattern": BBOX_PATTERN},
                description="minx,miny,maxx,maxy in WGS 84, minx < maxx and miny < maxy",
            ),
            PUBLIC_STATUS_PARAMETER,
        ],
        responses={200: SubmissionFeatureSerializer(many=True), **errors(400, 404)},
    )
    def get(self, request, *args, **kwargs):
        """List the submissions (overridden only to document the bbox and status parameters)."""
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request={"application/geo+json": FEATURE_SCHEMA, "application/json": FEATURE_SCHEMA},
        responses={201: SubmissionFeatureSerializer, **errors(400, 403, 404, 422)},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                {"type": "string", "minLength": 1, "maxLength": idempotency.MAX_KEY_LENGTH},
                "header",
                description="Printable; a retry with the same key gets the first answer.",
            )
        ],
    )
    def post(self, request, slug):
        """Create a submission from a GeoJSON Feature, once per Idempotency-Key."""
        campaign = selectors.intake_campaign(slug=slug)
        user = request.user
        cid = client_id(request)

        def create():
            submission = services.submission_create(
                campaign=campaign, feature=request.data, user=user, client_id=cid
            )
            data = SubmissionFeatureSerializer(submission, context={"request": request}).data
            return Response(data, status=status.HTTP_201_CREATED)

        return idempotency.run_once(request, handler=create)


NEARBY_METRES = 50
NEARBY_LIMIT = 5


class NearbyFeatureSerializer(SubmissionFeatureSerializer):
    """A published submission near a place, at its public position, without its photo."""

    photo = None  # not offered here: the add flow shows text only

    class Meta(SubmissionFeatureSerializer.Meta):
        fields = [f for f in SubmissionFeatureSerializer.Meta.fields if f != "photo"]


def _coordinate(request, name: str, low: float, high: float) -> float:
    raw = request.query_params.get(name, "")
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and low <= value <= high):
        raise Rejected(
            _("%(name)s must be a number from %(low)s to %(high)s.")
            % {"name": name, "low": low, "high": high},
            code="invalid_coordinates",
        )
    return value


class NearbyView(APIView):
    """List published submissions of one category within 50 m of a place, nearest first."""

    throttle_classes = [NearbyThrottle]

    def probe(self, request, category):
        """Return the place asked about: lon and lat, or a GeoJSON geometry (lines, areas)."""
        raw = request.query_params.get("geometry")
        if raw is None:
            lon = _coordinate(request, "lon", -180, 180)
            lat = _coordinate(request, "lat", -90, 90)
            return Point(lon, lat, srid=4326)
        try:
            geometry = json.loads(raw)
        except ValueError as exc:
            raise Rejected(
                _("geometry must be a GeoJSON geometry object."), code="geometry_not_geojson"
            ) from exc
        return parse_geometry(geometry, expected_type=category.geojson_type)

    @extend_schema(
        parameters=[
            OpenApiParameter("category", str, required=True, description="A category key."),
            OpenApiParameter("lon", {"type": "number", "minimum": -180, "maximum": 180}),
            OpenApiParameter("lat", {"type": "number", "minimum": -90, "maximum": 90}),
            OpenApiParameter(
                "geometry",
                str,
                description="A GeoJSON geometry of the category's type, instead of lon and lat.",
            ),
        ],
        responses={200: NearbyFeatureSerializer(many=True), **errors(400, 404, 429)},
    )
    def get(self, request, slug):
        """List up to 5 published posts of the category within 50 m (at their public position)."""
        campaign = get_object_or_404(Campaign, slug=slug)
        key = request.query_params.get("category", "")
        category = category_by_key(campaign, key)
        if category is None:
            raise Rejected(_("Unknown category %(key)r.") % {"key": key}, code="unknown_category")
        rows = selectors.submission_nearby(
            campaign=campaign,
            category=category,
            geom=self.probe(request, category),
            distance_m=NEARBY_METRES,
            limit=NEARBY_LIMIT,
        )
        serializer = NearbyFeatureSerializer(rows, many=True, context={"request": request})
        return Response(serializer.data)


class SupportView(APIView):
    """Whether you support a published submission (GET), "me too" (POST), take it back (DELETE)."""

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

    @extend_schema(responses={200: SupportSerializer, **errors(404)})
    def get(self, request, pk):
        """Tell whether this visitor supports the submission, and its count."""
        self.submission(request, pk)
        supported = selectors.viewer_supports(
            submission_id=pk, user=request.user, client_id=known_client_id(request)
        )
        return self._answer(pk, supported=supported, code=200)

    @extend_schema(
        request=None, responses={201: SupportSerializer, 200: SupportSerializer, **errors(404)}
    )
    def post(self, request, pk):
        """Add the supporter's "me too": 201 when new, 200 when already there."""
        submission = self.submission(request, pk)
        added = services.support_add(
            submission=submission, user=request.user, client_id=known_client_id(request)
        )
        return self._answer(pk, supported=True, code=201 if added else 200)

    @extend_schema(request=None, responses={200: SupportSerializer, **errors(404)})
    def delete(self, request, pk):
        """Take back the supporter's "me too"."""
        submission = self.submission(request, pk)
        services.support_remove(
            submission=submission, user=request.user, client_id=known_client_id(request)
        )
        return self._answer(pk, supported=False, code=200)
