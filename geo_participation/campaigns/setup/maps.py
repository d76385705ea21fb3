"""The area page's MapLibre style: the base map and the campaign's stored area."""

import json

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from geo_participation import basemap
from geo_participation.map_controls import control_strings

OUTLINE = "#1f1f1f"
FILL = "#0072b2"
BACKGROUND = "#f4f3ef"


def map_style(request, campaign) -> dict:
    """Return the style (version 8): the base map when one is set up, the stored area on it."""
    under = basemap.style_parts(request, (get_language() or "de")[:2]) or {}
    area = json.loads(campaign.area.geojson) if campaign.area is not None else None
    data = {"type": "FeatureCollection", "features": []}
    if area is not None:
        data["features"].append({"type": "Feature", "geometry": area, "properties": {}})
    style = {
        "version": 8,
        "sources": {"area": {"type": "geojson", "data": data}, **under.get("sources", {})},
        "layers": [
            {"id": "background", "type": "background", "paint": {"background-color": BACKGROUND}},
            *under.get("layers", []),
            {
                "id": "area-fill",
                "type": "fill",
                "source": "area",
                "paint": {"fill-color": FILL, "fill-opacity": 0.15},
            },
            {
                "id": "area-line",
                "type": "line",
                "source": "area",
                "paint": {"line-color": OUTLINE, "line-width": 2},
            },
        ],
    }
    for key in ("glyphs", "sprite"):
        if key in under:
            style[key] = under[key]
    return style


def map_config(request, campaign) -> dict:
    """Return what the area page's script needs: style, where to look, texts."""
    lon, lat = settings.GP_MAP_DEFAULT_CENTER
    return {
        "style": map_style(request, campaign),
        "bounds": list(campaign.area.extent) if campaign.area is not None else None,
        "center": [lon, lat],
        # Map.Title names the canvas for screen readers, as the citizen map does (web/strings.py).
        "strings": {**control_strings(), "map_title": _("Map of the area")},
    }
