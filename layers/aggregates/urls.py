"""URLs of the aggregate layers: /heatmaps/{campaign}/... (mounted by layers/urls.py)."""

from django.urls import re_path

from layers.http import SLUG_PATH

from . import views

# z/x/y match any path segment, so the view can answer a bad one with a 400 naming it instead
# of an anonymous 404.
urlpatterns = [
    re_path(
        rf"^{SLUG_PATH}/kde/(?P<z>[^/]+)/(?P<x>[^/]+)/(?P<y>[^/]+)\.png$",
        views.kde_tile,
        name="kde-tile",
    ),
    re_path(rf"^{SLUG_PATH}/kde/legend\.json$", views.kde_legend, name="kde-legend"),
    re_path(rf"^{SLUG_PATH}/kde/legend\.png$", views.kde_legend_png, name="kde-legend-png"),
    re_path(rf"^{SLUG_PATH}/kde/contours\.geojson$", views.kde_contours, name="kde-contours"),
    re_path(rf"^{SLUG_PATH}/kde\.tif$", views.kde_geotiff, name="kde-geotiff"),
    re_path(rf"^{SLUG_PATH}/kde/$", views.kde_page, name="kde-page"),
    re_path(rf"^{SLUG_PATH}/grid\.geojson$", views.grid_geojson, name="heatmaps-grid"),
    re_path(rf"^{SLUG_PATH}/hotspots\.geojson$", views.hotspots_geojson, name="heatmaps-hotspots"),
    re_path(rf"^{SLUG_PATH}/clusters\.geojson$", views.clusters_geojson, name="heatmaps-clusters"),
    re_path(rf"^{SLUG_PATH}/sections\.geojson$", views.sections_geojson, name="heatmaps-sections"),
]
