"""Grid cells against a reference computed in Python: shapely hexagons and squares, plain counts.

The grid statement finds cells by lattice arithmetic and counts distinct contributors in
shares that PostgreSQL runs in parallel workers; this reference does neither: it builds the
ST_HexagonGrid / ST_SquareGrid polygons with shapely, finds the polygon holding each point and
counts with Python sets. Contributors mark places in several categories and cells, so a count
of distinct contributors per cell differs from the sum of the categories' counts.
"""

import math
from collections import defaultdict

import numpy as np
import pytest
import shapely
from django.db import connection

from heatmaps.cells.grid import cell_size_3857
from heatmaps.cells.selectors import grid_layer, hotspot_layer
from heatmaps.models import GridCell
from tests.aggregate_helpers import place_many, uniform

pytestmark = pytest.mark.django_db

CELL_M = 120


@pytest.fixture
def crowd(campaign, make_category, make_user):
    """Places in three categories from 30 anonymous clients and 4 signed-in authors."""
    make_category(campaign, "noise", "point")
    make_category(campaign, "light", "point")
    rng = np.random.default_rng(11)
    box = (7.765, 49.435, 7.775, 49.445)
    for n, key in enumerate(["spot", "noise", "light"]):
        # The same 30 clients in every category: a client counts once per cell however many
        # categories it marked there.
        place_many(
            campaign,
            uniform(rng, 150, box=box),
            category=key,
            who=lambda m: f"client-{m % 30}",
            support_count=n + 1,
        )
    authors = [make_user(f"author-{n}") for n in range(4)]
    for n, author in enumerate(authors):
        # Each author writes from two devices: still one contributor.
        place_many(campaign, uniform(rng, 10, box=box), who="phone", author=author)
        place_many(
            campaign, uniform(rng, 10, box=box), category="noise", who=f"pc-{n}", author=author
        )
    place_many(campaign, uniform(rng, 40, box=box), status="pending")
    place_many(campaign, uniform(rng, 40, box=box), status="rejected")
    return campaign


def reference(campaign, shape):
    """Return {(i, j): (total, contributors, support, counts, category_contributors)}."""
    size = cell_size_3857(campaign, CELL_M)
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT ST_X(s.geom_3857), ST_Y(s.geom_3857), k.key, s.support_count,
                      coalesce('u' || s.author_id::text, 'c' || s.client_id)
               FROM submissions_submission s JOIN campaigns_category k ON k.id = s.category_id
               WHERE s.campaign_id = %s AND s.status = 'approved'""",
            [campaign.pk],
        )
        rows = cursor.fetchall()
    xy = np.array([(r[0], r[1]) for r in rows])
    keys, polygons = cells_around(xy, size, shape)
    tree = shapely.STRtree(polygons)
    points = shapely.points(xy)
    found, cell = tree.query(points, predicate="within")
    assert np.array_equal(found, np.arange(len(rows))), "every point lies in exactly one cell"
    cells = defaultdict(lambda: [0, set(), 0, defaultdict(int), defaultdict(set)])
    for (_, _, key, support, who), index in zip(rows, cell, strict=True):
        c = cells[keys[index]]
        c[0] += 1
        c[1].add(who)
        c[2] += support
        c[3][key] += 1
        c[4][key].add(who)
    return {
        ij: (n, len(people), support, dict(counts), {k: len(v) for k, v in by.items()})
        for ij, (n, people, support, counts, by) in cells.items()
    }


def cells_around(xy, size, shape):
    """Return the (i, j) and polygons of the grid function's cells around the points."""
    if shape == "square":
        step_x = step_y = size
    else:
        step_x, step_y = 1.5 * size, math.sqrt(3) * size
    xmin, ymin = xy.min(axis=0)
    xmax, ymax = xy.max(axis=0)
    i = np.arange(math.floor(xmin / step_x) - 2, math.ceil(xmax / step_x) + 3)
    j = np.arange(math.floor(ymin / step_y) - 2, math.ceil(ymax / step_y) + 3)
    ii, jj = (a.ravel() for a in np.meshgrid(i, j))
    if shape == "square":
        ux = np.array([0, 1, 1, 0, 0]) * size
        uy = np.array([0, 0, 1, 1, 0]) * size
        cx, cy = size * ii, size * jj
    else:
        # ST_Hexagon: flat-topped, odd columns half a cell higher.
        ux = np.array([-1, -0.5, 0.5, 1, 0.5, -0.5, -1]) * size
        uy = np.array([0, -0.5, -0.5, 0, 0.5, 0.5, 0]) * step_y
        cx, cy = step_x * ii, step_y * (jj + (np.abs(ii) % 2) / 2)
    rings = np.stack([cx[:, None] + ux, cy[:, None] + uy], axis=-1)
    return list(zip(ii.tolist(), jj.tolist(), strict=True)), shapely.polygons(rings)


def stored(run_id):
    return {
        (c.cell_i, c.cell_j): (
            c.total,
            c.contributors,
            c.support_sum,
            {k: v for k, v in c.counts.items()},
            {k: v for k, v in c.category_contributors.items()},
        )
        for c in GridCell.objects.filter(run_id=run_id)
    }


@pytest.mark.parametrize("shares", [1, 2, 3])
@pytest.mark.parametrize("shape", ["hexagon", "square"])
def test_stored_cells_equal_the_reference(crowd, settings, shape, shares):
    settings.GP_AGGREGATE_SHARES = shares
    truth = reference(crowd, shape)
    # The fixture is meant to hold contributors in several categories of one cell.
    assert any(sum(c[4].values()) > c[1] for c in truth.values())
    frame = grid_layer(crowd, cell_m=CELL_M, shape=shape)
    assert stored(frame.attrs["run"]["id"]) == truth


@pytest.mark.parametrize("shape", ["hexagon", "square"])
def test_suppression_follows_the_reference(crowd, shape):
    truth = reference(crowd, shape)
    frame = grid_layer(crowd, cell_m=CELL_M, shape=shape)
    shown = {ij for ij, c in truth.items() if c[1] >= 3}
    assert shown != set(truth), "the fixture has cells below k"
    assert {(r.cell_i, r.cell_j) for r in frame.itertuples()} == shown
    assert frame.attrs["suppressed"] == len(truth) - len(shown)
    for row in frame.itertuples():
        counts, people = truth[(row.cell_i, row.cell_j)][3:]
        for key in ("spot", "noise", "light"):
            value = getattr(row, f"count_{key}")
            shown = people.get(key, 0) >= 3 or not counts.get(key)
            expected = counts.get(key, 0) if shown else None
            assert (None if value is None or str(value) == "<NA>" else int(value)) == expected


def test_hotspot_cells_hold_the_reference_counts_and_zeros(crowd, settings):
    settings.GP_AGGREGATE_MAX_CELLS = 200_000
    truth = reference(crowd, "hexagon")
    frame = hotspot_layer(crowd, cell_m=CELL_M, permutations=99)
    cells = stored(frame.attrs["run"]["id"])
    assert {ij: c for ij, c in cells.items() if c[0]} == truth
    empty = [c for c in cells.values() if not c[0]]
    assert empty and all(c == (0, 0, 0, {}, {}) for c in empty)


def test_the_planner_settings_are_put_back_after_the_grid_statement(crowd):
    # Set for the grid statement only: the rest of the transaction (Gi*'s reads and updates,
    # a caller's queries) plans as usual.
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_sort')")
        before = cursor.fetchone()[0]
        hotspot_layer(crowd, cell_m=CELL_M, permutations=99)
        cursor.execute(
            "SELECT current_setting('enable_sort'), current_setting('min_parallel_table_scan_size')"
        )
        assert cursor.fetchone() == (before, "8MB")
