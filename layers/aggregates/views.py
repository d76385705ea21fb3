"""Density heatmap endpoints: PNG tiles, legend, GeoTIFF, contours and a preview page.

Public and read-only: only approved submissions, the same answer for everyone. Every answer
carries a strong ETag of the density grid it comes from (campaign, published_version,
parameters, code revision) plus what is drawn from it, and If-None-Match is answered with 304
before any density is computed.
"""

import hashlib
import json
import re
from functools import cache, wraps
from urllib.parse import urlencode

import numpy as np
from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import render
from django.utils.http import parse_etags
from django.views.decorators.http import require_safe

from geo_participation.campaigns.models import Campaign
from geo_participation.tiles import BadTile, parse_tile

from . import ramp, raster_tiles
from .kde_cache import density_for, density_key
from .kde_params import BadParameter, KdeParams, parse_params
from .raster_geotiff import geotiff_bytes
from .raster_tiles import tile_values

OPEN = {"Access-Control-Allow-Origin": "*"}
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,80}")
CAMPAIGN_FIELDS = ("id", "slug", "title", "area", "published_version", "sensitive_grid_3857")


class _Refused(Exception):
    def __init__(self, response):
        self.response = response


def _error(detail: str, code: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": detail, "code": code}, status=status, headers=OPEN)


def _prepare(request, slug: str, *, extra=()) -> tuple[Campaign, KdeParams]:
    """Return the campaign and checked parameters, or raise _Refused with the 404/400."""
    # A string that is no slug (a NUL would make PostgreSQL fail) names no campaign.
    campaign = None
    if SLUG.fullmatch(slug):
        campaign = Campaign.objects.only(*CAMPAIGN_FIELDS).filter(slug=slug).first()
    if campaign is None:
        raise _Refused(_error(f"No campaign {slug[:80]!r}.", "not_found", 404))
    try:
        return campaign, parse_params(campaign, request.GET, extra=extra)
    except BadParameter as exc:
        raise _Refused(_error(str(exc), "invalid_parameter", 400)) from None


@cache
def _drawing_revision() -> str:
    text = repr((ramp.RAMP, ramp.FLOOR, ramp.LEGEND_STEPS, raster_tiles.TILE_PIXELS))
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def _headers(campaign: Campaign, params: KdeParams, *what) -> dict:
    tag = ".".join(map(str, (density_key(campaign, params), _drawing_revision(), *what)))
    return OPEN | {
        "ETag": f'"{tag}"',
        "Cache-Control": f"public, max-age={settings.GP_TILE_MAX_AGE}",
    }


def _not_modified(request, headers: dict) -> bool:
    header = request.META.get("HTTP_IF_NONE_MATCH")
    if not header:
        return False
    tags = {tag.removeprefix("W/") for tag in parse_etags(header)}
    return "*" in tags or headers["ETag"] in tags


def _path(campaign: Campaign, suffix: str, request) -> str:
    """Return a path of this campaign's density endpoints, with the request's parameters."""
    query = f"?{urlencode(request.GET, doseq=True)}" if request.GET else ""
    return f"/heatmaps/{campaign.slug}/{suffix}{query}"


def _unit(params: KdeParams) -> str:
    if params.weight == "support":
        return "weighted places per km² (1 + supports each)"
    return "places per km²"


def _answer(view):
    """Turn a refusal raised anywhere in the view into its response."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _Refused as refused:
            return refused.response

    return require_safe(wrapped)


@_answer
def kde_tile(request, slug: str, z: str, x: str, y: str):
    """Answer one 256-pixel PNG tile of the density surface."""
    try:
        tile = parse_tile(z, x, y)
    except BadTile as exc:
        return _error(str(exc), "invalid_tile", 400)
    campaign, params = _prepare(request, slug)
    headers = _headers(campaign, params, tile.z, tile.x, tile.y)
    if _not_modified(request, headers):
        return HttpResponseNotModified(headers=headers)
    density = density_for(campaign=campaign, params=params)
    values = tile_values(density, tile)
    if values is None:
        return HttpResponse(_transparent_tile(), content_type="image/png", headers=headers)
    data = ramp.png(ramp.rgba(values, density.maximum))
    return HttpResponse(data, content_type="image/png", headers=headers)


@cache
def _transparent_tile() -> bytes:
    size = raster_tiles.TILE_PIXELS
    return ramp.png(ramp.rgba(np.zeros((size, size), dtype="float32"), 0.0))


@_answer
def kde_legend(request, slug: str):
    """Answer the legend as JSON: scale, unit, breakpoints with colours, parameters."""
    campaign, params = _prepare(request, slug)
    headers = _headers(campaign, params, "legend.json")
    if _not_modified(request, headers):
        return HttpResponseNotModified(headers=headers)
    density = density_for(campaign=campaign, params=params)
    grid = density.grid
    document = {
        "campaign": campaign.slug,
        "published_version": campaign.published_version,
        "parameters": params.describe(),
        "unit": _unit(params),
        "places": density.places,
        "ramp": ramp.RAMP,
        "scale": "linear",
        "minimum": 0.0,
        "maximum": density.maximum,
        "transparent_below": ramp.FLOOR * density.maximum,
        "breakpoints": ramp.breakpoints(density.maximum),
        "grid": {
            "crs": "EPSG:3857",
            "size": [grid.size, grid.size],
            "cell": grid.cell,
            "bounds": [grid.xmin, grid.ymin, grid.xmax, grid.ymax],
        },
        # Not build_absolute_uri(path): it would escape the braces of the template.
        "tiles": request.build_absolute_uri("/").rstrip("/")
        + _path(campaign, "kde/{z}/{x}/{y}.png", request),
    }
    return JsonResponse(document, headers=headers, json_dumps_params={"ensure_ascii": False})


@_answer
def kde_legend_png(request, slug: str):
    """Answer the legend as a PNG colour bar labelled with densities."""
    campaign, params = _prepare(request, slug)
    headers = _headers(campaign, params, "legend.png")
    if _not_modified(request, headers):
        return HttpResponseNotModified(headers=headers)
    # Imported here: matplotlib's figure machinery costs most of a second, and loading the URL
    # configuration (every process, every management command) should not pay it.
    from .ramp_legend import legend_png

    density = density_for(campaign=campaign, params=params)
    data = legend_png(maximum=density.maximum, unit=_unit(params))
    return HttpResponse(data, content_type="image/png", headers=headers)


@_answer
def kde_geotiff(request, slug: str):
    """Answer the density grid as a georeferenced Float32 GeoTIFF (EPSG:3857)."""
    campaign, params = _prepare(request, slug)
    headers = _headers(campaign, params, "tif")
    if _not_modified(request, headers):
        return HttpResponseNotModified(headers=headers)
    density = density_for(campaign=campaign, params=params)
    metadata = {
        "campaign": campaign.slug,
        "published_version": str(campaign.published_version),
        "unit": _unit(params),
        "places": str(density.places),
        **{f"param_{k}": v for k, v in params.describe().items()},
    }
    headers["Content-Disposition"] = f'attachment; filename="{campaign.slug}-kde.tif"'
    data = geotiff_bytes(density, metadata=metadata)
    return HttpResponse(data, content_type="image/tiff", headers=headers)


@_answer
def kde_contours(request, slug: str):
    """Answer contour polygons at density levels as a GeoJSON FeatureCollection (WGS 84)."""
    from .kde_contours import BadLevels, contour_features, parse_levels  # see kde_legend_png

    campaign, params = _prepare(request, slug, extra=("levels",))
    raw = request.GET.get("levels")
    headers = _headers(
        campaign, params, "contours", hashlib.sha256(str(raw).encode()).hexdigest()[:8]
    )
    if raw is not None:
        try:
            parse_levels(raw, 1.0)  # refuse bad levels before any computation
        except BadLevels as exc:
            return _error(str(exc), "invalid_parameter", 400)
    if _not_modified(request, headers):
        return HttpResponseNotModified(headers=headers)
    density = density_for(campaign=campaign, params=params)
    levels = parse_levels(raw, density.maximum)
    document = {
        "type": "FeatureCollection",
        "features": contour_features(density, levels),
        "unit": _unit(params),
        "maximum": density.maximum,
        "parameters": params.describe(),
    }
    return JsonResponse(
        document,
        content_type="application/geo+json",
        headers=headers,
        json_dumps_params={"ensure_ascii": False},
    )


@_answer
def kde_page(request, slug: str):
    """Answer an HTML preview: the density tiles over the campaign area, and the legend."""
    campaign, params = _prepare(request, slug)
    context = {
        "campaign": campaign,
        "unit": _unit(params),
        "bandwidth_m": params.bandwidth_m,
        "area": {"type": "Feature", "geometry": json.loads(campaign.area.geojson)},
        "tiles_url": _path(campaign, "kde/{z}/{x}/{y}.png", request),
        "legend_url": _path(campaign, "kde/legend.png", request),
    }
    return render(request, "heatmaps/kde.html", context)
