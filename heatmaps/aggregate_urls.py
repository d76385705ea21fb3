"""URL of the grid-cell vector tiles, /heatmaps/{slug}/grid/{z}/{x}/{y}.mvt (for layers/tiles)."""

from django.urls import path

from . import views

urlpatterns = [
    path("<str:slug>/grid/<str:z>/<str:x>/<str:y>.mvt", views.grid_tile, name="heatmaps-grid-tile"),
]
