"""The tile view and the TileJSON view of every registered layer: binary, hot, and no heavier
than they must be. Which layer a route serves is a URL argument (layers.tiles.urls)."""

from django.http import JsonResponse
from rest_framework.exceptions import AuthenticationFailed

from geo_participation.errors import Rejected
from layers import http
from layers.registry import LAYERS

from . import prerender, sources
from .addressing import BadTile, parse_tile
from .cache import cached_tile, store_tile, tile_key
from .tilejson import tilejson_document

MVT = "application/vnd.mapbox-vector-tile"
TILEJSON_FIELDS = ("id", "slug", "title", "description", "area")


@http.safe_only
def tile(request, slug: str, z: str, x: str, y: str, *, layer: str):
    """Answer one vector tile of a campaign's layer."""
    layer = LAYERS[layer]
    try:
        address = parse_tile(z, x, y)
    except BadTile as exc:
        return http.error(str(exc), "invalid_tile", 400)
    # For a submissions tile the only query besides the tile's: the version for the ETag.
    campaign = http.campaign_by_slug(slug, *sources.CAMPAIGN_FIELDS[layer.kind])
    if campaign is None:
        return http.campaign_not_found(slug)
    try:
        asked = sources.ask(layer, request, campaign)
    except (AuthenticationFailed, Rejected) as exc:
        return http.refused(exc)
    # An aggregated public tile is answered at the newest version rendered in the background.
    shown = prerender.served_campaign(layer, campaign, address, asked)
    key = tile_key(layer=layer, campaign=shown, tile=address, variant=asked.variant)
    headers = http.caching_headers(etag=http.strong_etag(key), private=asked.private)
    # Decided before any tile SQL runs: the ETag needs only the campaign row.
    response = http.not_modified(request, headers)
    if response is None:
        # Private tiles are never kept server-side: they must not outlive the viewer's rights.
        data = None if asked.private else cached_tile(key)
        if data is None:
            data = sources.tile_bytes(layer, campaign, address, asked)
            if not asked.private:
                store_tile(key, data)
        # MapLibre and OpenLayers take 204 No Content as an empty tile.
        response = http.binary(data, MVT, headers)
    return http.vary_on_viewer(response) if asked.by_viewer else response


@http.safe_only
def tilejson(request, slug: str, *, layer: str):
    """Answer the TileJSON 3.0.0 document of a campaign's layer."""
    layer = LAYERS[layer]
    campaign = http.campaign_by_slug(slug, *TILEJSON_FIELDS)
    if campaign is None:
        return http.campaign_not_found(slug)
    try:
        query = sources.tiles_query(layer, request, campaign)
    except Rejected as exc:
        return http.refused(exc)
    document = tilejson_document(request, campaign=campaign, layer=layer, query=query)
    return JsonResponse(document, headers=http.caching_headers())
