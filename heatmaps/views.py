"""GeoJSON and vector tiles of the aggregate layers; plain Django views, public for everyone.

The same suppression applies to every caller: planners' unsuppressed data goes through the
exports, never through these public endpoints, so the answers do not depend on who asks and
shared caches may keep them.
"""

import hashlib
import re

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, HttpResponseNotModified, JsonResponse
from django.utils.http import parse_etags
from django.views.decorators.http import require_safe

from geo_participation.campaigns.models import Campaign
from geo_participation.errors import Rejected
from geo_participation.tiles import BadTile, parse_tile

from . import geojson
from .models import GridCell, Kind
from .params import from_query, normalise, params_key
from .selectors import LAYERS, grid_run
from .sql import load

GEOJSON = "application/geo+json"
MVT = "application/vnd.mapbox-vector-tile"
OPEN = {"Access-Control-Allow-Origin": "*"}
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,80}")
# Changes whenever the SQL that shapes an answer changes, so old ETags stop matching.
REVISION = hashlib.sha256(
    "".join(load(n) for n in ("points", "grid_cells", "clusters", "grid_tile")).encode()
).hexdigest()[:10]


def _error(detail: str, code: str, status: int, **context) -> JsonResponse:
    return JsonResponse({"detail": detail, "code": code, **context}, status=status, headers=OPEN)


def _campaign(slug: str) -> Campaign | None:
    # A string that is no slug (a NUL would make PostgreSQL fail) names no campaign.
    if not SLUG.fullmatch(slug):
        return None
    return Campaign.objects.filter(slug=slug).first()


def _etag(campaign, kind, query, *extra) -> str:
    # The normalised arguments, not the query text: equal requests share one ETag. The
    # published_version makes every moderation decision a new ETag.
    params, k = normalise(kind, campaign, **from_query(kind, query))
    parts = (campaign.pk, campaign.published_version, params_key(campaign, params), k, REVISION)
    text = repr(parts + extra)
    return '"' + hashlib.sha256(text.encode()).hexdigest()[:32] + '"'


def _not_modified(request, etag: str) -> bool:
    header = request.META.get("HTTP_IF_NONE_MATCH")
    if not header:
        return False
    tags = {tag.removeprefix("W/") for tag in parse_etags(header)}
    return "*" in tags or etag in tags


def _headers(etag: str) -> dict:
    return OPEN | {"ETag": etag, "Cache-Control": f"public, max-age={settings.GP_TILE_MAX_AGE}"}


def _layer_view(kind: str):
    @require_safe
    def view(request, slug: str):
        campaign = _campaign(slug)
        if campaign is None:
            return _error(f"No campaign {slug[:80]!r}.", "not_found", 404)
        try:
            etag = _etag(campaign, kind, request.GET)
            if _not_modified(request, etag):
                return HttpResponseNotModified(headers=_headers(etag))
            frame = LAYERS[kind](campaign, **from_query(kind, request.GET))
        except Rejected as exc:
            return _error(str(exc.detail), exc.code, 400, **exc.context)
        body = geojson.feature_collection(frame)
        return HttpResponse(body, content_type=GEOJSON, headers=_headers(etag))

    view.__doc__ = f"Answer the campaign's {kind} layer as a GeoJSON FeatureCollection."
    return view


grid_geojson = _layer_view(Kind.GRID)
hotspots_geojson = _layer_view(Kind.HOTSPOTS)
clusters_geojson = _layer_view(Kind.CLUSTERS)


def _tile_address(z: str, x: str, y: str) -> tuple[int, int, int]:
    # The same addressing and limits as the submission tiles.
    try:
        tile = parse_tile(z, x, y)
    except BadTile as exc:
        raise Rejected(str(exc), code="invalid_tile") from None
    return tile.z, tile.x, tile.y


@require_safe
def grid_tile(request, slug: str, z: str, x: str, y: str):
    """Answer one vector tile (layer "grid") of the campaign's grid cells."""
    campaign = _campaign(slug)
    if campaign is None:
        return _error(f"No campaign {slug[:80]!r}.", "not_found", 404)
    try:
        address = _tile_address(z, x, y)
        etag = _etag(campaign, Kind.GRID, request.GET, *address)
        if _not_modified(request, etag):
            return HttpResponseNotModified(headers=_headers(etag))
        run, _, k = grid_run(Kind.GRID, campaign, **from_query(Kind.GRID, request.GET))
    except Rejected as exc:
        return _error(str(exc.detail), exc.code, 400, **exc.context)
    statement = load("grid_tile").format(
        cells_table=connection.ops.quote_name(GridCell._meta.db_table)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            statement, {"run": run.pk, "k": k, "z": address[0], "x": address[1], "y": address[2]}
        )
        data = bytes(cursor.fetchone()[0] or b"")
    if not data:
        response = HttpResponse(status=204, headers=_headers(etag))
        del response["Content-Type"]
        return response
    return HttpResponse(data, content_type=MVT, headers=_headers(etag))
