"""The workspace map's configuration: the base style, and the analysis layers to switch on.

The style holds only the base map (layers.basemap's archive, via geo_participation.basemap)
and the campaign area; the page's script adds each analysis layer's source when it is first
switched on, so nothing is computed for a layer nobody looks at. Every layer URL carries the
page's filters and the parameters that layer takes (WorkspaceQuery.query).
"""

import json

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from geo_participation import basemap
from geo_participation.map_controls import control_strings
from geo_participation.web.fields import TIME_OF_DAY_LABELS
from geo_participation.web.markers import category_markers
from heatmaps import api
from layers.registry import GRID_NOTE, GRID_RAMP, HOTSPOT_CLASSES, SECTION_CLASSES, SECTION_NOTE

from .query import WorkspaceQuery

BACKGROUND = "#f4f3ef"
OUTLINE = "#1f1f1f"


def _url(path: str, query: str) -> str:
    return f"{path}?{query}" if query else path


def layer_urls(campaign, checked: WorkspaceQuery) -> dict[str, str]:
    """Return the URL of each analysis layer, with the page's filters and its parameters."""
    slug = {"slug": campaign.slug}
    export = reverse("exports:export", kwargs={**slug, "filename": "submissions.geojson"})
    # The KDE tiles' {z}/{x}/{y} are MapLibre's placeholders, not part of a reversed path.
    return {
        # The planners' export: exact positions (sensitive ones too), every filter of the
        # dialect; the vector tiles and OGC items take only some of them.
        "posts": _url(export, checked.query("posts")),
        "kde": _url(f"/heatmaps/{campaign.slug}/kde/{{z}}/{{x}}/{{y}}.png", checked.query("kde")),
        "grid": _url(reverse("heatmaps-grid", kwargs=slug), checked.query("grid")),
        "hotspots": _url(reverse("heatmaps-hotspots", kwargs=slug), checked.query("hotspots")),
        "clusters": _url(reverse("heatmaps-clusters", kwargs=slug), checked.query("clusters")),
        "contours": _url(reverse("kde-contours", kwargs=slug), checked.query("contours")),
        "sections": _url(reverse("heatmaps-sections", kwargs=slug), checked.query("sections")),
    }


def base_style(request) -> dict:
    """Return the MapLibre style (version 8) under the analysis layers: the base map, if any."""
    under = basemap.style_parts(request, (get_language() or "de")[:2]) or {}
    style = {
        "version": 8,
        "sources": dict(under.get("sources", {})),
        "layers": [
            {"id": "background", "type": "background", "paint": {"background-color": BACKGROUND}},
            *under.get("layers", []),
        ],
    }
    for key in ("glyphs", "sprite"):
        if key in under:
            style[key] = under[key]
    return style


def legend(campaign) -> list[dict]:
    """Return each category's label and marker (shape, letter, colour), as the map draws it."""
    categories = list(campaign.categories.order_by("position", "key"))
    markers = category_markers(categories)
    return [{"key": c.key, "label": c.label, "marker": markers[c.key]} for c in categories]


# Sections without a number to colour by: grey, like a road not yet rated.
NO_RATING = "#b3b3b3"


def section_classes() -> list[dict]:
    """Return the classes of the mean rating (layers.registry), each with its range as words."""
    bounds = [low for low, _colour in SECTION_CLASSES] + [5.0]
    return [
        {
            "from": low,
            "colour": colour,
            "label": _("mean %(low)s to %(high)s")
            % {"low": number_format(low, 1), "high": number_format(bounds[n + 1], 1)},
        }
        for n, (low, colour) in enumerate(SECTION_CLASSES)
    ]


def _sections_switch(campaign) -> list[dict]:
    if not campaign.reference_features.exists():
        return []  # a campaign without reference layers has nothing to rate
    swatches = [{"colour": c["colour"], "label": c["label"]} for c in section_classes()]
    swatches.append({"colour": NO_RATING, "label": _("no rating shown")})
    return [
        {
            "key": "sections",
            "label": _("Sections by mean rating"),
            "swatches": swatches,
            "caption": SECTION_NOTE,
        }
    ]


def switches(campaign) -> list[dict]:
    """Return the layer switches, bottom layer last, each with its legend (swatches or a note)."""
    # The report's and the QGIS project's classes (layers.registry), the hot ones first.
    hot = [(colour, label) for (kind, _level), label, colour in HOTSPOT_CLASSES if kind == "hot"]
    cold = [(colour, label) for (kind, _level), label, colour in HOTSPOT_CLASSES if kind == "cold"]
    hotspot_items = [*hot, (None, _("Not significant")), *cold]
    return [
        *_sections_switch(campaign),
        {
            "key": "posts",
            "on": True,
            "label": _("Published posts (exact positions)"),
            "markers": legend(campaign),
        },
        {
            "key": "kde",
            "label": _("Density (kernel density estimate)"),
            "note": api.DENSITY_RAMP_NOTE,
        },
        {
            "key": "grid",
            "label": _("Grid cells"),
            "note": GRID_NOTE,
        },
        {
            "key": "hotspots",
            "label": _("Hot and cold spots (Getis-Ord Gi*)"),
            # Not "items": the template would read a switch without it as dict.items().
            "swatches": [{"colour": c, "label": label} for c, label in hotspot_items],
        },
        {
            "key": "clusters",
            "label": _("Clusters (DBSCAN)"),
            "note": _("Purple outlines around groups of nearby posts."),
        },
        {
            "key": "contours",
            "label": _("Density contours"),
            "note": _("Lines where the density reaches a level; darker lines: higher levels."),
        },
    ]


def map_config(request, campaign, checked: WorkspaceQuery) -> dict:
    """Return what the page's script needs: style, area, layer URLs, categories, strings."""
    items = legend(campaign)
    return {
        "style": base_style(request),
        "area": json.loads(campaign.area.geojson),
        "bounds": list(campaign.area.extent),
        "urls": layer_urls(campaign, checked),
        "confidence": checked.confidence,
        "grid_ramp": list(GRID_RAMP),
        "classes": [
            {"hotspot": kind, "confidence": level, "label": str(label), "colour": colour}
            for (kind, level), label, colour in HOTSPOT_CLASSES
        ],
        "section_classes": section_classes(),
        "no_rating": NO_RATING,
        "questions": _questions(campaign, checked),
        "moderation": reverse("moderation-respond", kwargs={"pk": 0}).replace("/0/", "/{id}/"),
        "categories": {item["key"]: item["label"] for item in items},
        "markers": {item["key"]: item["marker"].as_json() for item in items},
        "answers": {key: str(label) for key, label in TIME_OF_DAY_LABELS.items()},
        "strings": _strings(),
    }


def _questions(campaign, checked: WorkspaceQuery) -> list[dict]:
    """Return the questions counted per section, for the popups' answer counts."""
    if checked.chosen is None:
        return []
    return [
        {"key": q.key, "label": q.label, "rated": q.rated, "values": [list(v) for v in q.values]}
        for q in api.section_questions(campaign, checked.chosen)
    ]


def _strings() -> dict:
    return {
        # MapLibre's own texts (zoom, credits, gestures) as on every map of the site.
        **control_strings(),
        # MapLibre names the canvas "Map" in English unless told otherwise.
        "map_title": _("Analysis map of the campaign"),
        "close_popup": _("Close"),
        "loading": _("Loading %(layer)s …"),
        "loaded": _("%(layer)s: %(count)s features shown."),
        "failed": _("%(layer)s could not be loaded: %(detail)s"),
        "hidden": _("%(layer)s hidden."),
        "nothing_shown": _("No layer is shown on the map."),
        "post": _("Post %(id)s"),
        "category": _("Category"),
        "created": _("Submitted"),
        "status": _("Status"),
        "support": _("Supports (“me too”)"),
        "moderate": _("Open on the moderation page"),
        "cell": _("Grid cell"),
        "hotspot_cell": _("Hotspot cell"),
        "cluster": _("Cluster %(label)s"),
        "count": _("Posts in the cell"),
        "members": _("Posts in the cluster"),
        "contributors": _("Contributors"),
        "support_sum": _("Supports in total"),
        "z": _("z-score (Gi*)"),
        "p": _("p-value (permutations)"),
        "class": _("Class"),
        "none": _("Not significant"),
        "per_category": _("%(label)s: %(count)s"),
        "hidden_count": _("%(label)s: fewer than k contributors"),
        "section": _("Section %(number)s"),
        "ratings": _("Ratings"),
        "mean": _("Mean rating"),
        "rating_class": _("Colour class"),
        "no_rating": _("no rating shown"),
        "answer_count": _("%(answer)s: %(count)s"),
    }
