"""TileJSON 3.0.0: where a campaign's tiles of a layer are, what they hold, and at which zooms."""

import math
from urllib.parse import quote

from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from geo_participation.campaigns.models import Campaign
from layers.registry import Layer

# The zoom at which the campaign's bounds fit a 512-pixel-wide map, for `center`.
VIEWPORT_PX = 512


def tiles_url(request, *, campaign: Campaign, layer: Layer, query: str = "") -> str:
    """Return the absolute tile URL template of a campaign's layer, with {z}/{x}/{y}."""
    placeholders = {"z": "{z}", "x": "{x}", "y": "{y}"}
    # The tile route sits beside the TileJSON route that answers this request, in one mount.
    name = ":".join(filter(None, (request.resolver_match.namespace, layer.route_name("tile"))))
    url = request.build_absolute_uri(reverse(name, kwargs={"slug": campaign.slug} | placeholders))
    # reverse() and build_absolute_uri() percent-encode the braces; clients expect them as is.
    for placeholder in placeholders.values():
        url = url.replace(quote(placeholder), placeholder)
    return f"{url}?{query}" if query else url


def _center(bounds: list[float], minzoom: int, maxzoom: int) -> list[float]:
    west, south, east, north = bounds
    width = max(east - west, north - south, 1e-9)
    fit = math.floor(math.log2(VIEWPORT_PX / 256 * 360 / width))
    zoom = min(max(fit, minzoom), maxzoom)
    return [round((west + east) / 2, 6), round((south + north) / 2, 6), zoom]


def _fields(layer: Layer, campaign: Campaign) -> dict:
    fields = dict(layer.fields)
    if layer.category_field:
        prefix, field = layer.category_field
        keys = campaign.categories.order_by("position", "key").values_list("key", flat=True)
        fields |= {f"{prefix}{key}": field for key in keys}
    return fields


def vector_layer(layer: Layer, *, campaign: Campaign, minzoom: int, maxzoom: int) -> dict:
    """Return the vector_layers entry of a layer: id, fields with types, zooms."""
    fields = _fields(layer, campaign)
    entry = {
        "id": layer.name,
        "description": layer.description,
        "minzoom": minzoom,
        "maxzoom": maxzoom,
        # Values are type names ("Number", "String", "Boolean"), as Mapbox tooling writes them;
        # what each field means is in field_descriptions.
        "fields": {name: field.type for name, field in fields.items()},
        "field_descriptions": {name: field.description for name, field in fields.items()},
    }
    if layer.cell_table:
        # Only layers with trigger-kept cell counts answer low zooms aggregated.
        entry["aggregated_below_zoom"] = settings.GP_TILE_AGGREGATE_BELOW_ZOOM
    return entry


def tilejson_document(request, *, campaign: Campaign, layer: Layer, query: str = "") -> dict:
    """Return the TileJSON 3.0.0 document of a campaign's layer; query goes into its tiles URL."""
    minzoom = layer.minzoom
    maxzoom = min(layer.maxzoom, settings.GP_TILE_MAX_ZOOM)
    bounds = [round(value, 6) for value in campaign.area.extent]
    return {
        "tilejson": "3.0.0",
        "name": campaign.title,
        "description": campaign.description or layer.description,
        # TileJSON attribution is HTML; the title is the campaign owner's text.
        "attribution": escape(f"Submissions to “{campaign.title}”, geo_participation"),
        "scheme": "xyz",
        "tiles": [tiles_url(request, campaign=campaign, layer=layer, query=query)],
        "minzoom": minzoom,
        "maxzoom": maxzoom,
        "bounds": bounds,
        "center": _center(bounds, minzoom, maxzoom),
        "vector_layers": [vector_layer(layer, campaign=campaign, minzoom=minzoom, maxzoom=maxzoom)],
    }
