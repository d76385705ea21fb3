"""Delivery URLs: vector tiles and TileJSON under /tiles/, OGC API Features under /ogc/,
planner exports under /exports/ and map reports under /reports/."""

from django.urls import include, path

urlpatterns = [
    path("tiles/", include("layers.tiles.urls")),
    path("heatmaps/", include("layers.tiles.heatmap_urls")),
    path("ogc/", include("layers.ogcapi.urls")),
    path("exports/", include("layers.exports.urls")),
    path("reports/", include("layers.reports.urls")),
]
