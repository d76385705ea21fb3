"""Delivery URLs: vector tiles and TileJSON under /tiles/, OGC API Features under /ogc/."""

from django.urls import include, path

urlpatterns = [
    path("tiles/", include("layers.tiles.urls")),
    path("ogc/", include("layers.ogcapi.urls")),
]
