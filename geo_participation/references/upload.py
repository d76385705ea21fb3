"""Reference layers from GIS files: read with the area upload's helpers, split in PostGIS.

A file's features (GeoJSON, GeoPackage or zipped Shapefile, any CRS) become sections: a point,
a line or an area each, named from a chosen attribute column. Lines may be split into pieces of
about N metres (equal pieces, cut with ST_LineSubstring in the campaign's UTM zone), at every
vertex, or at the junctions of the layer's lines (ST_Node). Every refusal is a ValidationError
whose code names the form field it belongs beside.
"""

import math
from dataclasses import dataclass, field

import shapely
from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, transaction
from django.db.models import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from geo_participation.campaigns.models import Campaign, GeometryKind
from geo_participation.campaigns.setup import area

from .sql import SPLIT_SQL

# Sections one layer may hold: a city's bike network in 50 m pieces stays well below.
MAX_SECTIONS = 5000
# Vertices of a whole file, and the seconds a split may take in PostGIS.
MAX_VERTICES = 200_000
SPLIT_TIMEOUT_S = 20
SPLIT_MIN_M, SPLIT_MAX_M = 50, 5000
FAMILY = {
    "Point": GeometryKind.POINT,
    "MultiPoint": GeometryKind.POINT,
    "LineString": GeometryKind.LINE,
    "MultiLineString": GeometryKind.LINE,
    "Polygon": GeometryKind.POLYGON,
    "MultiPolygon": GeometryKind.POLYGON,
}


class Split(TextChoices):
    """How lines are cut into sections."""

    NONE = "none", gettext_lazy("Not at all: each feature is one section")
    LENGTH = "length", gettext_lazy("Every … metres (equal pieces of about that length)")
    VERTICES = "vertices", gettext_lazy("At every vertex")
    JUNCTIONS = "junctions", gettext_lazy("Where lines of the layer meet or cross")


@dataclass
class Source:
    """One feature of the file: its name, description and single geometries (lon/lat)."""

    name: str
    description: str
    parts: list = field(default_factory=list)


@dataclass
class Section:
    """One section to store: named after its feature, numbered along it (0: not split)."""

    name: str
    description: str
    section: int
    geom: GEOSGeometry


def read_sources(path, *, layer, name_column, description_column) -> tuple[str, list[Source]]:
    """Return the kind (point, line, polygon) and the features of a file's layer."""
    columns = area.layer_columns(path, layer=layer)
    wanted = [
        _column(columns, name_column, "name_column"),
        _column(columns, description_column, "description_column"),
    ]
    meta, wkb, values = area.read_layer(path, layer=layer, columns=[c for c in wanted if c])
    by_column = dict(zip([c for c in wanted if c], values, strict=True))
    geometries = area.to_lonlat(list(shapely.from_wkb(wkb)), meta["crs"])
    sources, kinds = [], set()
    for index, geometry in enumerate(geometries):
        if geometry is None or geometry.is_empty:
            continue
        kinds.add(FAMILY.get(geometry.geom_type, geometry.geom_type))
        name = _text(by_column, wanted[0], index) or str(len(sources) + 1)
        sources.append(
            Source(
                name=name,
                description=_text(by_column, wanted[1], index),
                parts=_parts(shapely.force_2d(geometry), name=name),
            )
        )
    if not sources:
        raise ValidationError(_("The file holds no geometry."), code="file")
    if len(kinds) > 1 or not kinds <= set(GeometryKind.values):
        raise ValidationError(
            _("A layer must hold points, lines or areas only, not %(kinds)s.")
            % {"kinds": ", ".join(sorted(map(str, kinds)))},
            code="file",
        )
    area.check_lonlat(shapely.total_bounds([p for s in sources for p in s.parts]))
    _check_size([(i, part) for i, source in enumerate(sources) for part in source.parts])
    return kinds.pop(), sources


def _column(columns: list[str], wanted: str, code: str) -> str | None:
    """Return the column to read (the one named, or else one called "name"), refusing others."""
    if not wanted:
        if code == "name_column":
            return next((c for c in columns if c.lower() in ("name", "bezeichnung")), None)
        return None
    if wanted not in columns:
        raise ValidationError(
            _("The layer has no column “%(column)s”; it has: %(columns)s.")
            % {"column": wanted, "columns": ", ".join(columns) or _("none")},
            code=code,
        )
    return wanted


def _text(by_column: dict, column: str | None, index: int) -> str:
    if not column:
        return ""
    value = by_column[column][index]
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()[:200]


def _parts(geometry, *, name: str) -> list:
    """Return the single, valid parts of a geometry (areas repaired), refusing degenerate ones.

    Repairing may change a part's kind (a line of equal points becomes a point, an area of no
    size a line): such a feature is refused by name, never stored as another kind.
    """
    family = FAMILY.get(geometry.geom_type)
    if family is None:
        return []  # a collection: read_sources names the kinds it may hold
    if family == GeometryKind.LINE and any(
        part.length == 0 for part in shapely.get_parts(geometry)
    ):
        raise ValidationError(
            _("“%(name)s” is a line of no length: its points are all the same.") % {"name": name},
            code="file",
        )
    if not geometry.is_valid:
        geometry = shapely.make_valid(geometry)
    singles = shapely.get_parts(shapely.get_parts(geometry))  # collections of multi-parts too
    parts = [g for g in singles if not g.is_empty and FAMILY.get(g.geom_type) == family]
    if not parts:
        raise ValidationError(
            _(
                "“%(name)s” has no valid geometry of its kind (a line without length, an area "
                "without size)."
            )
            % {"name": name},
            code="file",
        )
    return parts


def check_inside(campaign: Campaign, sources: list[Source]) -> None:
    """Refuse features that are not wholly inside the campaign's area, naming them."""
    if campaign.area is None:
        raise ValidationError(_("Set the campaign's area first."), code="file")
    outside = [
        source.name
        for source in sources
        if not all(campaign.area.prepared.covers(_geos(part)) for part in source.parts)
    ]
    if outside:
        shown = ", ".join(f"“{name}”" for name in outside[:5])
        more = len(outside) - 5
        if more > 0:
            shown += " " + _("and %(count)d more") % {"count": more}
        raise ValidationError(
            _("These features lie outside the campaign's area: %(names)s.") % {"names": shown},
            code="file",
        )


def split_sections(*, kind: str, sources: list[Source], split: str, metres, srid: int) -> list:
    """Return the sections of the features, split as asked (lines only)."""
    if kind != GeometryKind.LINE and split != Split.NONE:
        raise ValidationError(
            _("Only lines can be split; this layer holds %(kind)s.")
            % {"kind": _("points") if kind == GeometryKind.POINT else _("areas")},
            code="split",
        )
    rows = [(i, part) for i, source in enumerate(sources) for part in source.parts]
    _check_size(rows)  # before PostGIS: noding thousands of lines takes minutes
    if split == Split.NONE:
        pieces = [(i, GEOSGeometry(memoryview(shapely.to_wkb(p)), srid=4326)) for i, p in rows]
    else:
        pieces = _split_in_postgis(rows, split=split, metres=metres, srid=srid)
    return _numbered(sources, pieces)


def _check_size(rows: list) -> None:
    """Refuse files with more parts or vertices than a layer may hold, before splitting."""
    if len(rows) > MAX_SECTIONS:
        raise ValidationError(
            _("The file has %(count)d lines, points or areas; a layer may have at most %(limit)d.")
            % {"count": len(rows), "limit": MAX_SECTIONS},
            code="file",
        )
    vertices = int(shapely.get_num_coordinates([part for _i, part in rows]).sum())
    if vertices > MAX_VERTICES:
        raise ValidationError(
            _("The file has %(count)d vertices; a layer may have at most %(limit)d.")
            % {"count": vertices, "limit": MAX_VERTICES},
            code="file",
        )


def _split_in_postgis(rows: list, *, split: str, metres, srid: int) -> list:
    with transaction.atomic(), connection.cursor() as cursor:
        # A last guard for the worker: a split that still runs long is refused, not killed.
        cursor.execute("SET LOCAL statement_timeout = %s", [f"{SPLIT_TIMEOUT_S}s"])
        try:
            cursor.execute(
                SPLIT_SQL[split],
                {
                    "sources": [i for i, _p in rows],
                    "wkbs": [shapely.to_wkb(p) for _i, p in rows],
                    "metres": float(metres or 0),
                    "srid": srid,
                },
            )
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", None) != "57014":  # query_canceled
                raise
            raise ValidationError(
                _("Splitting this layer takes too long; upload fewer or simpler lines."),
                code="split",
            ) from error
        pieces = cursor.fetchall()
        cursor.execute("SET LOCAL statement_timeout = DEFAULT")
        return [(i, GEOSGeometry(memoryview(wkb), srid=4326)) for i, wkb in pieces]


def _numbered(sources: list[Source], pieces: list) -> list[Section]:
    counts: dict[int, int] = {}
    for i, _geom in pieces:
        counts[i] = counts.get(i, 0) + 1
    if len(pieces) > MAX_SECTIONS:
        raise ValidationError(
            _("That makes %(count)d sections; a layer may have at most %(limit)d.")
            % {"count": len(pieces), "limit": MAX_SECTIONS},
            code="split",
        )
    seen: dict[int, int] = {}
    sections = []
    for i, geom in pieces:
        seen[i] = seen.get(i, 0) + 1
        source = sources[i]
        _check_vertices(source, geom)
        number = seen[i] if counts[i] > 1 else 0
        sections.append(Section(source.name, source.description, number, geom))
    return sections


def _check_vertices(source: Source, geom) -> None:
    if geom.num_coords > settings.GP_MAX_VERTICES:
        raise ValidationError(
            _("“%(name)s” has %(count)d vertices in one section; at most %(limit)d: split it.")
            % {"name": source.name, "count": geom.num_coords, "limit": settings.GP_MAX_VERTICES},
            code="split",
        )


def _geos(geometry) -> GEOSGeometry:
    return GEOSGeometry(memoryview(shapely.to_wkb(geometry)), srid=4326)


def utm_srid(campaign: Campaign) -> int:
    """Return the EPSG code of the UTM zone of the campaign's area: metres for splitting."""
    centre = campaign.area.centroid
    zone = min(60, int((centre.x + 180) // 6) + 1)
    return (32600 if centre.y >= 0 else 32700) + zone
