"""The density grid as a GeoTIFF in EPSG:3857, written by GDAL in memory (/vsimem/)."""

import json
import uuid

from django.contrib.gis.gdal import GDALRaster

from .density import Density

FLOAT32 = 6  # GDAL's GDT_Float32


def geotiff_bytes(density: Density, *, metadata: dict) -> bytes:
    """Return a single-band Float32 GeoTIFF of the densities (places per km²), north up."""
    grid = density.grid
    raster = GDALRaster(
        {
            # A unique name: concurrent requests in one worker must not share a /vsimem/ file.
            "name": f"/vsimem/kde-{uuid.uuid4().hex}.tif",
            "driver": "GTiff",
            "srid": 3857,
            "width": grid.size,
            "height": grid.size,
            "datatype": FLOAT32,
            # Origin is the north-west corner; rows go south, hence the negative y scale.
            "origin": (grid.xmin, grid.ymax),
            "scale": (grid.cell, -grid.cell),
            "skew": (0.0, 0.0),
            "nr_of_bands": 1,
            "papsz_options": {"compress": "deflate", "predictor": 3, "tiled": "yes"},
        }
    )
    # Metadata before the pixels: a compressed GTiff writes its tags with the first strips,
    # and metadata set afterwards would be lost when the buffer is read.
    raster.metadata = {"DEFAULT": {k: _text(v) for k, v in metadata.items()}}
    raster.bands[0].data(density.values)
    # Reading vsi_buffer flushes the file; the raster's destructor frees the /vsimem/ file.
    return bytes(raster.vsi_buffer)


def _text(value) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
