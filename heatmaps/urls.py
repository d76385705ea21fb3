"""URLs of the aggregate layers: /heatmaps/{campaign}/... (filled in by the views)."""

from django.urls import include, path, re_path

from . import kde_views

# Density heatmaps. z/x/y match any path segment, so the view can answer a bad one with a 400
# naming it instead of an anonymous 404.
KDE_TILE = r"^(?P<slug>[^/]+)/kde/(?P<z>[^/]+)/(?P<x>[^/]+)/(?P<y>[^/]+)\.png$"

urlpatterns = [
    re_path(KDE_TILE, kde_views.kde_tile, name="kde-tile"),
    re_path(r"^(?P<slug>[^/]+)/kde/legend\.json$", kde_views.kde_legend, name="kde-legend"),
    re_path(r"^(?P<slug>[^/]+)/kde/legend\.png$", kde_views.kde_legend_png, name="kde-legend-png"),
    re_path(
        r"^(?P<slug>[^/]+)/kde/contours\.geojson$", kde_views.kde_contours, name="kde-contours"
    ),
    re_path(r"^(?P<slug>[^/]+)/kde\.tif$", kde_views.kde_geotiff, name="kde-geotiff"),
    re_path(r"^(?P<slug>[^/]+)/kde/$", kde_views.kde_page, name="kde-page"),
    # Grid cells, hotspots and clusters (heatmaps/aggregate_urls.py).
    path("", include("heatmaps.aggregate_urls")),
]
