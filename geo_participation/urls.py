"""URL map: intake API under /api/, delivery, accounts, moderation, legal pages, admin."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from geo_participation.campaigns.api import CampaignViewSet
from geo_participation.photos import api as photos
from geo_participation.submissions import api as submissions

router = DefaultRouter()
router.register("campaigns", CampaignViewSet, basename="campaign")

api = [
    path("", include(router.urls)),
    path(
        "campaigns/<slug:slug>/submissions/",
        submissions.SubmissionCollection.as_view(),
        name="campaign-submissions",
    ),
    path(
        "submissions/<int:pk>/support/",
        submissions.SupportView.as_view(),
        name="submission-support",
    ),
    path("submissions/<int:pk>/photo/", photos.PhotoView.as_view(), name="submission-photo"),
    path(
        "submissions/<int:pk>/photo/thumbnail/",
        photos.ThumbnailView.as_view(),
        name="submission-photo-thumbnail",
    ),
    path("moderation/queue/", submissions.ModerationQueue.as_view(), name="moderation-queue"),
    path(
        "moderation/submissions/<int:pk>/approve/",
        submissions.ApproveView.as_view(),
        name="moderation-approve",
    ),
    path(
        "moderation/submissions/<int:pk>/reject/",
        submissions.RejectView.as_view(),
        name="moderation-reject",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
]

urlpatterns = [
    path("api/", include(api)),
    path("", include("layers.urls")),
    path("accounts/", include("allauth.urls")),
    # set_language: POST language=de|en; the choice is kept in the django_language cookie.
    path("i18n/", include("django.conf.urls.i18n")),
    path("moderation/", include("geo_participation.moderation.urls")),
    path("", include("geo_participation.pages.urls")),
    path("heatmaps/", include("heatmaps.urls")),
    path("admin/", admin.site.urls),
    path("", include("geo_participation.web.urls")),
]

handler404 = "geo_participation.errors.api_not_found"
handler500 = "geo_participation.errors.api_server_error"
