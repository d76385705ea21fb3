"""URLs of layers.tiles."""

urlpatterns = []
