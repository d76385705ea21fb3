"""The moderation page's MapLibre style: the base map, the campaign areas and the exact posts."""

import json

from django.utils.translation import get_language

from geo_participation import basemap

OUTLINE = "#1f1f1f"
BACKGROUND = "#f4f3ef"
SELECTED = ["boolean", ["feature-state", "selected"], False]


def _collection(features: list) -> dict:
    return {"type": "FeatureCollection", "features": features}


def features(items) -> dict:
    """Return the submissions as GeoJSON with their real geometry: moderators see exact places."""
    return _collection(
        [
            {
                "type": "Feature",
                "id": item.pk,
                "geometry": json.loads(item.geom.geojson),
                "properties": {"id": item.pk, "colour": item.category.colour},
            }
            for item in items
        ]
    )


def _areas(campaigns) -> dict:
    return _collection(
        [
            {"type": "Feature", "geometry": json.loads(c.area.geojson), "properties": {}}
            for c in campaigns
        ]
    )


def _is(kind: str) -> list:
    return ["==", ["geometry-type"], kind]


def _submission_layers() -> list:
    # Lines and areas as what they are, in the category's colour, with a dark casing so a
    # light colour still shows on the base map; a selected one is drawn thicker.
    colour = ["get", "colour"]
    wide = ["case", SELECTED, 4, 2]
    return [
        {
            "id": "submissions-fill",
            "type": "fill",
            "source": "submissions",
            "filter": _is("Polygon"),
            "paint": {"fill-color": colour, "fill-opacity": 0.35},
        },
        {
            "id": "submissions-casing",
            "type": "line",
            "source": "submissions",
            "filter": ["!=", ["geometry-type"], "Point"],
            "paint": {"line-color": OUTLINE, "line-width": ["+", wide, 4]},
        },
        {
            "id": "submissions-line",
            "type": "line",
            "source": "submissions",
            "filter": ["!=", ["geometry-type"], "Point"],
            "paint": {"line-color": colour, "line-width": ["+", wide, 2]},
        },
        {
            "id": "submissions-point",
            "type": "circle",
            "source": "submissions",
            "filter": _is("Point"),
            "paint": {
                "circle-radius": ["case", SELECTED, 10, 7],
                "circle-color": colour,
                "circle-stroke-color": OUTLINE,
                "circle-stroke-width": 2,
            },
        },
    ]


def map_style(request, items, campaigns) -> dict:
    """Return the style (version 8) of the moderation map, on the base map when one is set up."""
    under = basemap.style_parts(request, (get_language() or "de")[:2]) or {}
    layers = [
        {"id": "background", "type": "background", "paint": {"background-color": BACKGROUND}},
        *under.get("layers", []),
        {
            "id": "areas",
            "type": "line",
            "source": "areas",
            "paint": {"line-color": OUTLINE, "line-width": 2, "line-dasharray": [3, 2]},
        },
        *_submission_layers(),
    ]
    style = {
        "version": 8,
        "sources": {
            "areas": {"type": "geojson", "data": _areas(campaigns)},
            "submissions": {"type": "geojson", "data": features(items)},
            **under.get("sources", {}),
        },
        "layers": layers,
    }
    for key in ("glyphs", "sprite"):
        if key in under:
            style[key] = under[key]
    return style
