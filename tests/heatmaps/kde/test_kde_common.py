"""Helpers of the density tests: planting places, and the density computed independently.

The reference density here is the textbook kernel sum, one Gaussian per place, evaluated
exactly in Python from rows read with the ORM; the code under test bins in SQL and filters on
a grid. The two agree to within the binning error (a fraction of a per cent at these sizes).
"""

import math

import numpy as np
from django.contrib.gis.geos import Point, Polygon
from django.db import connection

from geo_participation.submissions.models import Submission
from heatmaps.kde.grid import mercator_latitude

TOLERANCE = 0.02  # of the surface's maximum


def mercator(lon, lat):
    """Return EPSG:3857 x, y of a WGS 84 position."""
    return Point(lon, lat, srid=4326).transform(3857, clone=True).coords


def lonlat(x, y):
    return Point(x, y, srid=3857).transform(4326, clone=True).coords


def plant(campaign, centre, n, *, spread_m, seed, category="spot", status="approved", **fields):
    """Store n places around a WGS 84 centre (normal, spread_m ground metres), in bulk."""
    rng = np.random.default_rng(seed)
    cx, cy = mercator(*centre)
    scale = campaign.mercator_scale()
    xs = cx + rng.normal(0, spread_m * scale, n)
    ys = cy + rng.normal(0, spread_m * scale, n)
    kind = campaign.categories.get(key=category)
    if status == "rejected":
        fields.setdefault("moderation_reason", "off topic")
    rows = []
    for x, y in zip(xs, ys, strict=True):
        if kind.geometry_kind == "polygon":
            half = 10 * scale
            box = Polygon.from_bbox((x - half, y - half, x + half, y + half))
            box.srid = 3857
            geom = box.transform(4326, clone=True)
        else:
            geom = Point(x, y, srid=3857).transform(4326, clone=True)
        rows.append(
            Submission(campaign=campaign, category=kind, geom=geom, status=status, **fields)
        )
    return Submission.objects.bulk_create(rows)


def places(campaign, *, keep=lambda s: True, weight=lambda s: 1.0, snap=True):
    """Return (x, y, weight) arrays in EPSG:3857 of the approved places the filter keeps."""
    xs, ys, ws = [], [], []
    grid = campaign.sensitive_grid_3857
    for s in Submission.objects.filter(campaign=campaign, status="approved").select_related(
        "category"
    ):
        if not keep(s):
            continue
        at = s.geom.transform(3857, clone=True).point_on_surface
        x, y = at.x, at.y
        if snap and s.category.sensitive:
            # As the public sees it: snapped to the privacy grid (PostGIS rounds half to even).
            x, y = np.rint(x / grid) * grid, np.rint(y / grid) * grid
        xs.append(x)
        ys.append(y)
        ws.append(weight(s))
    return np.array(xs), np.array(ys), np.array(ws)


def reference_density(campaign, xyw, bandwidth_m, at_x, at_y):
    """Return the exact Gaussian kernel density (places per km²) at EPSG:3857 positions."""
    xs, ys, ws = xyw
    sigma = bandwidth_m * campaign.mercator_scale()
    at_x, at_y = np.asarray(at_x, dtype=float), np.asarray(at_y, dtype=float)
    d2 = (at_x[..., None] - xs) ** 2 + (at_y[..., None] - ys) ** 2
    per_unit2 = (ws * np.exp(-d2 / (2 * sigma**2))).sum(axis=-1) / (2 * math.pi * sigma**2)
    # One EPSG:3857 unit is cos(latitude) metres of ground at the evaluated position.
    ground = np.cos(np.radians(mercator_latitude(at_y)))
    return per_unit2 / ground**2 * 1e6


def cell_centres(grid, rows, columns):
    """Return the EPSG:3857 centres of grid cells."""
    rows, columns = np.asarray(rows), np.asarray(columns)
    return grid.xmin + (columns + 0.5) * grid.cell, grid.ymax - (rows + 0.5) * grid.cell


def assert_matches_reference(
    campaign, density, xyw, bandwidth_m, *, samples=400, seed=1, check=True
):
    """Assert the grid equals the reference at its maximum and at cells around the places.

    Return the reference values at the cells compared (check=False: only return them).
    """
    rng = np.random.default_rng(seed)
    row, column = np.unravel_index(np.argmax(density.values), density.values.shape)
    size = density.grid.size
    rows = np.concatenate([[row], rng.integers(size // 4, 3 * size // 4, samples)])
    columns = np.concatenate([[column], rng.integers(size // 4, 3 * size // 4, samples)])
    x, y = cell_centres(density.grid, rows, columns)
    expected = reference_density(campaign, xyw, bandwidth_m, x, y)
    if not check:
        return expected
    got = density.values[rows, columns]
    scale = max(expected.max(), 1e-12)
    worst = np.abs(got - expected).max() / scale
    assert worst < TOLERANCE, f"density differs from the reference by {worst:.1%} of its top"
    return expected


def set_created(submissions, when):
    """Give submissions a creation time (auto_now_add cannot be set on create)."""
    Submission.objects.filter(pk__in=[s.pk for s in submissions]).update(created_at=when)


def approved_count(campaign):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM submissions_submission WHERE campaign_id = %s"
            " AND status = 'approved'",
            [campaign.pk],
        )
        return cursor.fetchone()[0]
