"""The campaign API: /api/campaigns/ and /api/campaigns/{slug}/."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from .api import CampaignViewSet

router = DefaultRouter()
router.register("campaigns", CampaignViewSet, basename="campaign")

urlpatterns = [path("api/", include(router.urls))]
