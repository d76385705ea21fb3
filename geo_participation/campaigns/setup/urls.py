"""Routes of the campaign setup pages, mounted at /einrichten/ (namespace "setup")."""

from django.urls import include, path

from . import views

app_name = "setup"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("neu/", views.campaign_create, name="create"),
    path("<slug:slug>/", views.campaign_edit, name="edit"),
    path("<slug:slug>/gebiet/", views.campaign_area, name="area"),
    path("<slug:slug>/veroeffentlichen/", views.campaign_publish, name="publish"),
    path("<slug:slug>/kategorien/", include("geo_participation.campaigns.setup.category_urls")),
    path("<slug:slug>/referenzen/", include("geo_participation.references.setup_urls")),
    path("<slug:slug>/fragen/", include("geo_participation.polls.setup_urls")),
]
