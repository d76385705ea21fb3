"""The results page's map: density of the non-sensitive categories, grid cells of the others.

No exact point reaches it. Non-sensitive categories are drawn as the public density surface
(/heatmaps/{slug}/kde/ PNG tiles, filtered to those categories); sensitive ones only as the
public grid layer's cells, which hold their generalised positions and leave out every cell of
fewer than k contributors (heatmaps.api, k = GP_AGGREGATE_MIN_CONTRIBUTORS).
"""

import json
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from geo_participation.map_controls import control_strings
from heatmaps import api
from layers.registry import GRID_RAMP
from layers.workspace.maps import base_style


def _query(keys: list[str]) -> str:
    return urlencode({"category": ",".join(keys)})


def map_layers(campaign, categories: list[dict]) -> list[dict]:
    """Return the map's layers, each with its URL, the categories it draws and its legend."""
    open_keys = [c["key"] for c in categories if not c["sensitive"]]
    sensitive = [c for c in categories if c["sensitive"]]
    layers = []
    if open_keys:
        tiles = f"/heatmaps/{campaign.slug}/kde/{{z}}/{{x}}/{{y}}.png?{_query(open_keys)}"
        layers.append(
            {
                "key": "density",
                "url": tiles,
                "label": _("Density of the posts"),
                "categories": [c["label"] for c in categories if not c["sensitive"]],
                "note": str(api.DENSITY_RAMP_NOTE),
            }
        )
    if sensitive:
        grid = reverse("heatmaps-grid", kwargs={"slug": campaign.slug})
        k = api.min_contributors()
        layers.append(
            {
                "key": "grid",
                "url": f"{grid}?{_query([c['key'] for c in sensitive])}",
                "label": _("Posts per area (sensitive categories)"),
                "categories": [c["label"] for c in sensitive],
                "note": _(
                    "Posts of these categories are shown only as areas of about %(size)s m, and "
                    "only areas with posts of at least %(k)s people; from light yellow (few "
                    "posts) to dark red (most)."
                )
                % {"k": k, "size": round(api.PARAMETER_DEFAULTS["cell_m"])},
                "ramp": list(GRID_RAMP),
            }
        )
    return layers


def map_config(request, campaign, layers: list[dict]) -> dict:
    """Return what the page's script needs: the base style, the area and the layers' URLs."""
    return {
        "style": base_style(request),
        "area": json.loads(campaign.area.geojson),
        "bounds": list(campaign.area.extent),
        "layers": [{"key": layer["key"], "url": layer["url"]} for layer in layers],
        "grid_ramp": list(GRID_RAMP),
        "strings": {
            **control_strings(),
            "map_title": _("Map of the results"),
            "failed": _("The map layer could not be loaded."),
        },
    }
