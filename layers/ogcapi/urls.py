"""URLs of the OGC API - Features, under /ogc/ (paths as the standard names them)."""

from django.urls import path, re_path

from . import views

app_name = "ogcapi"

# Each path as the standard names it, and its view; the URL is named after the view. Ids are
# plain strings here and checked in the views, so a malformed one is an OGC 404 in JSON rather
# than Django's HTML page.
RESOURCES = {
    "": views.landing,
    "conformance": views.conformance,
    "api": views.api,
    "collections": views.collections,
    "collections/<str:collection_id>": views.collection,
    "collections/<str:collection_id>/queryables": views.queryables,
    "collections/<str:collection_id>/items": views.items,
    "collections/<str:collection_id>/items/<str:feature_id>": views.item,
}

urlpatterns = [
    *(path(route, view, name=view.__name__) for route, view in RESOURCES.items()),
    # Anything else under /ogc/ is an OGC 404 too, not Django's HTML page.
    re_path(r"^.*$", views.unknown_path),
]
