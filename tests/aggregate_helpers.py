"""Helpers of the grid, hotspot and cluster tests: bulk places and independent SQL truth."""

import numpy as np
from django.contrib.gis.geos import Point
from django.db import connection

from geo_participation.submissions.models import Submission


def mercator_to_lonlat(x, y):
    return Point(x, y, srid=3857).transform(4326, clone=True).coords


def lonlat_to_mercator(lon, lat):
    return Point(lon, lat, srid=4326).transform(3857, clone=True).coords


def place_many(campaign, positions, *, category="spot", who=None, status="approved", **fields):
    """Store one submission per (lon, lat), each from its own client unless who is given."""
    kinds = {c.key: c for c in campaign.categories.all()}
    rows = []
    for n, (lon, lat) in enumerate(positions):
        client = who(n) if callable(who) else (who or f"client-{category}-{n}-{lon:.6f}")
        extra = dict(fields)
        if status == "rejected":
            extra.setdefault("moderation_reason", "off topic")
        rows.append(
            Submission(
                campaign=campaign,
                category=kinds[category],
                geom=Point(float(lon), float(lat), srid=4326),
                status=status,
                client_id=client,
                **extra,
            )
        )
    return Submission.objects.bulk_create(rows)


def uniform(rng, n, box=(7.71, 49.41, 7.84, 49.47)):
    """Return n uniformly random (lon, lat) in a box inside the test area."""
    lon = rng.uniform(box[0], box[2], n)
    lat = rng.uniform(box[1], box[3], n)
    return np.column_stack([lon, lat])


def around(rng, lon, lat, n, metres):
    """Return n (lon, lat) normally scattered around a place, sigma in metres."""
    x, y = lonlat_to_mercator(lon, lat)
    scale = 1 / np.cos(np.radians(lat))
    xs = rng.normal(x, metres * scale, n)
    ys = rng.normal(y, metres * scale, n)
    return [mercator_to_lonlat(a, b) for a, b in zip(xs, ys, strict=True)]


def cells_by_spatial_join(campaign, *, size, shape):
    """Return {(i, j): (count, contributors, support)} by joining points to ST_*Grid cells.

    The naive way (a spatial join against generated cells), independent of the arithmetic the
    grid statement uses; approved submissions only, at their exact positions.
    """
    grid = {"hexagon": "ST_HexagonGrid", "square": "ST_SquareGrid"}[shape]
    sql = f"""
        WITH pts AS (
            SELECT geom_3857 AS p, coalesce('u' || author_id::text, 'c' || client_id) AS who,
                   support_count
            FROM submissions_submission WHERE campaign_id = %s AND status = 'approved'
        ),
        cells AS (
            SELECT g.i, g.j, g.geom
            FROM {grid}(
                %s, (SELECT ST_SetSRID(ST_Expand(ST_Extent(p), %s)::geometry, 3857) FROM pts)
            ) g
        )
        SELECT c.i, c.j, count(*), count(DISTINCT who), sum(support_count)
        FROM cells c JOIN pts ON ST_Intersects(c.geom, pts.p)
        GROUP BY c.i, c.j
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [campaign.pk, size, size])
        return {(i, j): (n, people, support) for i, j, n, people, support in cursor.fetchall()}
