"""Helpers shared by the vector-tile tests: tile maths, decoding, and SQL truth."""

import base64
import math

import mapbox_vector_tile
from django.contrib.gis.geos import Point
from django.db import connection

from geo_participation.submissions.models import Submission
from layers.registry import SUBMISSIONS
from layers.tiles.addressing import HALF_WORLD, Tile
from tests.conftest import INSIDE

PASSWORD = "x-test-password-1"  # what conftest's make_user sets
HIGH = 15  # a zoom with single features (>= GP_TILE_AGGREGATE_BELOW_ZOOM)
LOW = 10  # an aggregated zoom


def tile_at(lon, lat, z):
    """Return the Tile that holds a WGS 84 position at zoom z."""
    x, y = Point(lon, lat, srid=4326).transform(3857, clone=True).coords
    size = 2 * HALF_WORLD / 2**z
    return Tile(z, math.floor((x + HALF_WORLD) / size), math.floor((HALF_WORLD - y) / size))


def mercator(tile, fx, fy):
    """Return the EPSG:3857 position at fractions (from west, from north) of a tile."""
    return tile.xmin + fx * tile.size, tile.ymax - fy * tile.size


def lonlat(x, y):
    return Point(x, y, srid=3857).transform(4326, clone=True).coords


def at(tile, fx, fy):
    """Return the WGS 84 position at fractions (from west, from north) of a tile."""
    return lonlat(*mercator(tile, fx, fy))


def pixel(tile, x, y):
    """Return the tile coordinates (extent 4096, y down) of an EPSG:3857 position."""
    return ((x - tile.xmin) / tile.size * 4096, (tile.ymax - y) / tile.size * 4096)


def add(campaign, category="spot", geom=None, status="approved", **fields):
    if status == "rejected":
        fields.setdefault("moderation_reason", "off topic")
    return Submission.objects.create(
        campaign=campaign,
        category=campaign.categories.get(key=category),
        geom=geom if geom is not None else Point(*INSIDE, srid=4326),
        status=status,
        **fields,
    )


def point(tile, fx, fy):
    return Point(*at(tile, fx, fy), srid=4326)


def url(campaign, tile):
    return f"/tiles/{campaign.slug}/{tile.z}/{tile.x}/{tile.y}.mvt"


def features(response):
    """Return the decoded features of the submissions layer (none for a 204)."""
    if response.status_code == 204:
        return []
    assert response.status_code == 200, response.content
    layers = mapbox_vector_tile.decode(response.content, default_options={"y_coord_down": True})
    assert set(layers) == {SUBMISSIONS.name}
    assert layers[SUBMISSIONS.name]["extent"] == 4096
    return layers[SUBMISSIONS.name]["features"]


def in_tile_sql(campaign, tile, *, buffered):
    """Return {id: category} of approved submissions in the tile, as PostGIS computes it."""
    # Single features count when they touch the tile with its 64-pixel buffer (as MVT clients
    # expect); aggregated cells by their point on surface in the tile itself.
    place, margin = (
        ("s.geom_3857", 64 / 4096) if buffered else ("ST_PointOnSurface(s.geom_3857)", 0)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.id, k.key FROM submissions_submission s"
            " JOIN campaigns_category k ON k.id = s.category_id"
            " WHERE s.campaign_id = %s AND s.status = 'approved'"
            f" AND ST_Intersects({place}, ST_TileEnvelope(%s, %s, %s, margin => %s))",
            [campaign.pk, tile.z, tile.x, tile.y, margin],
        )
        return dict(cursor.fetchall())


def basic(user):
    token = base64.b64encode(f"{user.username}:{PASSWORD}".encode()).decode()
    return {"Authorization": f"Basic {token}"}
