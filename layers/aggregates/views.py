"""The aggregate layers over HTTP: density PNG tiles, legend, GeoTIFF, contours, a preview page,
the grid, hotspot and cluster GeoJSON, and the ratings per section.

Public and read-only: only published submissions, suppressed and generalised by heatmaps, and
the same answer for everyone (planners' unsuppressed data goes through the exports), so shared
caches may keep them. The one exception is sections.geojson: planners' workspace map colours
sections by every rating, so planners get the unsuppressed numbers, privately cached.
Every answer carries a strong ETag of what it is computed from (campaign,
published_version, normalised parameters, code revision) plus what is drawn from it, and
If-None-Match is answered with 304 before anything is computed.
"""

import json
from functools import wraps
from urllib.parse import urlencode

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from rest_framework.exceptions import AuthenticationFailed

from geo_participation.errors import Rejected
from heatmaps import api
from layers import http
from layers.tiles.access import sees_every_number
from layers.tiles.addressing import BadTile, parse_tile

from . import geojson

GEOJSON = "application/geo+json"
CAMPAIGN_FIELDS = ("id", "slug", "title", "area", "published_version", "sensitive_grid_3857")


def _answer(view):
    """Look up the campaign, answer 404 without one and 400 for any refused parameter."""

    @wraps(view)
    def wrapped(request, slug: str, *args, **kwargs):
        campaign = http.campaign_by_slug(slug, *CAMPAIGN_FIELDS)
        if campaign is None:
            return http.campaign_not_found(slug)
        try:
            return view(request, campaign, *args, **kwargs)
        except (AuthenticationFailed, Rejected) as exc:
            return http.refused(exc)

    return http.safe_only(wrapped)


def _layer_view(kind: str):
    @_answer
    def view(request, campaign):
        kwargs = api.layer_kwargs(kind, campaign, request.GET)
        headers = http.caching_headers(
            etag=http.strong_etag(*api.layer_identity(kind, campaign, kwargs))
        )
        if unchanged := http.not_modified(request, headers):
            return unchanged
        body = geojson.feature_collection(api.LAYERS[kind](campaign, **kwargs))
        return HttpResponse(body, content_type=GEOJSON, headers=headers)

    view.__doc__ = f"Answer the campaign's {kind} layer as a GeoJSON FeatureCollection."
    return view


@_answer
def sections_geojson(request, campaign):
    """Answer the ratings per section as a GeoJSON FeatureCollection (planners: unsuppressed)."""
    chosen = api.section_filters(campaign, request.GET)
    exact = sees_every_number(request)
    identity = api.section_identity(campaign, chosen, exact=exact)
    headers = http.caching_headers(etag=http.strong_etag(*identity), private=exact)
    response = http.not_modified(request, headers)
    if response is None:
        body = geojson.feature_collection(api.section_layer(campaign, chosen, exact=exact))
        response = HttpResponse(body, content_type=GEOJSON, headers=headers)
    return http.vary_on_viewer(response)


grid_geojson = _layer_view(api.Kind.GRID)
hotspots_geojson = _layer_view(api.Kind.HOTSPOTS)
clusters_geojson = _layer_view(api.Kind.CLUSTERS)


def _density_headers(campaign, params, *what) -> dict:
    # The grid's name stays readable in the tag; what is drawn from it is hashed (levels are
    # free text).
    drawn = http.strong_etag(*what).strip('"')[:12]
    return http.caching_headers(etag=f'"{api.density_identity(campaign, params)}.{drawn}"')


def _path(campaign, suffix: str, request) -> str:
    """Return a path of this campaign's density endpoints, with the request's parameters."""
    query = f"?{urlencode(request.GET, doseq=True)}" if request.GET else ""
    return f"/heatmaps/{campaign.slug}/{suffix}{query}"


@http.safe_only
def kde_tile(request, slug: str, z: str, x: str, y: str):
    """Answer one 256-pixel PNG tile of the density surface."""
    try:
        tile = parse_tile(z, x, y)
    except BadTile as exc:
        return http.error(str(exc), "invalid_tile", 400)
    return _kde_tile(request, slug, tile)


def _drawn_from_density(tag, *, levels: bool = False):
    """Make a view of something drawn from the campaign's density grid.

    The parameters are checked and If-None-Match is answered before the grid is computed; only
    then is the decorated draw(request, campaign, params, grid, headers, *args) called. tag(request,
    *args) returns what is drawn, for the ETag; with levels, the query's levels are checked too.
    """

    def decorate(draw):
        @_answer
        @wraps(draw)
        def view(request, campaign, *args):
            params = api.density_params(campaign, request.GET, levels=levels)
            headers = _density_headers(campaign, params, *tag(request, *args))
            if unchanged := http.not_modified(request, headers):
                return unchanged
            return draw(request, campaign, params, api.density(campaign, params), headers, *args)

        return view

    return decorate


@_drawn_from_density(lambda request, tile: (tile.z, tile.x, tile.y))
def _kde_tile(request, campaign, params, grid, headers, tile):
    data = api.density_tile_png(grid, tile)
    return HttpResponse(data, content_type="image/png", headers=headers)


@_drawn_from_density(lambda request: ("legend.json",))
def kde_legend(request, campaign, params, grid, headers):
    """Answer the legend as JSON: scale, unit, breakpoints with colours, parameters."""
    document = {
        "campaign": campaign.slug,
        "published_version": campaign.published_version,
        **api.density_legend(grid, params),
        # Not build_absolute_uri(path): it would escape the braces of the template.
        "tiles": request.build_absolute_uri("/").rstrip("/")
        + _path(campaign, "kde/{z}/{x}/{y}.png", request),
    }
    return JsonResponse(document, headers=headers, json_dumps_params={"ensure_ascii": False})


@_drawn_from_density(lambda request: ("legend.png",))
def kde_legend_png(request, campaign, params, grid, headers):
    """Answer the legend as a PNG colour bar labelled with densities."""
    data = api.density_legend_png(grid, params)
    return HttpResponse(data, content_type="image/png", headers=headers)


@_drawn_from_density(lambda request: ("tif",))
def kde_geotiff(request, campaign, params, grid, headers):
    """Answer the density grid as a georeferenced Float32 GeoTIFF (EPSG:3857)."""
    headers["Content-Disposition"] = f'attachment; filename="{campaign.slug}-kde.tif"'
    data = api.density_geotiff(grid, campaign=campaign, params=params)
    return HttpResponse(data, content_type="image/tiff", headers=headers)


@_drawn_from_density(lambda request: ("contours", request.GET.get("levels")), levels=True)
def kde_contours(request, campaign, params, grid, headers):
    """Answer contour polygons at density levels as a GeoJSON FeatureCollection (WGS 84)."""
    levels = api.contour_levels(request.GET.get("levels"), grid.maximum)
    document = {
        "type": "FeatureCollection",
        "features": api.density_contours(grid, levels),
        "unit": params.unit(),
        "maximum": grid.maximum,
        "parameters": params.describe(),
    }
    return JsonResponse(
        document,
        content_type=GEOJSON,
        headers=headers,
        json_dumps_params={"ensure_ascii": False},
    )


@_answer
def kde_page(request, campaign):
    """Answer an HTML preview: the density tiles over the campaign area, and the legend."""
    params = api.density_params(campaign, request.GET)
    context = {
        "campaign": campaign,
        # The unit in the page's language (params.unit() is the files' English name for it).
        "weighted": params.weight == "support",
        "bandwidth_m": params.bandwidth_m,
        "area": {"type": "Feature", "geometry": json.loads(campaign.area.geojson)},
        "tiles_url": _path(campaign, "kde/{z}/{x}/{y}.png", request),
        "legend_url": _path(campaign, "kde/legend.png", request),
    }
    return render(request, "aggregates/kde.html", context)
