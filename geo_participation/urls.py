"""URL map: each app brings its own routes; delivery (layers) and the admin are mounted here."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("", include("geo_participation.health.urls")),
    path("", include("geo_participation.campaigns.urls")),
    path("", include("geo_participation.submissions.urls")),
    path("", include("geo_participation.submissions.photos.urls")),
    path("", include("geo_participation.polls.urls")),
    path("", include("geo_participation.references.urls")),
    path("", include("geo_participation.moderation.urls")),
    path("", include("geo_participation.notifications.urls")),
    path("", include("geo_participation.places.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    path("", include("layers.urls")),
    path("accounts/", include("allauth.urls")),
    # set_language: POST language=de|en; the choice is kept in the django_language cookie.
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("geo_participation.pages.urls")),
    path("admin/", admin.site.urls),
    # Campaign setup for campaign managers; before the citizen pages' catch-all.
    path("einrichten/", include("geo_participation.campaigns.setup.urls")),
    path("", include("geo_participation.web.urls")),
]

# Pages get styled, translated error pages (templates/403.html, 404.html, 500.html); /api/ paths
# the API's JSON error shape.
handler403 = "geo_participation.errors.api_permission_denied"
handler404 = "geo_participation.errors.api_not_found"
handler500 = "geo_participation.errors.api_server_error"
