"""The GIS links of a campaign's workspace: the QGIS project and the service URLs to copy."""

from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

from heatmaps import api
from layers.qgis.sources import filter_query


def gis_links(request, campaign, query) -> dict:
    """Return the .qgs download and the OGC API, TileJSON and GeoPackage URLs for the filter.

    query is the page's query string (a QueryDict or text); its filter parameters
    (heatmaps.filters) are passed on to the downloads that take them, and the analysis
    parameters to the QGIS project too.
    """
    if isinstance(query, str):
        query = QueryDict(query)
    kept = filter_query(query)
    suffix = f"?{kept.urlencode()}" if kept else ""
    # The project also takes the analysis parameters (cell size, bandwidth, clustering).
    project = kept.copy()
    for name in api.LAYER_PARAMETERS:
        if query.get(name):
            project[name] = query[name]
    project_suffix = f"?{project.urlencode()}" if project else ""
    slug = campaign.slug

    def absolute(name: str, **kwargs) -> str:
        # Absolute: the URLs are pasted into QGIS, GDAL or scripts elsewhere.
        return request.build_absolute_uri(reverse(name, kwargs=kwargs))

    urls = [
        ("ogc", _("OGC API Features"), absolute("ogcapi:landing"), _(
            "Add it in QGIS or ArcGIS as an OGC API Features connection: "
            "every campaign is a collection."
        )),
        ("collection", _("OGC API Features: this campaign"),
         absolute("ogcapi:collection", collection_id=slug), _(
            "This campaign's published posts as one collection, for GDAL/OGR or scripts."
        )),
        ("tilejson", _("TileJSON of the posts"), absolute("tiles:tilejson", slug=slug), _(
            "Vector tiles of the published posts for MapLibre, OpenLayers or QGIS."
        )),
        ("gpkg", _("GeoPackage of the posts"),
         absolute("exports:export", slug=slug, filename="submissions.gpkg") + suffix, _(
            "The posts of the current filter as one file; asks for your planner login."
        )),
    ]  # fmt: skip
    return {
        "prefix": f"gis-{slug}",
        "qgis": absolute("qgis:project", slug=slug) + project_suffix,
        "urls": [
            {"id": f"gis-{slug}-{key}", "label": label, "url": url, "help": help_text}
            for key, label, url, help_text in urls
        ],
    }
