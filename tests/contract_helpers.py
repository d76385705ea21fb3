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
import math
import re
from dataclasses import dataclass
from datetime import timedelta
from html import unescape
from io import BytesIO

import mapbox_vector_tile
import numpy as np
from django.contrib.gis.gdal import GDALRaster
from django.contrib.gis.geos import Point
from django.core.cache import cache
from django.core.cache.backends import locmem
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.models import F
from django.utils import timezone
from PIL import Image
from pyproj import Geod, Transformer

from geo_participation.campaigns.models import Campaign
from geo_participation.submissions.models import Submission
from geo_participation.submissions.photos.models import Photo
from layers.registry import SUBMISSIONS
from tests.aggregate_helpers import lonlat_to_mercator
from tests.conftest import AREA
from tests.export_helpers import body
from tests.photo_helpers import image_bytes
from tests.tile_helpers import lonlat, tile_at

# The grid layer's default cell size (heatmaps: cell_m=250, hexagons); the scene checks that
# grid.geojson still says so.
CELL_M = 250.0
# OGC API Features output CRSs; test_privacy_contract checks the collection offers no other.
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
OGC_CRS = {
    "crs84": CRS84,
    "epsg4326": "http://www.opengis.net/def/crs/EPSG/0/4326",
    "epsg25832": "http://www.opengis.net/def/crs/EPSG/0/25832",
}
# Members that name the computation rather than the data (a version, a run, a clock).
VOLATILE = {"timeStamp", "run", "published_version"}
NEAR_M = 1.0
GEOD = Geod(ellps="WGS84")
WEB_MERCATOR = Transformer.from_crs("EPSG:3857", "OGC:CRS84", always_xy=True)


@dataclass
class Scene:
    """The campaign and where everything is (EPSG:3857 x, y; lon/lat via .lonlat())."""

    campaign: Campaign
    exact: tuple  # P0, the sensitive place's stored position
    moved: tuple  # P1, in the same privacy cell
    public: tuple  # C, the centre of that cell
    pending_at: tuple
    rejected_at: tuple
    sensitive: Submission
    pending: Submission
    rejected: Submission
    photographed: Submission  # an approved, reviewed, non-sensitive place with a photo

    @staticmethod
    def lonlat(xy) -> tuple:
        return tuple(lonlat(*xy))

    def forbidden(self) -> dict:
        """Return the positions no public output may come within NEAR_M of."""
        return {
            "exact sensitive position": self.lonlat(self.exact),
            "pending position": self.lonlat(self.pending_at),
            "rejected position": self.lonlat(self.rejected_at),
        }


def _hexagon(i, j, size):
    """Return the centre of flat-topped hexagon (i, j) of ST_HexagonGrid(size)."""
    return 1.5 * size * i, math.sqrt(3) * size * (j + (i & 1) / 2)


def _hexagon_near(x, y, size):
    i = round(x / (1.5 * size))
    return i, round(y / (math.sqrt(3) * size) - (i & 1) / 2)


def z12_row(y) -> int:
    """Return the row of aggregated z12 tile cells holding an EPSG:3857 northing."""
    tile = tile_at(*lonlat(0, y), 12)
    return math.floor((tile.ymax - y) / (tile.size / SUBMISSIONS.aggregate_cells))


def sensitive_layout(campaign) -> tuple:
    """Return P0, P1, C and the lower hexagon (i, j): P0 below its top edge, P1 above it."""
    g, metre = campaign.sensitive_grid_3857, campaign.mercator_scale()
    size, step = CELL_M * metre, 10 * metre
    i0, j0 = _hexagon_near(*lonlat_to_mercator(7.77, 49.44), size)
    for di, dj in sorted(np.ndindex(7, 7), key=lambda d: abs(d[0] - 3) + abs(d[1] - 3)):
        i, j = i0 + di - 3, j0 + dj - 3
        cx, cy = _hexagon(i, j, size)
        edge = cy + math.sqrt(3) * size / 2  # the top edge, shared with hexagon (i, j + 1)
        centre = (round(cx / g) * g, round(edge / g) * g)
        # 10 m of margin to the privacy cell's edges; a z12 cell row boundary between P0, P1.
        if abs(edge - centre[1]) > g / 2 - step - 10 * metre:
            continue
        if z12_row(edge - step) == z12_row(edge + step):
            continue
        # Away from the column of places on the hexagons' axis (x = cx): the exact position is
        # then a corner of their DBSCAN cluster's hull, where C is for the public.
        x = centre[0] + (2 * step if centre[0] > cx else -2 * step)
        return (x, edge - step), (x, edge + step), centre, (i, j)
    raise AssertionError("no hexagon edge near the campaign centre fits the layout")


def _store(campaign, category, xy, n, status="approved", **fields):
    if status == "rejected":
        fields.setdefault("moderation_reason", "off topic")
    if status == "approved":
        fields.setdefault("moderated_at", timezone.now())
    return Submission.objects.create(
        campaign=campaign,
        category=campaign.categories.get(key=category),
        geom=Point(*lonlat(*xy), srid=4326),
        status=status,
        client_id=f"contract-{n}",
        **fields,
    )


def _attach_photo(submission):
    names = [
        default_storage.save(f"photos/c{submission.pk}{s}.jpg", ContentFile(image_bytes("JPEG")))
        for s in ("", "_thumb")
    ]
    Photo.objects.create(
        submission=submission,
        image=names[0],
        thumbnail=names[1],
        format="JPEG",
        width=120,
        height=80,
    )


def contract_campaign() -> Campaign:
    """Return a new open campaign with a "spot" and a sensitive "fear" point category."""
    now = timezone.now()
    campaign = Campaign.objects.create(
        slug="contract",
        title="Contract",
        area=AREA,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
    )
    for key, sensitive in (("spot", False), ("fear", True)):
        campaign.categories.create(
            key=key, label=key.title(), geometry_kind="point", sensitive=sensitive
        )
    return campaign


def build_scene(campaign) -> Scene:
    """Store the scene's submissions and photos in a campaign with "spot" and "fear" (sensitive)."""
    metre = campaign.mercator_scale()
    size = CELL_M * metre
    exact, moved, public, (i, j) = sensitive_layout(campaign)
    made = iter(range(1000))
    approved = []
    for ci, cj in ((i, j), (i, j + 1)):
        cx, cy = _hexagon(ci, cj, size)
        for dx, dy in ((0, 0), (40, 0), (-40, 0), (0, 40), (0, -40)):
            approved.append(
                _store(campaign, "spot", (cx + dx * metre, cy + dy * metre), next(made))
            )
    cx, edge = _hexagon(i, j, size)[0], exact[1] + 10 * metre
    for dy in (-90, -60, -30, 30, 60, 90):
        approved.append(_store(campaign, "spot", (cx, edge + dy * metre), next(made)))
    sensitive = _store(campaign, "fear", exact, next(made), comment="where it happened")
    spots = []
    for lon, lat, status in ((7.72, 49.415, "pending"), (7.82, 49.465, "rejected")):
        sx, sy = _hexagon(*_hexagon_near(*lonlat_to_mercator(lon, lat), size), size)
        for dx, dy in ((15, 15), (15, -15), (-15, 15), (-15, -15)):
            approved.append(
                _store(campaign, "spot", (sx + dx * metre, sy + dy * metre), next(made))
            )
        at = (sx, sy + 45 * metre)
        spots.append((at, _store(campaign, "spot", at, next(made), status=status, comment=status)))
    (pending_at, pending), (rejected_at, rejected) = spots
    for row in (approved[0], sensitive, pending, rejected):
        _attach_photo(row)
    return Scene(
        campaign=campaign,
        exact=exact,
        moved=moved,
        public=public,
        pending_at=pending_at,
        rejected_at=rejected_at,
        sensitive=sensitive,
        pending=pending,
        rejected=rejected,
        photographed=approved[0],
    )


def hexagon_of(xy, size) -> tuple:
    """Return (i, j) of the ST_HexagonGrid cell holding an EPSG:3857 position, per PostGIS."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT g.i, g.j FROM (SELECT ST_SetSRID(ST_Point(%s, %s), 3857) AS p) q,"
            " ST_HexagonGrid(%s, ST_Expand(q.p, %s)) g WHERE ST_Intersects(g.geom, q.p)",
            [*xy, size, size],
        )
        return cursor.fetchone()


def forget_caches() -> None:
    """Empty Django's cache and every local-memory cache the code keeps in front of it."""
    cache.clear()
    # Every LocMemCache instance, wherever the code keeps one, stores its entries here by name.
    for entries in (*locmem._caches.values(), *locmem._expire_info.values()):
        entries.clear()


def forget_computed(campaign) -> None:
    """Drop every stored answer, so the next request computes from the rows as they are now."""
    forget_caches()
    # Results stored per published version (aggregate runs, tiles, counts) are recomputed.
    Campaign.objects.filter(pk=campaign.pk).update(published_version=F("published_version") + 1)


# The public outputs. Each names its URL (from the scene), how to read it, and what it must
# hold: "content" (a non-empty answer: the test cannot pass vacuously), "empty" or "404".
@dataclass(frozen=True)
class Output:
    name: str
    kind: str  # geojson, mvt, png, tiff, legend, legend-png, tilejson, html, photo
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


MVT = "/tiles/{slug}/{z}/{x}/{y}.mvt"
KDE = "/heatmaps/{slug}/kde/{z}/{x}/{y}.png"
GRID = "/heatmaps/{slug}/grid/{z}/{x}/{y}.mvt"
OUTPUTS = [
    Output("api-list", "geojson", lambda s: f"/api/campaigns/{s.campaign.slug}/submissions/"),
    Output("api-list-bbox", "geojson", _bbox("public", 0.01)),
    Output("api-list-bbox-at-exact", "geojson", _bbox("exact", 0.00005), expect="empty"),
    Output("api-list-bbox-at-pending", "geojson", _bbox("pending_at", 0.00005), expect="empty"),
    Output("api-list-bbox-at-rejected", "geojson", _bbox("rejected_at", 0.00005), expect="empty"),
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
    _tile_output("grid-z14", "mvt", GRID, "public", 14, volatile_ids=True),
    _tile_output("grid-z14-at-pending", "mvt", GRID, "pending_at", 14, volatile_ids=True),
    _tile_output("grid-z14-at-rejected", "mvt", GRID, "rejected_at", 14, volatile_ids=True),
    *(_photo(owner, thumb) for owner in ("photographed", "sensitive") for thumb in (0, 1)),
    *(_photo(owner, thumb) for owner in ("pending", "rejected") for thumb in (0, 1)),
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
    return data  # photos: the bytes


def snapshot(output, response, data: bytes):
    """Return what must not change: the status and the decoded body without volatile members."""
    if response.status_code != 200 or not data:
        return response.status_code, data
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
