"""The workspace page's downloads: every export layer in every format and CRS it supports.

What exists is the exports' business (layers.exports: SOURCES, FORMATS and the CRSs each format
carries); this module only lists it, with the page's filters and each layer's own parameters.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from layers.exports.formats import CRS_NAMES, FORMATS, WGS84
from layers.exports.sources import SOURCES

from .query import WorkspaceQuery

# Headings of the export layers, in the planner's language (SOURCES describe them in English
# for the API documentation).
TITLES = {
    "submissions": _("Published posts"),
    "grid": _("Grid cells"),
    "hotspots": _("Hotspots (Gi*)"),
    "clusters": _("Clusters (DBSCAN)"),
    "contours": _("Density contours"),
    "sections": _("Sections with ratings"),
}
# A download's query names its CRS only when it is not the exports' default (EPSG:4326).
SRID_NAMES = {srid: name for name, srid in CRS_NAMES.items()}


@dataclass(frozen=True)
class Download:
    """One file to download: its format's title, its CRS and its URL."""

    title: str
    crs: str
    url: str


@dataclass(frozen=True)
class LayerDownloads:
    """Every download of one export layer."""

    key: str
    title: str
    files: list[Download]


def downloads(campaign, checked: WorkspaceQuery) -> list[LayerDownloads]:
    """Return the downloads of every export layer, with the page's filters and parameters."""
    out = []
    for key in SOURCES:
        files = []
        for fmt in FORMATS.values():
            filename = f"{key}.{fmt.key}"
            path = reverse("exports:export", kwargs={"slug": campaign.slug, "filename": filename})
            for srid in fmt.srids:
                query = checked.query(key)
                if srid != WGS84:
                    query = "&".join(filter(None, [query, f"crs={SRID_NAMES[srid]}"]))
                url = f"{path}?{query}" if query else path
                files.append(Download(title=str(fmt.title), crs=SRID_NAMES[srid], url=url))
        out.append(LayerDownloads(key=key, title=str(TITLES.get(key, key)), files=files))
    return out
