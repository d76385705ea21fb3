"""What an export request asks for, checked: the campaign, layer, format, CRS and parameters.

The web view and the export_layer command both go through export_request, so they accept and
refuse exactly the same things. Every refusal names the problem.
"""

from dataclasses import dataclass

from django.http import QueryDict

from geo_participation.campaigns.models import Campaign
from geo_participation.errors import Rejected
from layers.http import campaign_by_slug

from .formats import CRS_NAMES, FORMATS, WGS84, Format
from .sources import SOURCES

# Only for layers/reports/views.py, which imports it from here; gone when it calls
# layers.http.campaign_by_slug like the exports do.


@dataclass(frozen=True)
class ExportRequest:
    """A checked export request; params are the source's own, already checked."""

    campaign: Campaign
    source: object
    format: Format
    srid: int
    params: dict
    viewer: object

    @property
    def filename(self) -> str:
        """Return the download's file name, such as hitzepunkte-submissions-25832.gpkg."""
        return f"{self.campaign.slug}-{self.source.name}-{self.srid}{self.format.suffix}"

    @property
    def layer_name(self) -> str:
        """Return the layer's name inside the file, such as hitzepunkte_submissions."""
        return f"{self.campaign.slug}_{self.source.name}".replace("-", "_")


def not_found(detail: str) -> Rejected:
    """Return the 404 refusal naming what was not found."""
    return Rejected(detail, code="not_found", status_code=404)


def export_request(*, slug: str, layer: str, fmt: str, query: QueryDict, viewer) -> ExportRequest:
    """Return the checked request, or raise Rejected (404 for unknown names, else 400).

    The query holds `crs`, the filters of heatmaps.filters (every layer) and the layer's own
    parameters (cell size, k and the like for the aggregate layers; bandwidth and levels for
    contours).
    """
    campaign = campaign_by_slug(slug)
    if campaign is None:
        raise not_found(f"No campaign {slug!r}.")
    if layer not in SOURCES:
        raise not_found(f"No layer {layer!r}; layers: {', '.join(SOURCES)}.")
    if fmt not in FORMATS:
        raise not_found(f"No format {fmt!r}; formats: {', '.join(FORMATS)}.")
    export_format = FORMATS[fmt]
    rest = query.copy()
    crs = rest.pop("crs", [None])
    if len(crs) > 1:
        raise Rejected("crs given more than once.", code="invalid_parameter")
    source = SOURCES[layer]
    return ExportRequest(
        campaign=campaign,
        source=source,
        format=export_format,
        srid=_srid(crs[0], export_format),
        params=source.parse(campaign, rest),
        viewer=viewer,
    )


def _srid(crs: str | None, export_format: Format) -> int:
    if crs is None or crs == "":
        return WGS84
    srid = CRS_NAMES.get(crs.upper())
    if srid is None:
        raise Rejected(
            f"Unsupported crs {crs!r}; use one of {', '.join(CRS_NAMES)}.", code="invalid_crs"
        )
    if srid not in export_format.srids:
        # RFC 7946 GeoJSON and KML are WGS 84 by definition; a projected file would be read
        # as degrees by every client, so it is refused rather than written.
        raise Rejected(
            f"{export_format.title} is always EPSG:4326 (WGS 84 longitude, latitude); "
            f"crs {crs!r} is not possible for it. Use gpkg, shp, csv or fgb for EPSG:25832.",
            code="invalid_crs",
        )
    return srid
