"""The MapLibre style of a campaign map: the configured base map under our own layers."""

import json

from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from geo_participation import basemap

from .rating import has_sections

EMPTY = {"type": "FeatureCollection", "features": []}
BACKGROUND = "#f4f3ef"
OUTLINE = "#1f1f1f"
AGGREGATE = "#4d4d4d"
# Sections to rate (references/): purple, those the visitor rated green and dashed, the chosen
# one with an orange border; each against the base map at 3:1 at least (WCAG 1.4.11).
SECTION = "#5b2a86"
# Every other section of a street a lighter purple, so one sees where a section ends.
SECTION_EVEN = "#8a5cc2"
RATED = "#1d6b33"
CHOSEN = "#c2410c"
# Tile features with a count are aggregated cells (low zooms), the others single submissions.
CELL = ["has", "count"]
SINGLE = ["!", ["has", "count"]]


def _is(geometry_type: str) -> list:
    return ["==", ["geometry-type"], geometry_type]


def _colour_by_category(markers) -> list | str:
    if not markers:
        return AGGREGATE
    pairs = [item for key, marker in markers.items() for item in (key, marker.colour)]
    return ["match", ["get", "category"], *pairs, AGGREGATE]


def _sources(request, campaign) -> dict:
    tilejson = reverse("tiles:tilejson", kwargs={"slug": campaign.slug})
    sources = {
        "area": {"type": "geojson", "data": json.loads(campaign.area.geojson)},
        # MapLibre fetches tiles from its worker, which needs absolute URLs. The attribution
        # here wins over the TileJSON's, which is one document for every language.
        "submissions": {
            "type": "vector",
            "url": request.build_absolute_uri(tilejson),
            # MapLibre shows attributions as HTML.
            "attribution": escape(_("Submissions to “%(title)s”") % {"title": campaign.title}),
        },
        # Filled by the page: the viewer's own pending submissions, and the place being chosen.
        "mine": {"type": "geojson", "data": EMPTY},
        "draft": {"type": "geojson", "data": EMPTY},
    }
    return sources


def _submission_layers(source: str, colour, *, dashed: bool, source_layer: str | None) -> list:
    prefix = f"{source}-"
    extra = {"source-layer": source_layer} if source_layer else {}
    # Tiles also carry aggregated cells; the viewer's own submissions are always single.
    single = [SINGLE] if source_layer else []
    line_paint = {"line-color": colour, "line-width": 4}
    if dashed:
        line_paint["line-dasharray"] = [2, 1]
    icon = {
        "icon-image": ["concat", "gp-", ["get", "category"]],
        "icon-allow-overlap": True,
        "icon-ignore-placement": True,
    }
    return [
        {
            "id": prefix + "fill",
            "type": "fill",
            "source": source,
            **extra,
            "filter": ["all", *single, _is("Polygon")],
            "paint": {"fill-color": colour, "fill-opacity": 0.25 if dashed else 0.35},
        },
        {
            "id": prefix + "casing",
            "type": "line",
            "source": source,
            **extra,
            "filter": ["all", *single, ["!=", ["geometry-type"], "Point"]],
            "paint": {"line-color": OUTLINE, "line-width": 6},
        },
        {
            "id": prefix + "line",
            "type": "line",
            "source": source,
            **extra,
            "filter": ["all", *single, ["!=", ["geometry-type"], "Point"]],
            "paint": line_paint,
        },
        {
            "id": prefix + "icons",
            "type": "symbol",
            "source": source,
            **extra,
            "filter": ["all", *single, ["!=", ["geometry-type"], "LineString"]],
            "layout": icon,
        },
        {
            "id": prefix + "line-icons",
            "type": "symbol",
            "source": source,
            **extra,
            "filter": ["all", *single, _is("LineString")],
            # Upright letters: icons placed on a line would otherwise turn with it.
            "layout": icon
            | {"symbol-placement": "line-center", "icon-rotation-alignment": "viewport"},
        },
    ]


def _fixed_layers() -> list:
    return [
        {"id": "background", "type": "background", "paint": {"background-color": BACKGROUND}},
        {
            "id": "area-fill",
            "type": "fill",
            "source": "area",
            "paint": {"fill-color": "#0072b2", "fill-opacity": 0.06},
        },
        {
            "id": "area-outline",
            "type": "line",
            "source": "area",
            "paint": {"line-color": OUTLINE, "line-width": 2, "line-dasharray": [3, 2]},
        },
        {
            "id": "submissions-cells",
            "type": "circle",
            "source": "submissions",
            "source-layer": "submissions",
            "filter": CELL,
            "paint": {
                "circle-color": AGGREGATE,
                "circle-opacity": 0.75,
                "circle-stroke-color": "#ffffff",
                "circle-stroke-width": 1,
                "circle-radius": ["interpolate", ["linear"], ["get", "count"], 1, 4, 100, 16],
            },
        },
    ]


def _draft_layers() -> list:
    return [
        {
            "id": "draft-line",
            "type": "line",
            "source": "draft",
            "filter": ["!=", ["geometry-type"], "Point"],
            "paint": {"line-color": "#000000", "line-width": 3, "line-dasharray": [1, 1]},
        },
        {
            "id": "draft-points",
            "type": "circle",
            "source": "draft",
            "filter": _is("Point"),
            "paint": {
                "circle-radius": 7,
                "circle-color": "#ffffff",
                "circle-stroke-color": "#000000",
                "circle-stroke-width": 3,
            },
        },
    ]


def _state(name: str, on, off) -> list:
    return ["case", ["boolean", ["feature-state", name], False], on, off]


def _section_layers() -> list:
    """Return the layers of the sections to rate: drawn, marked when rated, and tappable.

    The page fills the "sections" source from the references API, with `rated` set per
    feature; hover and the chosen section are feature states.
    """
    rated = ["boolean", ["get", "rated"], False]
    purple = ["case", ["==", ["%", ["get", "section"], 2], 0], SECTION_EVEN, SECTION]
    not_point = ["!=", ["geometry-type"], "Point"]
    base = {"type": "line", "source": "sections", "filter": not_point}
    return [
        {
            "id": "sections-fill",
            "type": "fill",
            "source": "sections",
            "filter": _is("Polygon"),
            "paint": {"fill-color": ["case", rated, RATED, SECTION], "fill-opacity": 0.15},
        },
        base
        | {
            "id": "sections-chosen",
            "paint": {
                "line-color": CHOSEN,
                "line-width": 14,
                "line-opacity": _state("chosen", 1, 0),
            },
        },
        base | {"id": "sections-casing", "paint": {"line-color": "#ffffff", "line-width": 8}},
        base
        | {
            "id": "sections-line",
            "filter": ["all", not_point, ["!", rated]],
            "paint": {"line-color": purple, "line-width": _state("hover", 7, 5)},
        },
        base
        | {
            "id": "sections-rated",
            "filter": ["all", not_point, rated],
            "paint": {
                "line-color": RATED,
                "line-width": _state("hover", 7, 5),
                "line-dasharray": [2, 1],
            },
        },
        {
            "id": "sections-points",
            "type": "circle",
            "source": "sections",
            "filter": _is("Point"),
            "paint": {
                "circle-color": ["case", rated, RATED, SECTION],
                "circle-radius": _state("hover", 10, 8),
                "circle-stroke-color": _state("chosen", CHOSEN, "#ffffff"),
                "circle-stroke-width": _state("chosen", 5, 2),
            },
        },
        # Invisible and wide: a finger finds a 5 px line (WCAG 2.5.8's 24 px target).
        base
        | {
            "id": "sections-hit",
            "paint": {"line-color": "#000000", "line-width": 28, "line-opacity": 0},
        },
        {
            "id": "sections-hit-points",
            "type": "circle",
            "source": "sections",
            "filter": _is("Point"),
            "paint": {"circle-color": "#000000", "circle-radius": 16, "circle-opacity": 0},
        },
    ]


def map_style(request, campaign, markers) -> dict:
    """Return the MapLibre style (version 8) of a campaign's map, in the request's language."""
    colour = _colour_by_category(markers)
    under = basemap.style_parts(request, (get_language() or "de")[:2]) or {}
    # The base map lies between our background and the campaign area, under every post.
    layers = _fixed_layers()
    layers[1:1] = under.get("layers", [])
    sources = _sources(request, campaign)
    if has_sections(campaign):
        # Over the base map and the area, under the posts (a rating's marker stays tappable).
        sources["sections"] = {"type": "geojson", "data": EMPTY}
        layers += _section_layers()
    layers += _submission_layers("submissions", colour, dashed=False, source_layer="submissions")
    layers += _submission_layers("mine", colour, dashed=True, source_layer=None)
    layers += _draft_layers()
    # Glyphs and sprite only as the base map brings them (ours from our static files): the
    # category icons are drawn by the page (map.addImage), our symbol layers carry no text.
    style = {
        "version": 8,
        "name": campaign.title,
        "sources": sources | under.get("sources", {}),
        "layers": layers,
    }
    for key in ("glyphs", "sprite"):
        if key in under:
            style[key] = under[key]
    return style
