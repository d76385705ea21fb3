"""The privacy contract's scene and its catalogue of public outputs: fetched, compared, decoded.

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

# The grid layer's default cell size (heatmaps: cell_m=250, hexagons); the scene checks that
# grid.geojson still says so.
from tests.contract_scene import CRS84, GEOD, NEAR_M, OGC_CRS, VOLATILE, WEB_MERCATOR
from tests.export_helpers import body
from tests.tile_helpers import tile_at


@dataclass(frozen=True)
class Output:
    name: str
    kind: str  # geojson, mvt, png, tiff, legend, legend-png, tilejson, html, page, photo
    path: object  # scene -> URL
    expect: str = "content"
    crs: str = CRS84
    tile: object = None  # scene -> Tile, for tile outputs
    # Feature ids that are storage rows of a computation (grid cells), not submissions.
    volatile_ids: bool = False

    def url(self, scene) -> str:
        return self.path(scene)


def _at(point: str, z: int):
    return lambda scene: tile_at(*scene.lonlat(getattr(scene, point)), z)


def _tile_output(name, kind, template, point, z, **more):
    where = _at(point, z)

    def path(scene):
        tile = where(scene)
        return template.format(slug=scene.campaign.slug, z=tile.z, x=tile.x, y=tile.y)

    return Output(name, kind, path, tile=where, **more)


def _bbox(point, half_degrees):
    def query(scene):
        lon, lat = scene.lonlat(getattr(scene, point))
        box = (lon - half_degrees, lat - half_degrees, lon + half_degrees, lat + half_degrees)
        return f"/api/campaigns/{scene.campaign.slug}/submissions/?bbox=" + ",".join(
            f"{v:.7f}" for v in box
        )

    return query


def _ogc(kind, name, crs_key, fmt, feature=None):
    crs = OGC_CRS[crs_key]

    def path(scene):
        base = f"/ogc/collections/{scene.campaign.slug}/items"
        if feature is None:
            return f"{base}?limit=100&crs={crs}&f={fmt}"
        return f"{base}/{getattr(scene, feature).pk}?crs={crs}&f={fmt}"

    expect = "404" if feature in ("pending", "rejected") else "content"
    return Output(name, kind, path, expect=expect, crs=crs)


def _heatmap(suffix, kind, **more):
    return Output(suffix, kind, lambda scene: f"/heatmaps/{scene.campaign.slug}/{suffix}", **more)


def _photo(owner, thumbnail):
    suffix = "thumbnail/" if thumbnail else ""
    name = f"{'thumbnail' if thumbnail else 'photo'}-{owner}"
    expect = "content" if owner == "photographed" else "404"
    return Output(
        name,
        "photo",
        lambda scene: f"/api/submissions/{getattr(scene, owner).pk}/photo/{suffix}",
        expect=expect,
    )


def _nearby(category, point, expect="content"):
    """The add flow's duplicate offer: posts of a category within 50 m of a place."""

    def path(scene):
        lon, lat = scene.lonlat(getattr(scene, point))
        return (
            f"/api/campaigns/{scene.campaign.slug}/submissions/nearby/"
            f"?category={category}&lon={lon:.7f}&lat={lat:.7f}"
        )

    return Output(f"nearby-{category}-at-{point}", "geojson", path, expect=expect)


def _post_page(owner, expect="content"):
    """The citizen page of one post, by the scene's row of that name."""

    def path(scene):
        return f"/c/{scene.campaign.slug}/posts/{getattr(scene, owner).pk}/"

    return Output(f"post-page-{owner}", "page", path, expect=expect)


MVT = "/tiles/{slug}/{z}/{x}/{y}.mvt"
KDE = "/heatmaps/{slug}/kde/{z}/{x}/{y}.png"
GRID = "/heatmaps/{slug}/grid/{z}/{x}/{y}.mvt"
OUTPUTS = [
    Output("api-list", "geojson", lambda s: f"/api/campaigns/{s.campaign.slug}/submissions/"),
    Output("api-list-bbox", "geojson", _bbox("public", 0.01)),
    Output("api-list-bbox-at-exact", "geojson", _bbox("exact", 0.00005), expect="empty"),
    Output("api-list-bbox-at-pending", "geojson", _bbox("pending_at", 0.00005), expect="empty"),
    Output("api-list-bbox-at-rejected", "geojson", _bbox("rejected_at", 0.00005), expect="empty"),
    _nearby("fear", "public"),
    _nearby("fear", "exact", expect="any"),
    _nearby("spot", "pending_at"),
    _nearby("spot", "rejected_at"),
    _tile_output("tile-z10-aggregated", "mvt", MVT, "public", 10),
    _tile_output("tile-z12-aggregated", "mvt", MVT, "public", 12),
    _tile_output("tile-z16-at-exact", "mvt", MVT, "exact", 16),
    _tile_output("tile-z18-at-exact", "mvt", MVT, "exact", 18, expect="any"),
    _tile_output("tile-z12-at-pending", "mvt", MVT, "pending_at", 12),
    _tile_output("tile-z16-at-pending", "mvt", MVT, "pending_at", 16),
    _tile_output("tile-z12-at-rejected", "mvt", MVT, "rejected_at", 12),
    _tile_output("tile-z16-at-rejected", "mvt", MVT, "rejected_at", 16),
    Output("tilejson", "tilejson", lambda s: f"/tiles/{s.campaign.slug}.json"),
    _heatmap("grid.json", "tilejson"),
    _heatmap("kde/legend.png", "legend-png"),
    *(_ogc("geojson", f"ogc-items-{c}-json", c, "json") for c in OGC_CRS),
    *(_ogc("html", f"ogc-items-{c}-html", c, "html") for c in OGC_CRS),
    *(_ogc("geojson", f"ogc-item-sensitive-{c}-json", c, "json", "sensitive") for c in OGC_CRS),
    *(_ogc("html", f"ogc-item-sensitive-{c}-html", c, "html", "sensitive") for c in OGC_CRS),
    _ogc("geojson", "ogc-item-pending", "crs84", "json", "pending"),
    # Filtered by public status: the pending and rejected posts are "planned" too.
    Output(
        "submissions-planned",
        "geojson",
        lambda s: f"/api/campaigns/{s.campaign.slug}/submissions/?public_status=planned",
    ),
    Output(
        "ogc-items-planned",
        "geojson",
        lambda s: f"/ogc/collections/{s.campaign.slug}/items?public_status=planned",
    ),
    Output(
        "list-page-planned", "page", lambda s: f"/c/{s.campaign.slug}/list/?public_status=planned"
    ),
    _ogc("geojson", "ogc-item-rejected", "crs84", "json", "rejected"),
    _tile_output("kde-z13", "png", KDE, "public", 13),
    _tile_output("kde-z15-at-exact", "png", KDE, "exact", 15),
    _tile_output("kde-z13-at-pending", "png", KDE, "pending_at", 13),
    _tile_output("kde-z13-at-rejected", "png", KDE, "rejected_at", 13),
    _heatmap("kde.tif", "tiff"),
    _heatmap("kde/contours.geojson", "geojson"),
    _heatmap("kde/legend.json", "legend"),
    _heatmap("grid.geojson", "geojson"),
    _heatmap("hotspots.geojson", "geojson"),
    _heatmap("clusters.geojson", "geojson"),
    # The aggregates filtered by public status and support (heatmaps.filters): the pending and
    # rejected posts are "planned" too, and k still applies after filtering.
    _heatmap("grid.geojson?public_status=received,planned&min_support=0", "geojson"),
    _heatmap("hotspots.geojson?public_status=received,planned", "geojson"),
    _heatmap("kde/legend.json?public_status=planned,received", "legend"),
    _heatmap("kde/contours.geojson?public_status=received,planned", "geojson"),
    _tile_output("grid-z14", "mvt", GRID, "public", 14, volatile_ids=True),
    _tile_output("grid-z14-at-pending", "mvt", GRID, "pending_at", 14, volatile_ids=True),
    _tile_output("grid-z14-at-rejected", "mvt", GRID, "rejected_at", 14, volatile_ids=True),
    Output("list-page", "page", lambda s: f"/c/{s.campaign.slug}/list/"),
    _post_page("sensitive"),
    _post_page("photographed"),
    _post_page("pending", expect="404"),
    _post_page("rejected", expect="404"),
    *(_photo(owner, thumb) for owner in ("photographed", "sensitive") for thumb in (0, 1)),
    *(_photo(owner, thumb) for owner in ("pending", "rejected") for thumb in (0, 1)),
    # One's own data: someone who wrote nothing gets an empty collection, whoever else wrote.
    Output("own-data-download", "geojson", lambda s: "/meine-beitraege/daten.geojson", "empty"),
]
BY_NAME = {output.name: output for output in OUTPUTS}


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
    if output.kind in ("geojson", "legend", "tilejson"):
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
    if output.kind == "geojson":
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
