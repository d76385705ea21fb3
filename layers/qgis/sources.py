"""Which layers a campaign's project holds, at which absolute URLs, with the request's filter.

The posts come from our OGC API Features (QGIS's OAPIF provider, the landing page without
its slash, as QGIS 3.22 needs); the analysis layers are the GeoJSON of /heatmaps/ through
QGIS's ogr provider. Every URL carries the one filter dialect of heatmaps.filters.
"""

import json
import uuid

from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

from heatmaps import api
from heatmaps.filters import Filters, is_filter

from . import styles
from .document import MapLayer

# Colours of the single-symbol layers (ColorBrewer Dark2, apart from the hotspot ramp).
CLUSTER_COLOUR = "#7570b3"
CONTOUR_COLOUR = "#d95f02"


def filter_query(query) -> QueryDict:
    """Return only the filter parameters of a query (a QueryDict), every value kept."""
    kept = QueryDict(mutable=True)
    for name in query:
        if is_filter(name):
            kept.setlist(name, query.getlist(name))
    return kept


def analysis_params(campaign, query) -> dict[str, str]:
    """Return the analysis parameters given (cell size, bandwidth, clustering), each checked.

    heatmaps checks each with the query's filters and refuses a bad one (400 naming it).
    """
    given = {}
    for name in api.LAYER_PARAMETERS:
        raw = query.get(name)
        if raw is None or raw == "":
            continue
        alone = filter_query(query)
        alone[name] = raw
        api.check_parameter(campaign, name, alone)
        given[name] = raw
    return given


def project_layers(
    request, campaign, filters: Filters, query: QueryDict, params: dict[str, str]
) -> list[MapLayer]:
    """Return the project's layers, top first: posts, hotspots, clusters, contours, grid."""

    def analysis(key: str, name: str, route: str, renderer, *, visible=False) -> MapLayer:
        # An aggregate layer of /heatmaps/ as GeoJSON polygons (EPSG:4326) through ogr, with
        # the filters and the analysis parameters that layer takes.
        path = reverse(route, kwargs={"slug": campaign.slug})
        own = query.copy()
        for param, value in params.items():
            if key in api.LAYER_PARAMETERS[param]:
                own[param] = value
        suffix = f"?{own.urlencode()}" if own else ""
        return MapLayer(
            id=_layer_id(key, campaign),
            name=name,
            provider="ogr",
            source=request.build_absolute_uri(path) + suffix,
            geometry="Polygon",
            renderer=renderer,
            visible=visible,
        )

    categories = [
        category
        for category in campaign.categories.order_by("position", "key")
        if filters.categories is None or category.key in filters.categories
    ]
    grid_query = query.copy()
    if "cell_m" in params:
        grid_query["cell_m"] = params["cell_m"]
    grid = api.grid_layer(campaign, **api.layer_kwargs(api.Kind.GRID, campaign, grid_query))
    posts = MapLayer(
        id=_layer_id("posts", campaign),
        name=_("Posts"),
        provider="OAPIF",
        source=oapif_source(request, campaign.slug, oapif_filter(filters)),
        geometry=_geometry(categories),
        renderer=styles.posts_renderer(categories),
    )
    return [
        posts,
        analysis(
            "hotspots",
            _("Hotspots (Gi*)"),
            "heatmaps-hotspots",
            styles.hotspot_renderer(),
            visible=True,
        ),
        analysis(
            "clusters",
            _("Clusters (DBSCAN)"),
            "heatmaps-clusters",
            styles.outline_renderer(CLUSTER_COLOUR),
        ),
        analysis(
            "contours",
            _("Density contours"),
            "kde-contours",
            styles.outline_renderer(CONTOUR_COLOUR),
        ),
        analysis(
            "grid",
            _("Grid cells"),
            "heatmaps-grid",
            styles.grid_renderer([int(n) for n in grid["count"]]),
        ),
    ]


def _layer_id(name: str, campaign) -> str:
    # Shaped like the ids QGIS makes (name_uuid): QGIS 3.22 replaced some plainer ones with
    # new ids on reading, and the layer tree then lost its layers. Stable per campaign.
    unique = uuid.uuid5(uuid.NAMESPACE_URL, f"{campaign.slug}/{name}")
    return f"{name}_{str(unique).replace('-', '_')}"


def _geometry(categories) -> str:
    # QGIS's hint until the layer is read: a campaign of one kind names it, a mixed one points.
    kinds = {styles.public_kind(category) for category in categories}
    if len(kinds) != 1:
        return "Point"
    return {"line": "Line", "polygon": "Polygon"}.get(kinds.pop(), "Point")


def oapif_source(request, slug: str, expression: str = "") -> str:
    """Return the OAPIF data source: our landing page, the collection and a filter."""
    landing = request.build_absolute_uri(reverse("ogc-landing-bare"))
    parts = [f"filter={_quoted(expression)}"] if expression else []
    parts += [f"typename={_quoted(slug)}", f"url={_quoted(landing)}"]
    return " ".join(parts)


def _quoted(value: str) -> str:
    # QGIS's data source URIs quote values in '...' and escape \ and ' with a backslash.
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def oapif_filter(filters: Filters) -> str:
    """Return the filters as a QGIS expression on the OGC API's properties ('' for none).

    QGIS 3.22 sends the period to the server (datetime); the rest it applies to what it reads.
    """
    terms = []
    if filters.categories is not None:
        terms.append(f'"category" IN ({", ".join(map(_literal, filters.categories))})')
    if filters.since is not None:
        terms.append(f'"created" >= {_literal(_utc(filters.since))}')
    if filters.until is not None:
        terms.append(f'"created" < {_literal(_utc(filters.until))}')
    for answer in filters.answers:
        alternatives = [_answer_term(json.loads(document)) for document in answer.documents]
        terms.append(f"({' OR '.join(alternatives)})")
    # The OGC items carry both as properties; without these terms the posts layer showed
    # every status and every support count while the analysis layers beside it were filtered.
    if filters.public_statuses is not None:
        terms.append(f'"public_status" IN ({", ".join(map(_literal, filters.public_statuses))})')
    if filters.min_support is not None:
        terms.append(f'"support_count" >= {_literal(filters.min_support)}')
    return " AND ".join(terms)


def _answer_term(document: dict) -> str:
    # One {question: value} an answers object contains: a ticked box is a one-value list.
    ((question, value),) = document.items()
    item = f'"answers"[{_literal(question)}]'
    if isinstance(value, list):
        return f"array_contains({item}, {_literal(value[0])})"
    return f"{item} = {_literal(value)}"


def _literal(value) -> str:
    if isinstance(value, int):
        return str(value)
    # QGIS expression strings double a quote and escape a backslash.
    return "'" + str(value).replace("\\", "\\\\").replace("'", "''") + "'"


def _utc(moment) -> str:
    # With Z, not +00:00: QGIS copies the text into the datetime parameter unencoded.
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
