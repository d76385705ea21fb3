"""A campaign's area from a GIS file (GDAL through pyogrio) or a drawing: one checked MultiPolygon.

Whatever comes in (GeoJSON, GeoPackage, a zipped Shapefile; any CRS; several polygons) leaves as
one valid MultiPolygon in EPSG:4326 of a sensible size, or as a ValidationError that names the
problem in plain words. The file is read from a temporary directory that is removed afterwards.
"""

import json
import math
import tempfile
import zipfile
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import numpy as np
import pyogrio
import shapely
from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from pyproj import CRS, Geod, Transformer
from pyproj.exceptions import CRSError
from shapely.errors import GEOSException

POLYGONAL = {"Polygon", "MultiPolygon"}
GEOD = Geod(ellps="WGS84")
# A zip may unpack to at most this many times the upload limit (a zip bomb stops here).
ZIP_EXPANSION = 20
# The code of refusals the "layer" field answers (the page shows them beside it).
LAYER_CODE = "layer"


def read_upload(upload, *, layer: str | None = None) -> MultiPolygon:
    """Return the checked area of an uploaded GeoJSON, GeoPackage or zipped Shapefile."""
    with uploaded(upload) as source:
        return read_file(source, layer=layer)


@contextmanager
def uploaded(upload):
    """Yield the path GDAL reads an upload from (a zip unpacked), removed afterwards."""
    if upload.size > settings.GP_AREA_UPLOAD_MAX_BYTES:
        raise ValidationError(too_big_message())
    with tempfile.TemporaryDirectory(prefix="gp-upload-") as folder:
        suffix = Path(upload.name or "").suffix.lower()[:8]
        path = Path(folder) / f"upload{suffix}"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        yield _unzipped(path, Path(folder) / "unzipped") if _is_zip(path) else path


def too_big_message() -> str:
    """Return the refusal of a file over the upload limit, naming the limit."""
    megabytes = settings.GP_AREA_UPLOAD_MAX_BYTES / (1024 * 1024)
    return _("The file is larger than %(mb)s MB. Please upload a smaller file.") % {
        "mb": _number(megabytes, 1)
    }


def _is_zip(path: Path) -> bool:
    return zipfile.is_zipfile(path)


def _unzipped(path: Path, folder: Path) -> Path:
    """Unpack a zipped Shapefile; return the folder (GDAL reads each .shp as a layer)."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if not any(m.filename.lower().endswith(".shp") for m in members):
                raise ValidationError(_("The zip file holds no Shapefile (.shp)."))
            if (
                sum(m.file_size for m in members)
                > ZIP_EXPANSION * settings.GP_AREA_UPLOAD_MAX_BYTES
            ):
                raise ValidationError(too_big_message())
            folder.mkdir()
            for member in members:
                name = Path(member.filename).name  # flat: no paths from the archive
                if member.is_dir() or not name or name.startswith("."):
                    continue
                (folder / name).write_bytes(archive.read(member))
    except (zipfile.BadZipFile, OSError) as error:
        raise ValidationError(_("The zip file could not be read.")) from error
    return folder


def read_file(path: Path, *, layer: str | None = None) -> MultiPolygon:
    """Return the checked area of the polygons of a GIS file (one layer, or the one named)."""
    meta, wkb, _fields = read_layer(path, layer=layer, columns=[])
    geometries = [g for g in shapely.from_wkb(wkb) if g is not None and not g.is_empty]
    return checked_area(to_lonlat(geometries, meta["crs"]))


def read_layer(path: Path, *, layer: str | None, columns: list[str] | None) -> tuple:
    """Return (meta, WKB geometries, column values) of a file's one layer or the one named.

    columns None reads every column (and meta["fields"] names them all).
    Refuses an unreadable file, an ambiguous or unknown layer name and a missing CRS.
    """
    try:
        layers = [str(name) for name, _kind in pyogrio.list_layers(path)]
    except Exception as error:  # noqa: BLE001 - GDAL names many kinds of unreadable files
        raise ValidationError(
            _("The file could not be read as GeoJSON, GeoPackage or zipped Shapefile.")
        ) from error
    if not layers:
        raise ValidationError(_("The file holds no layer."))
    if layer is None and len(layers) > 1:
        raise ValidationError(
            _("The file has several layers (%(layers)s); please name the one to use.")
            % {"layers": ", ".join(layers)},
            code=LAYER_CODE,
        )
    chosen = layer or layers[0]
    if chosen not in layers:
        raise ValidationError(
            _("The file has no layer “%(layer)s”; it has %(layers)s.")
            % {"layer": chosen, "layers": ", ".join(layers)},
            code=LAYER_CODE,
        )
    try:
        meta, _fids, wkb, fields = pyogrio.raw.read(path, layer=chosen, columns=columns)
    except Exception as error:  # noqa: BLE001
        raise ValidationError(
            _("The layer “%(layer)s” could not be read.") % {"layer": chosen}
        ) from error
    if not meta.get("crs"):
        raise ValidationError(
            _("The file states no coordinate reference system; please save it with one.")
        )
    return meta, wkb, fields


def layer_columns(path: Path, *, layer: str | None) -> list[str]:
    """Return the attribute columns of the file's layer (as read_layer chooses it)."""
    meta, _wkb, _fields = read_layer(path, layer=layer, columns=None)
    return [str(name) for name in meta.get("fields", [])]


def to_lonlat(geometries: list, crs: str) -> list:
    """Return the geometries reprojected to longitude/latitude (EPSG:4326, x = longitude)."""
    try:
        source = CRS.from_user_input(crs)
    except CRSError as error:
        raise ValidationError(_("The file's coordinate reference system is unknown.")) from error
    if source.equals(CRS.from_epsg(4326), ignore_axis_order=True) or source == CRS("OGC:CRS84"):
        return geometries
    # always_xy: GDAL hands us x/y (easting, northing; longitude, latitude) whatever the CRS says.
    transformer = Transformer.from_crs(source, "EPSG:4326", always_xy=True)

    def project(coords):
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return [shapely.transform(g, project) for g in geometries]


def from_geojson(text: str) -> MultiPolygon:
    """Return the checked area of a drawing: GeoJSON (a geometry, feature or collection)."""
    try:
        value = json.loads(text)
        if value.get("type") == "FeatureCollection":
            parts = [f["geometry"] for f in value["features"]]
        elif value.get("type") == "Feature":
            parts = [value["geometry"]]
        else:
            parts = [value]
        geometries = [shapely.from_geojson(json.dumps(p)) for p in parts if p]
    # RecursionError: deeply nested arrays ([[[[...) exhaust json's parser.
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError, GEOSException) as e:
        raise ValidationError(
            _("The drawing could not be read; please draw the area again.")
        ) from e
    return checked_area(geometries)


def _polygons(geometry) -> list:
    """Return the polygons in a geometry (a repaired one may hold lines or points too)."""
    if geometry.geom_type == "Polygon":
        return [geometry]
    if geometry.geom_type in ("MultiPolygon", "GeometryCollection"):
        return [p for part in geometry.geoms for p in _polygons(part)]
    return []


def checked_area(geometries: list) -> MultiPolygon:
    """Return lon/lat polygons as one valid MultiPolygon, refusing what cannot be an area."""
    if not geometries:
        raise ValidationError(_("The file holds no geometry; the area would be empty."))
    kinds = {g.geom_type for g in geometries} - POLYGONAL
    if kinds:
        raise ValidationError(
            _("The layer holds %(kinds)s, not polygons; an area must be polygons.")
            % {"kinds": ", ".join(sorted(kinds))}
        )
    repaired = []
    for geometry in shapely.force_2d(geometries):
        if not geometry.is_valid:
            geometry = shapely.make_valid(geometry)
        repaired.extend(p for p in _polygons(geometry) if not p.is_empty)
    union = shapely.union_all(repaired) if repaired else None
    if union is None or union.is_empty or not union.is_valid or not _polygons(union):
        raise ValidationError(_("The geometry is invalid and could not be repaired."))
    check_lonlat(union.bounds)
    _check_size(union)
    return as_multipolygon(union)


def outside_lonlat_message() -> str:
    """Return the refusal of coordinates that cannot be longitude and latitude."""
    return _(
        "The coordinates lie outside longitude -180 to 180 and latitude -90 to 90 – does the "
        "file have a projected coordinate reference system without stating it?"
    )


def check_lonlat(bounds: tuple) -> None:
    """Refuse bounds (xmin, ymin, xmax, ymax) outside the range of longitude and latitude."""
    # A GeoJSON without a CRS is read as EPSG:4326 by GDAL, so projected metres (e.g. UTM's
    # 400000, 5500000) arrive here as "degrees"; their geodesic size is NaN, and NaN passes
    # every size comparison, so they must be refused before.
    xmin, ymin, xmax, ymax = bounds
    finite = all(math.isfinite(v) for v in bounds)
    if not finite or xmin < -180 or xmax > 180 or ymin < -90 or ymax > 90:
        raise ValidationError(outside_lonlat_message())


def _check_size(geometry) -> None:
    km2 = abs(GEOD.geometry_area_perimeter(geometry)[0]) / 1e6
    if not math.isfinite(km2):
        raise ValidationError(outside_lonlat_message())
    if km2 < settings.GP_AREA_MIN_KM2:
        raise ValidationError(
            _("The area is too small (%(size)s km²); it must be at least %(min)s km².")
            % {"size": _number(km2, 4, trim=False), "min": _number(settings.GP_AREA_MIN_KM2, 4)}
        )
    if km2 > settings.GP_AREA_MAX_KM2:
        raise ValidationError(
            _("The area is too large (%(size)s km²); it may be at most %(max)s km².")
            % {"size": _number(km2, 0), "max": _number(settings.GP_AREA_MAX_KM2, 4)}
        )


def _number(value: float, places: int, *, trim: bool = True) -> str:
    """Return the number in the page language's format ("5.000", "0,01" in German)."""
    # An English "622,945" reads as 622.9 in German; trim drops zeros after the last digit.
    text = f"{value:.{places}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return number_format(Decimal(text), use_l10n=True, force_grouping=True)


def as_multipolygon(geometry) -> MultiPolygon:
    """Return a shapely (Multi)Polygon in lon/lat as a GEOS MultiPolygon in EPSG:4326."""
    polygons = [GEOSGeometry(memoryview(shapely.to_wkb(p)), srid=4326) for p in _polygons(geometry)]
    return MultiPolygon(*polygons, srid=4326)
