"""Read-only campaign endpoints."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from geo_participation.openapi import errors

from .models import Campaign, Category, PublicStatus
from .serializers import CampaignSerializer


@extend_schema_view(retrieve=extend_schema(responses={200: CampaignSerializer, **errors(404)}))
class CampaignViewSet(viewsets.ReadOnlyModelViewSet):
    """List campaigns, or show one with its area and categories."""

    serializer_class = CampaignSerializer
    lookup_field = "slug"
    # Only slug characters reach the database; anything else is a plain 404.
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    pagination_class = None
    queryset = Campaign.objects.prefetch_related(
        Prefetch("categories", queryset=Category.objects.order_by("position", "key")),
        Prefetch("public_statuses", queryset=PublicStatus.objects.order_by("position", "key")),
    )
