"""The vector tiles of grid cells, the last view in heatmaps/: it moves to layers/tiles.

The GeoJSON of the aggregate layers moved to layers/aggregates. The same suppression applies to
every caller, so the answers do not depend on who asks and shared caches may keep them.
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

from .cells.params import from_query, normalise, params_key
from .cells.selectors import grid_run
from .models import GridCell, Kind
from .sql import load

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
