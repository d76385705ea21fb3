"""GIS files written with pyogrio (GDAL) for the area tests: real GeoPackage, GeoJSON, Shapefile."""

import io
import warnings
import zipfile
from pathlib import Path

import numpy as np
import pyogrio.raw
import shapely
from pyproj import Transformer

# Kaiserslautern's centre, about 4 km x 2 km (8 km²): two rectangles side by side.
WEST = shapely.box(7.74, 49.43, 7.7675, 49.448)
EAST = shapely.box(7.7675, 49.43, 7.795, 49.448)


def reproject(geometries, epsg: int):
    """Return lon/lat geometries in another CRS."""
    transformer = Transformer.from_crs("EPSG:4326", f"EPSG:{epsg}", always_xy=True)

    def project(coords):
        return np.column_stack(transformer.transform(coords[:, 0], coords[:, 1]))

    return [shapely.transform(g, project) for g in geometries]


def write(path: Path, geometries, *, epsg: int | None, driver: str, layer=None, kind=None):
    """Write geometries (already in the CRS) to a file, with a name field; return the path."""
    names = np.array([f"part {i}" for i in range(len(geometries))], dtype=object)
    with warnings.catch_warnings():
        # A file without a CRS is what the "no CRS" refusal is tested with.
        warnings.filterwarnings("ignore", "'crs' was not provided")
        _write(path, geometries, names, epsg=epsg, driver=driver, layer=layer, kind=kind)
    return path


def _write(path, geometries, names, *, epsg, driver, layer, kind):
    pyogrio.raw.write(
        path,
        shapely.to_wkb(geometries),
        [names],
        ["name"],
        layer=layer,
        driver=driver,
        geometry_type=kind or "Polygon",
        crs=f"EPSG:{epsg}" if epsg else None,
        append=path.exists() and driver == "GPKG",
    )


def gpkg_25832(folder: Path, geometries=(WEST, EAST), layer="gebiet") -> Path:
    return write(
        folder / "area.gpkg",
        reproject(list(geometries), 25832),
        epsg=25832,
        driver="GPKG",
        layer=layer,
    )


def geojson_4326(folder: Path, geometries=(WEST, EAST)) -> Path:
    return write(folder / "area.geojson", list(geometries), epsg=4326, driver="GeoJSON")


def zipped_shapefile_3857(folder: Path, geometries=(WEST, EAST), epsg=3857) -> bytes:
    """Return a zip of a Shapefile's parts (.shp, .shx, .dbf, .prj unless epsg is None)."""
    shp = write(
        folder / "gebiet.shp",
        reproject(list(geometries), epsg or 3857),
        epsg=epsg,
        driver="ESRI Shapefile",
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for part in sorted(folder.glob("gebiet.*")):
            archive.write(part, f"gebiet/{part.name}")
    del shp
    return buffer.getvalue()
