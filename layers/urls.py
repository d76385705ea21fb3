"""Delivery URLs: vector tiles and TileJSON under /tiles/, OGC API Features under /ogc/,
planner exports under /exports/, map reports under /reports/, the aggregate layers of
heatmaps/ (density rasters, grid cells, hotspots, clusters) under /heatmaps/ and the base map
archive under /basemap/; the planners' page linking them under /workspace/."""

from django.urls import include, path

urlpatterns = [
    path("tiles/", include("layers.tiles.urls")),
    path("heatmaps/", include("layers.tiles.heatmap_urls")),
    path("ogc/", include("layers.ogcapi.urls")),
    path("exports/", include("layers.exports.urls")),
    path("reports/", include("layers.reports.urls")),
    path("heatmaps/", include("layers.aggregates.urls")),
    path("basemap/", include("layers.basemap.urls")),
    path("workspace/", include("layers.workspace.urls")),
]
