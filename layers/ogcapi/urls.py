"""URLs of layers.ogcapi."""

urlpatterns = []
