"""URLs of the OGC API - Features, under /ogc/ (paths as the standard names them)."""

from django.urls import path, re_path

from . import views

app_name = "ogcapi"

# Ids are plain strings here and checked in the views, so a malformed one is an OGC 404 in
# JSON rather than Django's HTML page.
urlpatterns = [
    path("", views.landing, name="landing"),
    path("conformance", views.conformance, name="conformance"),
    path("api", views.api, name="api"),
    path("collections", views.collections, name="collections"),
    path("collections/<str:collection_id>", views.collection, name="collection"),
    path("collections/<str:collection_id>/items", views.items, name="items"),
    path(
        "collections/<str:collection_id>/items/<str:feature_id>",
        views.item,
        name="item",
    ),
    # Anything else under /ogc/ is an OGC 404 too, not Django's HTML page.
    re_path(r"^.*$", views.unknown_path),
]
