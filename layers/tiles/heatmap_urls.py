"""URLs of the aggregate vector-tile layers under /heatmaps/: /heatmaps/{slug}/grid/{z}/{x}/{y}.mvt
and /heatmaps/{slug}/grid.json (routes from the layer registry, see layers.tiles.urls)."""

from .urls import routes

app_name = "heatmap-tiles"

urlpatterns = routes("heatmaps")
