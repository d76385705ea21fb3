"""The planner report: one self-contained HTML page with the map, summary figures and chart."""

import re
from pathlib import Path
from urllib.parse import unquote

from branca.element import Element, MacroElement
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from folium.template import Template

from geo_participation.errors import Rejected
from geo_participation.submissions.selectors import submission_list

from .chart import chart_data_uri
from .figures import figures
from .mapping import HEAT_CELL_M, heat_points, marker_queryset, report_map
from .offline import foreign_urls

STYLE = Path(__file__).resolve().parent.parent / "templates" / "reports" / "style.css"
# The names of heatmaps' parameter values (heatmaps.cells.params SHAPES, HULLS) in the notes.
SHAPES = {"hexagon": gettext_lazy("hexagons"), "square": gettext_lazy("squares")}
HULLS = {"convex": gettext_lazy("convex"), "concave": gettext_lazy("concave")}
# folium writes a page without a language and with zooming switched off (maximum-scale=1,
# user-scalable=no), which fails WCAG 1.4.4; both are set right in the finished page.
HTML_TAG = re.compile(r"<html>")
VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>')
READABLE_VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'


class Below(MacroElement):
    """HTML placed in the page right after the map (a plain page child would come before it)."""

    _template = Template("{% macro html(this, kwargs) %}{{ this.body }}{% endmacro %}")

    def __init__(self, body: str):
        super().__init__()
        self._name = "Below"
        self.body = body


class NotOffline(RuntimeError):
    """The page would load something from another host; it is never sent."""


def build_report(*, campaign, viewer, filters=None) -> str:
    """Return the report of a campaign's published submissions as one HTML document.

    filters (heatmaps.filters.Filters) narrow every part of it: the figures, the markers, the
    density and the hotspot and cluster layers; None reports every published post.
    """
    # The one read path decides what is published; planners see sensitive places exactly.
    published = submission_list(campaign=campaign, viewer=viewer, client_id=None, own_pending=False)
    if filters is not None:
        published = published.filter(filters.q())
    categories = list(campaign.categories.order_by("position", "key"))
    summary = figures(published, categories)
    markers = list(marker_queryset(published))
    hotspots, clusters, missing = aggregates(campaign, filters)
    fmap = report_map(
        campaign=campaign,
        heat=heat_points(published),
        markers=markers,
        categories=categories,
        hotspots=hotspots,
        clusters=clusters,
    )
    page = fmap.get_root()
    page.header.add_child(Element(f"<title>{escape(campaign.title)}</title>"), name="title")
    page.header.add_child(Element(f"<style>{STYLE.read_text()}</style>"), name="report_css")
    context = {
        "campaign": campaign,
        "figures": summary,
        "chart": chart_data_uri(summary),
        "made": timezone.localtime(),
        "time_zone": settings.TIME_ZONE,
        "marker_count": len(markers),
        "heat_cell_m": HEAT_CELL_M,
        "missing": missing,
        "aggregate_notes": notes(hotspots, clusters),
        "filter_text": filter_text(filters),
    }
    Below(render_to_string("reports/summary.html", context)).add_to(fmap)
    html = readable(page.render(), language=get_language())
    # folium adds CDN links for anything it thinks a page needs; a report that would call a
    # foreign host (leaking that a planner opened it, and failing offline) is refused here.
    found = foreign_urls(html)
    if found:
        raise NotOffline(f"The report would load {found[0]}.")
    return html


def filter_text(filters) -> str:
    """Return the filters as the query parameters that chose them, or "" for none."""
    if filters is None:
        return ""
    return unquote(filters.query_string()).replace("&", "; ")


def readable(html: str, *, language: str) -> str:
    """Return folium's page with its language set and zooming allowed."""
    html, tags = HTML_TAG.subn(f'<html lang="{escape(language)}">', html, count=1)
    html, viewports = VIEWPORT.subn(READABLE_VIEWPORT, html)
    # A folium upgrade that changes either is caught here (and by the tests), not shipped.
    if (tags, viewports) != (1, 1):
        raise RuntimeError(f"folium's page changed: {tags} <html>, {viewports} viewport tags.")
    return html


def aggregates(campaign, filters=None):
    """Return the hotspot cells, the clusters (defaults of heatmaps) and what could not be made."""
    # heatmaps' public read paths: k-suppressed like everywhere, computed once per published
    # version and stored. A campaign too large for the default grid is reported, not fatal.
    from heatmaps.api import cluster_layer, hotspot_layer

    results, missing = [], []
    for name, layer in ((_("Hotspots"), hotspot_layer), (_("Clusters"), cluster_layer)):
        try:
            # The same filters, in the dialect the layers take (describe() parses back).
            results.append(layer(campaign, **(filters.describe() if filters else {})))
        except Rejected as refusal:
            results.append(None)
            missing.append(f"{name}: {refusal.detail}")
    return results[0], results[1], missing


def notes(hotspots, clusters) -> list[str]:
    """Return one sentence per aggregate layer saying how it was made (from its parameters)."""
    lines = []
    if hotspots is not None:
        p = hotspots.attrs["parameters"]
        shape = SHAPES.get(p["shape"], p["shape"])
        lines.append(
            _(
                "Hotspot cells: Getis-Ord Gi* over %(cell_m)s m %(shape)s, significant ones "
                "drawn; cells of fewer than %(k)s contributors are left out."
            )
            % {"cell_m": f"{p['cell_m']:g}", "shape": shape, "k": p["k"]}
        )
    if clusters is not None:
        p = clusters.attrs["parameters"]
        lines.append(
            _(
                "Clusters: DBSCAN with %(eps_m)s m and at least %(min_points)s places, "
                "%(hull)s outlines; clusters of fewer than %(k)s contributors are left out."
            )
            % {
                "eps_m": f"{p['eps_m']:g}",
                "min_points": p["min_points"],
                "hull": HULLS.get(p["hull"], p["hull"]),
                "k": p["k"],
            }
        )
    return lines
