"""File exports written with pyogrio (GDAL), submissions in chunks so a million rows never sit
in memory at once.

Each chunk of submissions becomes an Arrow record batch (geometry as WKB from PostGIS), and one
open GDAL writer takes the batches as they come (pyogrio.write_arrow): no Python object per row,
and GeoPackage builds its spatial index once at the end. Shapefile, one file per geometry type,
gets each chunk as a small GeoDataFrame appended to the file of its type. The aggregate layers
are small GeoDataFrames and are written in one go.
"""

import json
import zipfile
from contextlib import closing
from pathlib import Path

from .columns import BOOLEAN, DATETIME, INTEGER, REAL
from .encode import file_rows
from .requests import ExportRequest
from .shapefile import LAYER_SUFFIX, field_mapping_csv, fitted_names

# geopandas, pandas, pyarrow and pyogrio are imported inside the functions: the GeoJSON export of
# submissions, which never writes a file, does not carry them in memory.


def write_export(request: ExportRequest, directory: Path) -> Path:
    """Write the requested export into the directory and return the file to send."""
    target = directory / request.filename
    if not request.source.streamed:
        _write_aggregate(request, directory, target)
        return target
    rows = request.source.rows(
        campaign=request.campaign, viewer=request.viewer, params=request.params
    )
    fmt = request.format
    if fmt.key == "shp":
        # Closed on any error too: the frames hold a transaction open while they are read.
        with closing(_frames(request, rows)) as frames:
            _write_shapefiles(request, frames, rows.geometry_types, directory)
        return _zip(request, rows.columns, directory, target, attrs={})
    _write_batches(request, rows, target)
    return target


def _write_batches(request, rows, target: Path) -> None:
    import pyarrow
    from pyogrio.raw import write_arrow

    schema = arrow_schema(rows.columns, datetime_as_text=request.format.datetime_as_text)
    with closing(_batches(request, rows, schema)) as batches:
        write_arrow(
            pyarrow.RecordBatchReader.from_batches(schema, batches),
            target,
            layer=request.layer_name,
            driver=request.format.driver,
            geometry_name="geometry",
            geometry_type=_geometry_type(rows.geometry_types),
            crs=f"EPSG:{request.srid}",
            layer_options=request.format.layer_options or None,
        )


def arrow_schema(columns, *, datetime_as_text: bool):
    """Return the Arrow schema of an export: WKB geometry first, then the columns."""
    import pyarrow

    types = {
        INTEGER: pyarrow.int64(),
        REAL: pyarrow.float64(),
        BOOLEAN: pyarrow.bool_(),
        DATETIME: pyarrow.string() if datetime_as_text else pyarrow.timestamp("ms", tz="UTC"),
    }
    wkb = {"ARROW:extension:name": "geoarrow.wkb", "ARROW:extension:metadata": "{}"}
    return pyarrow.schema(
        [pyarrow.field("geometry", pyarrow.binary(), metadata=wkb)]
        + [pyarrow.field(c.name, types.get(c.kind, pyarrow.string())) for c in columns]
    )


def _batches(request, rows, schema):
    import pyarrow

    for chunk in file_rows(rows, srid=request.srid):
        values = list(zip(*chunk, strict=True))
        arrays = [pyarrow.array(values[0], pyarrow.binary())] + [
            _arrow_array(column.kind, column_values, field.type)
            for column, column_values, field in zip(
                rows.columns, values[1:], list(schema)[1:], strict=True
            )
        ]
        if request.format.key == "csv":
            arrays = [defused(array) for array in arrays]
        yield pyarrow.RecordBatch.from_arrays(arrays, schema=schema)


# A spreadsheet opening the CSV runs a cell starting with one of these as a formula
# (=HYPERLINK(...) in a comment); OWASP's advice: start such a text cell with an apostrophe.
FORMULA_START = r"^[=+\-@\t\r]"


def defused(array):
    """Return a text array with every cell that would start a formula prefixed with "'"."""
    import pyarrow
    import pyarrow.compute as compute

    if array.type != pyarrow.string():
        return array
    formula = compute.fill_null(compute.match_substring_regex(array, FORMULA_START), False)
    return compute.if_else(formula, compute.binary_join_element_wise("'", array, ""), array)


def _arrow_array(kind: str, values, arrow_type):
    import numpy
    import pyarrow
    import pyarrow.compute

    if kind != DATETIME:
        return pyarrow.array(values, arrow_type)
    seconds = numpy.array(values, dtype="float64")
    missing = numpy.isnan(seconds)
    millis = numpy.round(numpy.nan_to_num(seconds) * 1000).astype("int64")
    moments = pyarrow.array(millis, pyarrow.timestamp("ms", tz="UTC"), mask=missing)
    if arrow_type == pyarrow.string():
        # RFC 3339 in UTC (Arrow writes the milliseconds with %S), for formats without a
        # good date-time type.
        return pyarrow.compute.strftime(moments, format="%Y-%m-%dT%H:%M:%SZ")
    return moments


def _geometry_type(types) -> str:
    # A campaign with points and areas needs a layer that takes any geometry type.
    return types[0] if len(types) == 1 else "Unknown"


def _frames(request, rows):
    """Yield one GeoDataFrame per chunk of rows; at least one, so an empty export has fields."""
    produced = False
    for chunk in file_rows(rows, srid=request.srid):
        produced = True
        yield _frame(chunk, rows.columns, request)
    if not produced:
        yield _frame([], rows.columns, request)


def _frame(chunk: list[tuple], columns, request):
    import geopandas
    import numpy
    import shapely

    values = list(zip(*chunk, strict=True)) if chunk else [()] * (len(columns) + 1)
    geometry = shapely.from_wkb(numpy.array(values[0], dtype=object))
    data = {
        column.name: _series(column.kind, list(column_values), request.format.datetime_as_text)
        for column, column_values in zip(columns, values[1:], strict=True)
    }
    return geopandas.GeoDataFrame(data, geometry=geometry, crs=f"EPSG:{request.srid}")


def _series(kind: str, values: list, datetime_as_text: bool):
    import pandas

    if kind == INTEGER:
        return pandas.array(values, dtype="Int64")
    if kind == REAL:
        return pandas.array(values, dtype="Float64")
    if kind == BOOLEAN:
        return pandas.array(values, dtype="boolean")
    if kind == DATETIME:
        seconds = pandas.Series(values, dtype="float64")
        moments = pandas.to_datetime(seconds, unit="s", utc=True).dt.round("ms")
        if datetime_as_text:
            # RFC 3339 in UTC, the same in every format without a good date-time type.
            return moments.dt.strftime("%Y-%m-%dT%H:%M:%S.%fZ").str.replace(
                r"(\.\d{3})\d{3}Z$", r"\1Z", regex=True
            )
        return moments
    return pandas.Series(values, dtype=object)


def _write_shapefiles(request, frames, geometry_types, directory: Path) -> None:
    """Write one Shapefile per geometry type (Shapefile holds one), names fitted to 10."""
    from pyogrio import write_dataframe

    # A campaign without categories has no geometry type; one empty file of points still
    # carries the fields (and a zip without any .shp would be no Shapefile at all).
    geometry_types = geometry_types or ["Point"]
    written = set()
    for frame in frames:
        fitted = fitted_names([name for name in frame.columns if name != "geometry"])
        frame = frame.rename(columns=fitted)
        base = frame.geom_type.str.removeprefix("Multi")
        for geometry_type in geometry_types:
            part = frame[base == geometry_type]
            if len(part) == 0 and geometry_type in written:
                continue
            name = f"{request.layer_name}_{LAYER_SUFFIX[geometry_type]}"
            write_dataframe(
                part,
                directory / f"{name}.shp",
                layer=name,
                driver=request.format.driver,
                append=geometry_type in written,
                geometry_type=geometry_type,
                # A Shapefile of polygons (or lines) takes multi-parts too; one of points not.
                promote_to_multi=geometry_type != "Point",
                layer_options=None if geometry_type in written else request.format.layer_options,
            )
            written.add(geometry_type)


def _zip(request, columns, directory: Path, target: Path, *, attrs: dict) -> Path:
    """Zip the Shapefiles with fields.csv (the name mapping) and the parameters, if any."""
    fitted = fitted_names([column.name for column in columns])
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(directory.glob(f"{request.layer_name}_*")):
            archive.write(path, arcname=path.name)
            path.unlink()
        archive.writestr("fields.csv", field_mapping_csv(columns, fitted))
        if attrs:
            archive.writestr("parameters.json", json.dumps(attrs, default=str, indent=2))
    return target


def _write_aggregate(request, directory: Path, target: Path) -> None:
    """Write a small aggregate layer (grid, hotspots, clusters, contours, sections) in one go."""
    from pyogrio import write_dataframe

    frame = request.source.frame(
        campaign=request.campaign, viewer=request.viewer, params=request.params
    )
    attrs = dict(frame.attrs)
    descriptions = attrs.pop("descriptions", {})
    frame = frame.to_crs(epsg=request.srid)
    columns = aggregate_columns(frame, descriptions)
    if request.format.key == "shp":
        _write_shapefiles(request, [frame], _geometry_types(frame), directory)
        _zip(request, columns, directory, target, attrs=attrs)
        return
    if request.format.key == "csv":
        frame = _defused_frame(frame)  # names of sections and layers are staff's free text
    write_dataframe(
        frame,
        target,
        layer=request.layer_name,
        driver=request.format.driver,
        promote_to_multi=True,
        layer_options=request.format.layer_options or None,
    )


def _defused_frame(frame):
    """Return the frame with text cells that would start a formula prefixed with "'" (CSV)."""
    import re

    start = re.compile(FORMULA_START)
    frame = frame.copy()
    for name in frame.columns:
        if name != frame.geometry.name and frame[name].dtype.kind in "OSU":
            frame[name] = frame[name].map(
                lambda v: f"'{v}" if isinstance(v, str) and start.match(v) else v
            )
    return frame


def _geometry_types(frame) -> tuple[str, ...]:
    """Return the single geometry types of a frame, in file order (polygons when empty)."""
    present = set(frame.geom_type.dropna().str.removeprefix("Multi"))
    return tuple(t for t in ("Point", "LineString", "Polygon") if t in present) or ("Polygon",)


def aggregate_columns(frame, descriptions=None):
    """Return the Columns of an aggregate GeoDataFrame, for the Shapefile's fields.csv."""
    from .columns import TEXT, Column

    kinds = {"i": INTEGER, "u": INTEGER, "f": REAL, "b": BOOLEAN, "M": DATETIME}
    descriptions = descriptions or {}
    return [
        Column(
            name,
            kinds.get(getattr(frame[name].dtype, "kind", "O"), TEXT),
            descriptions.get(name, ""),
        )
        for name in frame.columns
        if name != "geometry"
    ]
