"""Tile cells: the trigger-kept counts that aggregated tiles sum, against fresh aggregations."""

import math
import random

import pytest
from django.contrib.gis.geos import LineString, MultiPolygon, Point, Polygon
from django.core.management import call_command
from django.db import connection
from django.test import Client

from fixtures.generator import append_submissions
from geo_participation.submissions.models import (
    TILE_CELL_LEVEL,
    TILE_CELL_LEVELS,
    TILE_CELL_SIZE,
    Submission,
    TileCell,
)
from geo_participation.submissions.selectors import sensitive_grid
from layers.registry import SUBMISSIONS
from layers.tiles.addressing import HALF_WORLD
from tests.conftest import INSIDE
from tests.tile_helpers import add, at, basic, features, lonlat, mercator, point, tile_at, url

KEY = ("campaign_id", "exact", "level", "cx", "cy", "category_id")


def stored(campaign):
    """Return the campaign's tile cells as {key: (count, support)}."""
    rows = TileCell.objects.filter(campaign=campaign).values_list(*KEY, "count", "support_sum")
    return {row[:6]: row[6:] for row in rows}


def fresh(campaign):
    """Return the campaign's cells as a GROUP BY over its approved submissions computes them,
    at the base level, rolled up to every coarser level here (integer division by 2^k)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT s.campaign_id, v.exact,
                   floor((ST_X(v.p) + %(half)s) / %(size)s)::int,
                   floor((%(half)s - ST_Y(v.p)) / %(size)s)::int,
                   s.category_id, count(*), sum(s.support_count)
            FROM submissions_submission s JOIN campaigns_category k ON k.id = s.category_id,
                 LATERAL (VALUES
                     (true, ST_PointOnSurface(s.geom_3857)),
                     (false, CASE WHEN k.sensitive
                                  THEN ST_SnapToGrid(ST_PointOnSurface(s.geom_3857), %(grid)s)
                                  ELSE ST_PointOnSurface(s.geom_3857) END)
                 ) v(exact, p)
            WHERE s.campaign_id = %(campaign)s AND s.status = 'approved'
            GROUP BY 1, 2, 3, 4, 5
            """,
            {
                "half": HALF_WORLD,
                "size": TILE_CELL_SIZE,
                "grid": sensitive_grid(campaign),
                "campaign": campaign.pk,
            },
        )
        base = cursor.fetchall()
    cells = {}
    for campaign_id, exact, cx, cy, category, n, support in base:
        for level in TILE_CELL_LEVELS:
            shift = TILE_CELL_LEVEL - level
            key = (campaign_id, exact, level, cx >> shift, cy >> shift, category)
            count, total = cells.get(key, (0, 0))
            cells[key] = (count + n, total + support)
    return cells


@pytest.fixture
def sensitive(campaign, make_category):
    make_category(campaign, "fear", "point", sensitive=True)
    return campaign


def test_the_stored_grid_is_the_selectors_grid(campaign, settings):
    expected = settings.GP_SENSITIVE_GRID_M / math.cos(math.radians(campaign.area.centroid.y))
    assert campaign.sensitive_grid_3857 == pytest.approx(expected, rel=1e-12)
    assert sensitive_grid(campaign) == campaign.sensitive_grid_3857


def test_triggers_keep_cells_equal_to_a_fresh_aggregation(sensitive, home):
    campaign = sensitive
    rng = random.Random(7)
    rows = [
        add(campaign, rng.choice(["spot", "fear"]), point(home, rng.random(), rng.random()))
        for _ in range(30)
    ]
    add(campaign, "route", LineString(at(home, 0.2, 0.2), at(home, 0.4, 0.3), srid=4326))
    zone = [at(home, 0.6, 0.6), at(home, 0.8, 0.6), at(home, 0.8, 0.8), at(home, 0.6, 0.6)]
    add(campaign, "zone", Polygon(zone, srid=4326), support_count=5)
    pending = [add(campaign, "fear", point(home, 0.1, i / 10), status="pending") for i in range(5)]
    assert stored(campaign) == fresh(campaign) and stored(campaign)
    steps = [
        lambda: Submission.objects.filter(pk__in=[p.pk for p in pending[:3]]).update(
            status="approved"
        ),
        lambda: Submission.objects.filter(pk=rows[0].pk).update(
            status="rejected", moderation_reason="off topic"
        ),
        lambda: Submission.objects.filter(pk=rows[1].pk).update(support_count=4),
        lambda: Submission.objects.filter(pk=rows[2].pk).update(geom=point(home, 0.9, 0.1)),
        lambda: Submission.objects.filter(pk=rows[3].pk).update(
            category=campaign.categories.get(
                key="spot" if rows[3].category.key == "fear" else "fear"
            )
        ),
        lambda: Submission.objects.filter(pk__in=[r.pk for r in rows[4:12]]).delete(),
        lambda: Submission.objects.filter(campaign=campaign).update(moderation_reason="noted"),
        lambda: append_submissions(campaign=campaign, count=400, seed=3),
        # Statements that change no approved post (the trigger returns at once, 0011).
        lambda: Submission.objects.filter(pk__in=[p.pk for p in pending[3:]]).update(
            geom=point(home, 0.3, 0.3)
        ),
        lambda: Submission.objects.filter(pk=pending[4].pk).delete(),
        lambda: add(campaign, "spot", point(home, 0.5, 0.5), status="pending"),
    ]
    for step in steps:
        step()
        assert stored(campaign) == fresh(campaign)
    assert not TileCell.objects.filter(count__lte=0).exists()


def test_changing_sensitivity_or_area_recounts_the_public_cells(sensitive, home, make_user):
    campaign = sensitive
    for i in range(10):
        add(campaign, "spot", point(home, i / 10, i / 10))
        add(campaign, "fear", point(home, i / 10, 0.5))
    campaign.categories.filter(key="spot").update(sensitive=True)
    assert stored(campaign) == fresh(campaign)
    before = stored(campaign)
    campaign.area = MultiPolygon(Polygon.from_bbox((7.70, 49.40, 7.85, 49.70)), srid=4326)
    campaign.save()
    assert stored(campaign) == fresh(campaign) != before


def test_public_cells_never_hold_the_exact_position_of_a_sensitive_place(sensitive, home):
    campaign = sensitive
    grid = sensitive_grid(campaign)
    cx, cy = mercator(home, 0.5, 0.5)
    exact = ((math.floor(cx / grid) + 0.3) * grid, (math.floor(cy / grid) + 0.3) * grid)
    snapped = (math.floor(cx / grid) * grid, math.floor(cy / grid) * grid)
    add(campaign, "fear", Point(*lonlat(*exact), srid=4326))

    def cell(x, y):
        return (
            math.floor((x + HALF_WORLD) / TILE_CELL_SIZE),
            math.floor((HALF_WORLD - y) / TILE_CELL_SIZE),
        )

    assert cell(*exact) != cell(*snapped)
    base = [key for key in stored(campaign) if key[2] == TILE_CELL_LEVEL]
    public = {key[3:5] for key in base if not key[1]}
    everyone = {key[3:5] for key in base if key[1]}
    assert public == {cell(*snapped)}
    assert everyone == {cell(*exact)}


def test_rebuilding_gives_the_incremental_state(sensitive, home, settings):
    campaign = sensitive
    for i in range(20):
        row = add(campaign, ["spot", "fear"][i % 2], point(home, i / 20, 1 - i / 20))
        if i % 3 == 0:
            row.status = "rejected"
            row.moderation_reason = "off topic"
            row.save()
    append_submissions(campaign=campaign, count=200, seed=5)
    incremental = stored(campaign)
    call_command("rebuild_tile_cells", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert stored(campaign) == incremental == fresh(campaign)
    settings.GP_SENSITIVE_GRID_M = 250.0
    call_command("rebuild_tile_cells", stdout=open("/dev/null", "w"))  # noqa: SIM115
    campaign.refresh_from_db()
    assert sensitive_grid(campaign) == campaign.computed_sensitive_grid()
    assert stored(campaign) == fresh(campaign) != incremental


@pytest.mark.parametrize("z", [5, 6, 7, 8, 9, 10, 11, 12])
def test_aggregated_tiles_count_each_pixel_cell_as_the_submissions_say(
    campaign, home, z, make_user
):
    rng = random.Random(z)
    for _ in range(60):
        # Clustered, so that cells hold several submissions and categories mix.
        fx, fy = rng.gauss(0.5, 0.15), rng.gauss(0.5, 0.15)
        add(
            campaign,
            rng.choice(["spot", "spot", "route"]),
            point(home, fx, fy),
            support_count=rng.randrange(3),
        )
    tile = tile_at(*INSIDE, z)
    cells = SUBMISSIONS.aggregate_cells
    cell = tile.size / cells
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_X(ST_PointOnSurface(s.geom_3857)), ST_Y(ST_PointOnSurface(s.geom_3857)),"
            " s.support_count, k.key FROM submissions_submission s"
            " JOIN campaigns_category k ON k.id = s.category_id"
            " WHERE s.campaign_id = %s AND s.status = 'approved'",
            [campaign.pk],
        )
        expected = {}
        for x, y, support, category in cursor.fetchall():
            col, row = math.floor((x - tile.xmin) / cell), math.floor((tile.ymax - y) / cell)
            if 0 <= col < cells and 0 <= row < cells:
                key = (tile.y * cells + row) * (cells << z) + tile.x * cells + col
                n, s, keys = expected.get(key, (0, 0, set()))
                expected[key] = (n + 1, s + support, keys | {category})
    planner = make_user("planner", "planners")
    for viewer in ({}, basic(planner)):
        found = features(Client().get(url(campaign, tile), headers=viewer))
        got = {
            f["id"]: (f["properties"]["count"], f["properties"]["support_count"])
            + (f["properties"].get("category"),)
            for f in found
        }
        assert got == {
            key: (n, s, next(iter(keys)) if len(keys) == 1 else None)
            for key, (n, s, keys) in expected.items()
        }
    assert max(n for n, _, _ in expected.values()) >= 2
    assert any(len(keys) > 1 for _, _, keys in expected.values())
