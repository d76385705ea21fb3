"""URLs of the planners' pages, under /auswertung/ (the old /workspace/ redirects here)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.campaign_list, name="workspace"),
    path("<str:slug>/", views.campaign_map, name="workspace-campaign"),
]
