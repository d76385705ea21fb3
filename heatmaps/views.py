"""GeoJSON and vector tiles of the aggregate layers; plain Django views, public for everyone.

The same suppression applies to every caller: planners' unsuppressed data goes through the
exports, never through these public endpoints, so the answers do not depend on who asks and
shared caches may keep them.
"""

import hashlib
import re

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified, JsonResponse
from django.utils.http import parse_etags
from django.views.decorators.http import require_safe

from geo_participation.campaigns.models import Campaign
from geo_participation.errors import Rejected

from . import geojson
from .models import Kind
from .params import from_query, normalise, params_key
from .selectors import LAYERS
from .sql import load

GEOJSON = "application/geo+json"
MVT = "application/vnd.mapbox-vector-tile"
OPEN = {"Access-Control-Allow-Origin": "*"}
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,80}")
# Changes whenever the SQL that shapes an answer changes, so old ETags stop matching.
REVISION = hashlib.sha256(
    "".join(load(n) for n in ("points", "grid_cells", "clusters")).encode()
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
