"""The privacy contract's readers: each public output fetched, compared and decoded.

The scene is laid out in EPSG:3857 so that a leak would show in every output that can show it:
- an approved sensitive place at an exact position P0, at least 20 m from the centre C of its
  privacy cell (what the public may see), and a second exact position P1 in the same cell,
  20 m from P0 across an edge of the default grid layer's hexagons, a row of the aggregated
  z12 tile cells and rows of the density grid, and on the outer side of a DBSCAN cluster: any
  output computed from the exact position changes when the place moves from P0 to P1;
- a pending and a rejected place, each at its own far spot beside four approved places of four
  contributors: a leak adds a fifth contributor to their grid cell, a fifth point that makes a
  DBSCAN cluster, a bump in the density, and a point in the tiles.
"""

import json
import re
from dataclasses import dataclass
from html import unescape
from io import BytesIO

import mapbox_vector_tile
import numpy as np
from django.contrib.gis.gdal import GDALRaster
from PIL import Image
from pyproj import Transformer

from tests.contract_outputs import OUTPUTS
from tests.contract_scene import GEOD, NEAR_M, VOLATILE, WEB_MERCATOR
from tests.export_helpers import body


@dataclass(frozen=True)
class Answer:
    """One output's answer: status, body, what must not change, and the positions it states."""

    status: int
    data: bytes
    snapshot: object
    positions: list


def answer(client, scene, output) -> Answer:
    """Return the answer of one output to the client."""
    response = client.get(output.url(scene))
    data = body(response)
    found = positions(output, scene, data) if response.status_code == 200 else []
    return Answer(response.status_code, data, snapshot(output, response, data), found)


def answer_all(client, scene) -> dict:
    """Return {output name: Answer} over the whole catalogue."""
    return {output.name: answer(client, scene, output) for output in OUTPUTS}


def _drop_volatile(value):
    if isinstance(value, dict):
        return {k: _drop_volatile(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_drop_volatile(v) for v in value]
    return value


def _raster(data: bytes) -> dict:
    raster = GDALRaster(data)
    metadata = dict(raster.metadata.get("DEFAULT", {}))
    metadata.pop("published_version", None)
    return {
        "srid": raster.srid,
        "origin": list(raster.origin),
        "scale": list(raster.scale),
        "size": (raster.width, raster.height),
        "metadata": metadata,
        "values": raster.bands[0].data().tobytes(),
    }


def _decoded(output, data: bytes):
    if output.kind in ("geojson", "legend", "tilejson", "numbers"):
        return _drop_volatile(json.loads(data))
    if output.kind == "mvt":
        layers = mapbox_vector_tile.decode(data, default_options={"y_coord_down": True})
        if output.volatile_ids:
            for layer in layers.values():
                for feature in layer["features"]:
                    feature.pop("id", None)
        return layers
    if output.kind == "png":
        image = Image.open(BytesIO(data))
        return image.mode, image.size, image.tobytes()
    if output.kind == "tiff":
        return _raster(data)
    if output.kind == "html":
        return data.decode()
    if output.kind == "page":
        return _main(data)
    return data  # photos: the bytes


def _main(data: bytes) -> str:
    # A citizen page's content, without what differs per response (the CSP nonce, the CSRF
    # token) and the page around it.
    text = data.decode()
    text = text[text.find("<main") : text.find("</main>")]
    return re.sub(r'(nonce|value)="[^"]*"', "", text)


def snapshot(output, response, data: bytes):
    """Return what must not change: the status and the decoded body without volatile members."""
    if not data:
        return response.status_code, data
    if response.status_code != 200:
        # A page's 404 is the site's styled page, with a CSRF token of its own in the header.
        return response.status_code, _main(data) if output.kind == "page" else data
    return response.status_code, _decoded(output, data)


def has_content(output, data: bytes) -> bool:
    """Return whether a 200 answer holds something (features, colour, densities, an image)."""
    decoded = _decoded(output, data) if data else None
    if output.kind == "geojson":
        return bool(decoded.get("features")) or "geometry" in decoded
    if output.kind == "mvt":
        return any(layer["features"] for layer in (decoded or {}).values())
    if output.kind == "png":
        return Image.open(BytesIO(data)).getextrema()[-1][1] > 0  # some opaque pixel
    if output.kind == "tiff":
        return GDALRaster(data).bands[0].data().max() > 0
    if output.kind == "legend":
        return decoded["maximum"] > 0 and decoded["places"] > 0
    if output.kind == "html":
        return "<td>" in decoded
    if output.kind == "numbers":
        return bool(decoded.get("posts"))
    if output.kind == "page":
        return "gp-card" in decoded
    return bool(decoded)


def check_expected(output, status: int, data: bytes) -> None:
    """Assert the answer is what the output promises: content, empty, or 404."""
    if output.expect == "404":
        assert status == 404, (output.name, status, data[:300])
        return
    assert status in (200, 204), (output.name, status, data[:300])
    if output.expect == "content":
        assert status == 200 and has_content(output, data), (output.name, "is empty", data[:300])
    if output.expect == "empty":
        assert status == 204 or not has_content(output, data), (output.name, data[:300])


def _pairs(coordinates):
    """Yield every position in a GeoJSON or MVT coordinates array, however nested."""
    if coordinates and isinstance(coordinates[0], (int, float)):
        yield coordinates[0], coordinates[1]
        return
    for part in coordinates:
        yield from _pairs(part)


def _geojson_positions(value):
    if isinstance(value, dict):
        for key, member in value.items():
            if key == "coordinates":
                yield from _pairs(member)
            else:
                yield from _geojson_positions(member)
    elif isinstance(value, list):
        for member in value:
            yield from _geojson_positions(member)


def _to_lonlat(pairs, crs: str) -> list:
    # Authority axis order: EPSG:4326 is latitude first, CRS84 and projected CRSs east first.
    transformer = Transformer.from_crs(crs, "OGC:CRS84")
    return [transformer.transform(a, b) for a, b in pairs]


def _mercator(pairs) -> list:
    return [WEB_MERCATOR.transform(x, y) for x, y in pairs]


def _corners(xmin, ymin, xmax, ymax) -> list:
    return [(xmin, ymin), (xmin, ymax), (xmax, ymin), (xmax, ymax)]


def _mvt_positions(output, scene, data) -> list:
    tile = output.tile(scene)
    found = []
    for layer in mapbox_vector_tile.decode(data, default_options={"y_coord_down": True}).values():
        unit = tile.size / layer["extent"]
        for feature in layer["features"]:
            for px, py in _pairs(feature["geometry"]["coordinates"]):
                found.append((tile.xmin + px * unit, tile.ymax - py * unit))
    return _mercator(found)


def _raster_positions(data) -> list:
    # A raster holds no places, only its georeferencing: the corners are what it says of where.
    raster = GDALRaster(data)
    (x, y), (sx, sy) = raster.origin, raster.scale
    return _mercator(_corners(x, y + sy * raster.height, x + sx * raster.width, y))


def positions(output, scene, data: bytes) -> list:
    """Return every position an answer states, as (lon, lat)."""
    if not data:
        return []
    if output.kind in ("geojson", "numbers"):
        return _to_lonlat(_geojson_positions(json.loads(data)), output.crs)
    if output.kind == "html":
        text = unescape(data.decode())
        pairs = re.findall(r"(-?\d+\.\d+)\s*,\s*(-?\d+\.\d+)", text)
        return _to_lonlat([(float(a), float(b)) for a, b in pairs], output.crs)
    if output.kind == "page":
        # The card's location line, "Breite 49,44239, Länge 7,76516" (German decimal commas)
        # or "latitude 49.44239, longitude 7.76516".
        pairs = re.findall(
            r"(?:Breite|latitude) (-?\d+[.,]\d+), (?:Länge|longitude) (-?\d+[.,]\d+)",
            unescape(data.decode()),
        )
        number = lambda text: float(text.replace(",", "."))  # noqa: E731
        return [(number(lon), number(lat)) for lat, lon in pairs]
    if output.kind == "mvt":
        return _mvt_positions(output, scene, data)
    if output.kind == "png":
        tile = output.tile(scene)
        return _mercator(
            _corners(tile.xmin, tile.ymax - tile.size, tile.xmin + tile.size, tile.ymax)
        )
    if output.kind == "tiff":
        return _raster_positions(data)
    if output.kind == "legend":
        return _mercator(_corners(*json.loads(data)["grid"]["bounds"]))
    if output.kind == "tilejson":
        document = json.loads(data)
        return [*_corners(*document["bounds"]), tuple(document["center"][:2])]
    return []  # photos: their metadata is checked by the photo tests


def too_near(found: list, forbidden: dict) -> list:
    """Return (what, position, metres) for every position within NEAR_M of a forbidden one."""
    if not found:
        return []
    lons, lats = np.array(found, dtype=float).T
    hits = []
    for what, (lon, lat) in forbidden.items():
        _, _, metres = GEOD.inv(lons, lats, np.full_like(lons, lon), np.full_like(lats, lat))
        hits += [
            (what, found[k], round(float(metres[k]), 3)) for k in np.flatnonzero(metres < NEAR_M)
        ]
    return hits
