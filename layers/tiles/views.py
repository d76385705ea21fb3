"""Plain Django views for tiles and TileJSON: binary, hot, and no heavier than they must be."""

import re

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified, JsonResponse
from django.views.decorators.http import require_safe
from rest_framework.exceptions import AuthenticationFailed

from geo_participation.campaigns.models import Campaign
from layers.registry import SUBMISSIONS

from .access import sees_exact
from .addressing import BadTile, parse_tile
from .cache import cached_tile, caching_headers, etag_matches, store_tile, tile_key
from .render import tile_bytes
from .tilejson import tilejson_document

MVT = "application/vnd.mapbox-vector-tile"
# Any origin may draw the tiles; exact tiles still need the viewer's own credentials.
OPEN = {"Access-Control-Allow-Origin": "*"}
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,80}")


def _error(detail: str, code: str, status: int, **headers) -> JsonResponse:
    return JsonResponse({"detail": detail, "code": code}, status=status, headers=OPEN | headers)


def _campaign(slug: str, *fields: str) -> Campaign | None:
    # A string that is no slug (a NUL would make PostgreSQL fail) names no campaign.
    if not SLUG.fullmatch(slug):
        return None
    return Campaign.objects.only(*fields).filter(slug=slug).first()


def _not_found(slug: str) -> JsonResponse:
    return _error(f"No campaign {slug[:80]!r}.", "not_found", 404)


@require_safe
def tile(request, slug: str, z: str, x: str, y: str):
    """Answer one vector tile of a campaign's published submissions."""
    try:
        address = parse_tile(z, x, y)
    except BadTile as exc:
        return _error(str(exc), "invalid_tile", 400)
    # The only query besides the tile's: the version for the ETag, and the grid.
    campaign = _campaign(slug, "id", "published_version", "sensitive_grid_3857")
    if campaign is None:
        return _not_found(slug)
    try:
        exact = sees_exact(request)
    except AuthenticationFailed as exc:
        challenge = {"WWW-Authenticate": 'Basic realm="api"'}
        return _error(str(exc.detail), "authentication_failed", 401, **challenge)
    key = tile_key(
        layer=SUBMISSIONS,
        campaign_id=campaign.pk,
        version=campaign.published_version,
        tile=address,
        exact=exact,
    )
    headers = OPEN | caching_headers(etag=f'"{key}"', exact=exact)
    # Decided before any tile SQL runs: the ETag needs only the campaign row.
    if etag_matches(request, headers["ETag"]):
        return HttpResponseNotModified(headers=headers)
    # Exact tiles are never kept server-side: they must not outlive the viewer's rights.
    data = None if exact else cached_tile(key)
    if data is None:
        data = tile_bytes(layer=SUBMISSIONS, campaign=campaign, tile=address, exact=exact)
        if not exact:
            store_tile(key, data)
    if not data:
        # MapLibre and OpenLayers take 204 No Content as an empty tile.
        response = HttpResponse(status=204, headers=headers)
        del response["Content-Type"]
        return response
    return HttpResponse(data, content_type=MVT, headers=headers)


@require_safe
def tilejson(request, slug: str):
    """Answer the TileJSON 3.0.0 document of a campaign's tiles."""
    campaign = _campaign(slug, "id", "slug", "title", "description", "area")
    if campaign is None:
        return _not_found(slug)
    document = tilejson_document(request, campaign=campaign, layer=SUBMISSIONS)
    cache_control = {"Cache-Control": f"public, max-age={settings.GP_TILE_MAX_AGE}"}
    return JsonResponse(document, headers=OPEN | cache_control)
