"""URLs of layers.tiles under /tiles/: /tiles/{slug}/{z}/{x}/{y}.mvt and /tiles/{slug}.json.

Every route is made from the layer registry (routes()): a layer is served under the mount its
entry names, by the generic tile and TileJSON views.
"""

import re

from django.urls import re_path

from layers.registry import LAYERS

from . import views

app_name = "tiles"

# z/x/y match any path segment, so the view can answer a bad one with a 400 naming it
# instead of an anonymous 404.
TILE = r"/(?P<z>[^/]+)/(?P<x>[^/]+)/(?P<y>[^/]+)\.mvt$"


def routes(mount: str) -> list:
    """Return the tile and TileJSON routes of every registered layer served under /{mount}/."""
    patterns = []
    for layer in LAYERS.values():
        if layer.mount != mount:
            continue
        base = r"^(?P<slug>[^/]+)" + (f"/{re.escape(layer.path)}" if layer.path else "")
        argument = {"layer": layer.name}
        patterns += [
            re_path(base + TILE, views.tile, argument, name=layer.route_name("tile")),
            re_path(base + r"\.json$", views.tilejson, argument, name=layer.route_name("tilejson")),
        ]
    return patterns


urlpatterns = routes("tiles")
