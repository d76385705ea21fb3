"""Delivery URLs: vector tiles and TileJSON under /tiles/, OGC API Features under /ogc/,
planner exports under /exports/, map reports under /reports/, the aggregate layers of
heatmaps/ (density rasters, grid cells, hotspots, clusters) under /heatmaps/ and the base map
archive under /basemap/; the planners' pages under /auswertung/ (/workspace/ redirects there);
the planners' QGIS projects under /qgis/; a campaign's public results under
/c/{slug}/ergebnisse/."""

from django.urls import include, path
from django.views.generic import RedirectView

from layers.ogcapi import views as ogcapi_views

# Folders of planners' files with no page of their own (/reports/{slug}/ is the report).
FOLDERS = ("exports", "heatmaps", "reports")

urlpatterns = [
    path("tiles/", include("layers.tiles.urls")),
    path("heatmaps/", include("layers.tiles.heatmap_urls")),
    # The landing page also without its slash: QGIS 3.22 does not follow APPEND_SLASH's
    # redirect and fails to load the layer. Its links still name /ogc/ (ogcapi:landing).
    path("ogc", ogcapi_views.landing, name="ogc-landing-bare"),
    path("ogc/", include("layers.ogcapi.urls")),
    path("exports/", include("layers.exports.urls")),
    path("reports/", include("layers.reports.urls")),
    path("heatmaps/", include("layers.aggregates.urls")),
    path("basemap/", include("layers.basemap.urls")),
    path("auswertung/", include("layers.workspace.urls")),
    # The planners' list was at /workspace/ first; bookmarks keep working.
    path(
        "workspace/",
        RedirectView.as_view(pattern_name="workspace", permanent=True, query_string=True),
    ),
    path("qgis/", include("layers.qgis.urls")),
    # A campaign's public results, beside its citizen pages (geo_participation.web, /c/{slug}/).
    path("c/<slug:slug>/ergebnisse/", include("layers.results.urls")),
    # A poll's or vote's results as CSV and JSON files (geo_participation.polls).
    path("", include("layers.results.polls_urls")),
    # The folders above the planners' files name no file; people who shorten a URL to them
    # land on the page that lists and explains them (the campaign's, where one is named).
    *(path(f"{root}/", RedirectView.as_view(pattern_name="workspace")) for root in FOLDERS),
    *(
        path(f"{root}/<str:slug>/", RedirectView.as_view(pattern_name="workspace-campaign"))
        for root in ("exports", "heatmaps")
    ),
]
