"""Left for the merge: the grid tile (heatmaps/aggregate_urls.py) until it moves to layers/tiles."""

from django.urls import include, path

urlpatterns = [path("", include("heatmaps.aggregate_urls"))]
