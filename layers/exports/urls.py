"""URLs of layers/exports (filled in by its views)."""

urlpatterns = []
