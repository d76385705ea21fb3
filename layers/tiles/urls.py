"""URLs of layers.tiles: /tiles/{slug}/{z}/{x}/{y}.mvt and /tiles/{slug}.json."""

from django.urls import re_path

from . import views

app_name = "tiles"

# z/x/y match any path segment, so the view can answer a bad one with a 400 naming it
# instead of an anonymous 404.
TILE = r"^(?P<slug>[^/]+)/(?P<z>[^/]+)/(?P<x>[^/]+)/(?P<y>[^/]+)\.mvt$"

urlpatterns = [
    re_path(TILE, views.tile, name="tile"),
    re_path(r"^(?P<slug>[^/]+)\.json$", views.tilejson, name="tilejson"),
]
