"""The report's map, built with folium: no tiles from the internet, no CDN, escaped popups."""

import json

import folium
from branca.element import Element, MacroElement
from django.contrib.gis.db.models.functions import (
    AsGeoJSON,
    PointOnSurface,
    SnapToGrid,
    Transform,
)
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.translation import gettext as _
from folium.plugins import HeatMap
from folium.template import Template

from geo_participation.campaigns.questions import label_of
from layers.exports.columns import CHOICE_SEPARATOR
from layers.registry import HOTSPOT_CLASSES

from . import assets

# The newest submissions drawn one by one with a popup; the heat map covers all of them.
MARKER_LIMIT = 1000
HEAT_CELL_M = 100


class OfflineMap(folium.Map):
    """A folium Map whose Leaflet is inlined by the report instead of linked from CDNs."""

    # folium would link Leaflet, jQuery, Bootstrap and Font Awesome from CDNs; the report
    # needs only Leaflet, which report_map puts into the page itself.
    default_js = []
    default_css = []


class OfflineHeatMap(HeatMap):
    """folium's HeatMap with Leaflet.heat inlined instead of linked."""

    default_js = []


class TextPopup(folium.Popup):
    """A popup whose HTML is handed to Leaflet as an escaped JavaScript string.

    folium.Popup puts its HTML into a JavaScript template literal and parses it with jQuery:
    a comment containing ${...} would run there, and jQuery would have to come from a CDN. Here
    the HTML (built with every value escaped) is a JSON string with <, > and & escaped too.
    """

    _template = Template(
        """
        var {{ this.get_name() }} = L.popup({{ this.options|tojavascript }});
        {{ this.get_name() }}.setContent({{ this.content|tojavascript }});
        {{ this._parent.get_name() }}.bindPopup({{ this.get_name() }});
        """
    )

    def __init__(self, content: str, **kwargs):
        super().__init__(**kwargs)
        self.content = content


def report_map(*, campaign, heat, markers, categories, hotspots=None, clusters=None):
    """Return the map: outline, heat map, hotspot cells, clusters and the newest submissions."""
    extent = campaign.area.extent
    fmap = OfflineMap(location=None, tiles=None, control_scale=True, height="70vh")
    header = fmap.get_root().header
    header.add_child(Element(f"<style>{assets.leaflet_css()}</style>"), name="leaflet_css")
    header.add_child(Element(f"<script>{assets.leaflet_js()}</script>"), name="leaflet")
    header.add_child(Element(f"<script>{assets.heat_js()}</script>"), name="leaflet_heat")
    folium.GeoJson(
        json.loads(campaign.area.geojson),
        name=_("Campaign area"),
        style_function=lambda _: {"color": "#333333", "weight": 2, "fill": False},
    ).add_to(fmap)
    if heat:
        OfflineHeatMap(heat, name=_("Density (all submissions)"), radius=18).add_to(fmap)
    legend = []
    if hotspots is not None and not hotspots.empty:
        _add_hotspots(fmap, hotspots)
        legend.append(
            (_("Gi* hotspot cells"), [(label, colour) for _k, label, colour in HOTSPOT_CLASSES])
        )
    if clusters is not None and not clusters.empty:
        folium.GeoJson(
            clusters.to_json(),
            name=_("Clusters (DBSCAN)"),
            style_function=lambda _: {
                "color": "#555555",
                "weight": 2,
                "dashArray": "6 4",
                "fillOpacity": 0.05,
            },
        ).add_to(fmap)
        legend.append((_("Clusters"), [(_("DBSCAN cluster outline"), "#555555")]))
    _add_markers(fmap, markers, categories)
    legend.insert(
        0, (_("Categories"), [(category.label, category.colour) for category in categories])
    )
    Legend(legend).add_to(fmap)
    folium.LayerControl(collapsed=False).add_to(fmap)
    fmap.fit_bounds([[extent[1], extent[0]], [extent[3], extent[2]]])
    return fmap


def _add_hotspots(fmap, hotspots) -> None:
    # Only significant cells are drawn; "none" cells would hide the map under a grid.
    shown = hotspots[hotspots["hotspot"] != "none"]
    colours = {key: colour for key, _label, colour in HOTSPOT_CLASSES}

    def style(feature):
        props = feature["properties"]
        colour = colours.get((props["hotspot"], props["confidence"]), "#999999")
        return {"color": colour, "weight": 1, "fillColor": colour, "fillOpacity": 0.55}

    if not shown.empty:
        folium.GeoJson(shown.to_json(), name=_("Hotspots (Gi*)"), style_function=style).add_to(fmap)


def _add_markers(fmap, markers, categories) -> None:
    groups, by_id = {}, {category.id: category for category in categories}
    for category in categories:
        # Leaflet's layer control puts a layer's name into the page as HTML: a category
        # label is typed by a planner, so it is escaped like every text in the report.
        name = escape(_("%(category)s (newest)") % {"category": category.label})
        groups[category.id] = folium.FeatureGroup(name=name)
        groups[category.id].add_to(fmap)
    for submission in markers:
        category = by_id[submission.category_id]
        shape = _shape(json.loads(submission.popup_geometry), category.colour)
        shape.add_child(TextPopup(popup_html(submission, category), max_width=320))
        shape.add_to(groups[category.id])


def popup_html(submission, category) -> str:
    """Return a submission's popup: category, date, comment and answers, all escaped."""
    labels = {question["key"]: label_of(question) for question in category.questions}
    answers = [
        (labels.get(key, key), CHOICE_SEPARATOR.join(value) if isinstance(value, list) else value)
        for key, value in submission.answers.items()
    ]
    context = {"submission": submission, "label": category.label, "answers": answers}
    return render_to_string("reports/popup.html", context)


class Legend(MacroElement):
    """A Leaflet control in the map's corner listing colours; its HTML is escaped."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: "bottomright"});
        {{ this.get_name() }}.onAdd = function () {
            var div = L.DomUtil.create("div", "gp-legend");
            div.innerHTML = {{ this.html|tojavascript }};
            return div;
        };
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, sections: list[tuple[str, list[tuple[str, str]]]]):
        super().__init__()
        self._name = "Legend"
        self.html = render_to_string("reports/legend.html", {"sections": sections})


def _shape(geometry: dict, colour: str):
    kind, coordinates = geometry["type"], geometry["coordinates"]
    style = {"color": colour, "weight": 3, "fill_color": colour, "fill_opacity": 0.35}
    if kind == "Point":
        lon, lat = coordinates
        return folium.CircleMarker([lat, lon], radius=6, fill=True, **style)
    if kind == "LineString":
        return folium.PolyLine([[lat, lon] for lon, lat in coordinates], **style)
    exterior = [[lat, lon] for lon, lat in coordinates[0]]
    return folium.Polygon(exterior, fill=True, **style)


def marker_queryset(qs):
    """Return the newest MARKER_LIMIT submissions of qs, each with its geometry as GeoJSON."""
    return qs.annotate(popup_geometry=AsGeoJSON("out_geom", precision=6)).order_by(
        "-created_at", "-id"
    )[:MARKER_LIMIT]


def heat_points(qs) -> list[list[float]]:
    """Return [lat, lon, weight] per HEAT_CELL_M cell holding submissions, weights up to 1."""
    # A million points would make a page of tens of megabytes; counted per 100 m cell (in
    # metres, EPSG:25832) the heat map keeps its look with at most a few thousand weights.
    cell = Transform(SnapToGrid(Transform(PointOnSurface("out_geom"), 25832), HEAT_CELL_M), 4326)
    counted = list(qs.order_by().annotate(cell=cell).values_list("cell").annotate(n=Count("id")))
    if not counted:
        return []
    most = max(n for _, n in counted)
    return [[round(p.y, 6), round(p.x, 6), round(n / most, 4)] for p, n in counted]
