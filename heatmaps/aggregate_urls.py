"""URLs of the grid, hotspot and cluster layers: /heatmaps/{campaign}/..."""

from django.urls import path

from . import views

urlpatterns = [
    path("<str:slug>/grid.geojson", views.grid_geojson, name="heatmaps-grid"),
    path("<str:slug>/hotspots.geojson", views.hotspots_geojson, name="heatmaps-hotspots"),
    path("<str:slug>/clusters.geojson", views.clusters_geojson, name="heatmaps-clusters"),
]
