"""The tile view and the TileJSON view of every registered layer: binary, hot, and no heavier
than they must be. Which layer a route serves is a URL argument (layers.tiles.urls)."""

from django.http import JsonResponse
from rest_framework.exceptions import AuthenticationFailed

from geo_participation.errors import Rejected
from layers import http
from layers.registry import LAYERS

from . import campaigns, prerender, sources
from .addressing import BadTile, parse_tile
from .cache import ENCODINGS, cached_tile, encode, store_tile, tile_key
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
    fields = sources.CAMPAIGN_FIELDS[layer.kind]
    # Kept per worker for GP_TILE_METADATA_TTL seconds (layers.tiles.campaigns): a cached
    # tile and a 304 cost no query at all.
    campaign = campaigns.tile_campaign(slug, fields)
    if campaign is None:
        return http.campaign_not_found(slug)
    try:
        asked = sources.ask(layer, request, campaign)
    except (AuthenticationFailed, Rejected) as exc:
        return http.refused(exc)
    encoding = http.content_encoding(request, ENCODINGS)
    # An aggregated public tile is answered at the newest version rendered in the background.
    campaign = prerender.served_campaign(layer, campaign, address, asked)
    key = tile_key(layer=layer, campaign=campaign, tile=address, variant=asked.variant)
    # Decided before any tile SQL or cache lookup: the ETag needs only the campaign.
    response = http.not_modified(request, _headers(key, encoding, asked))
    if response is not None:
        return _varied(response, asked)
    found = _tile_data(layer, (slug, fields, campaign), address, asked, encoding)
    if found is None:
        return http.campaign_not_found(slug)
    data, key = found
    headers = _headers(key, encoding, asked)
    if data and encoding:
        headers["Content-Encoding"] = encoding
    # MapLibre and OpenLayers take 204 No Content as an empty tile.
    return _varied(http.binary(data, MVT, headers), asked)


def _tile_data(layer, named: tuple, address, asked: sources.Ask, encoding: str | None):
    """Return the tile's bytes in the encoding and the key they are kept under, or None when
    the campaign is no longer public; named is (slug, fields, campaign) as kept."""
    slug, fields, campaign = named
    key = tile_key(layer=layer, campaign=campaign, tile=address, variant=asked.variant)
    # Private tiles are never kept server-side: they must not outlive the viewer's rights.
    data = None if asked.private else cached_tile(key, encoding)
    if data is not None:
        return data, key
    plain = None if asked.private or encoding is None else cached_tile(key)
    if plain is None:
        plain, version = sources.tile_bytes(layer, campaign, address, asked)
        # The statement's own reading of the campaign: newer than the kept one, or gone.
        campaign = campaigns.seen_version(slug, fields, campaign, version)
        if campaign is None:
            return None
        key = tile_key(layer=layer, campaign=campaign, tile=address, variant=asked.variant)
    data = encode(plain, encoding)
    if not asked.private:
        store_tile(key, plain)
        if encoding is not None:
            store_tile(key, data, encoding)
    return data, key


def _headers(key: str, encoding: str | None, asked: sources.Ask) -> dict:
    # Each encoding is its own representation with its own strong ETag (RFC 9110 8.8.3.3).
    return http.caching_headers(etag=http.strong_etag(key, encoding), private=asked.private)


def _varied(response, asked: sources.Ask):
    if asked.by_viewer:
        return http.vary_on_viewer(response, "Accept-Encoding")
    return http.vary_on(response, "Accept-Encoding")


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
