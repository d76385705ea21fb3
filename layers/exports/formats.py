"""The export formats: their GDAL driver, file name, media type and the CRSs they can carry."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

# The CRSs exports are offered in: WGS 84 (longitude, latitude) and ETRS89 / UTM zone 32N.
WGS84, UTM32N = 4326, 25832
CRS_NAMES = {"EPSG:4326": WGS84, "EPSG:25832": UTM32N}


@dataclass(frozen=True)
class Format:
    """One export format."""

    key: str  # the file extension in the URL and the --format of export_layer
    title: str  # shown to planners (layers/workspace), in their language
    driver: str  # GDAL driver name
    suffix: str  # of the downloaded file
    media_type: str
    # GeoJSON (RFC 7946) and KML are defined in WGS 84 only; others take both CRSs.
    srids: tuple[int, ...] = (WGS84, UTM32N)
    # Formats without a date-time type (or a poor one) get RFC 3339 text instead.
    datetime_as_text: bool = False
    layer_options: dict = field(default_factory=dict)


FORMATS = {
    f.key: f
    for f in (
        Format("gpkg", "GeoPackage", "GPKG", ".gpkg", "application/geopackage+sqlite3"),
        Format(
            "shp",
            _("zipped Shapefile, one layer per geometry type"),
            "ESRI Shapefile",
            ".shp.zip",
            "application/zip",
            datetime_as_text=True,
            # The .cpg file says UTF-8, so GIS programs read "Straße" as it was written.
            layer_options={"ENCODING": "UTF-8"},
        ),
        Format(
            "geojson",
            _("GeoJSON (RFC 7946)"),
            "GeoJSON",
            ".geojson",
            "application/geo+json",
            srids=(WGS84,),
            # Submissions are streamed from PostgreSQL; the small aggregate layers are written
            # by GDAL, told to follow RFC 7946 (no crs member, counterclockwise outer rings).
            layer_options={"RFC7946": "YES"},
        ),
        Format(
            "csv",
            _("CSV with the geometry as WKT"),
            "CSV",
            ".csv",
            "text/csv; charset=utf-8",
            datetime_as_text=True,
            layer_options={"GEOMETRY": "AS_WKT"},
        ),
        Format(
            "kml",
            "KML",
            "KML",
            ".kml",
            "application/vnd.google-earth.kml+xml",
            srids=(WGS84,),
            datetime_as_text=True,
        ),
        Format(
            "fgb",
            "FlatGeobuf",
            "FlatGeobuf",
            ".fgb",
            "application/vnd.flatgeobuf",
        ),
    )
}
