"""URLs of the aggregate layers: /heatmaps/{campaign}/... (filled in by the views)."""

urlpatterns = []
