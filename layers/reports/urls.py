"""URLs of layers/reports (filled in by its views)."""

urlpatterns = []
