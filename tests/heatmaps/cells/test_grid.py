"""Grid cells: counts, contributors and support per cell against an independent spatial join."""

import numpy as np
import pytest

from heatmaps.cells.grid import cell_size_3857
from heatmaps.cells.selectors import grid_layer
from heatmaps.models import AggregateRun
from tests.aggregate_helpers import cells_by_spatial_join, place_many, uniform

pytestmark = pytest.mark.django_db


@pytest.fixture
def k1(settings):
    # Only these tests compare every cell: production never allows k below 3.
    settings.GP_AGGREGATE_MIN_CONTRIBUTORS = 1


@pytest.mark.parametrize("shape", ["hexagon", "square"])
def test_counts_equal_a_spatial_join(campaign, k1, shape):
    rng = np.random.default_rng(7)
    positions = uniform(rng, 400, box=(7.76, 49.43, 7.78, 49.45))
    # 40 contributors, several places each, with supports.
    place_many(campaign, positions, who=lambda n: f"person-{n % 40}", support_count=2)
    place_many(campaign, uniform(rng, 50), status="pending")
    place_many(campaign, uniform(rng, 50), status="rejected")

    frame = grid_layer(campaign, cell_m=150, shape=shape)

    truth = cells_by_spatial_join(campaign, size=cell_size_3857(campaign, 150), shape=shape)
    got = {
        (r.cell_i, r.cell_j): (r.count, r.contributors, r.support_sum) for r in frame.itertuples()
    }
    assert got == truth
    assert frame["count"].sum() == 400
    assert (frame["count_spot"] == frame["count"]).all()
    assert set(frame.geometry.geom_type) == {"Polygon"}


def test_cells_are_the_grid_functions_cells(campaign, k1):
    place_many(campaign, [(7.77, 49.44)] * 3)
    frame = grid_layer(campaign, cell_m=200, shape="hexagon")
    [cell] = frame.itertuples()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_AsText(ST_Transform(ST_Hexagon(%s, %s, %s,"
            " ST_SetSRID(ST_MakePoint(0, 0), 3857)), 4326))",
            [cell_size_3857(campaign, 200), cell.cell_i, cell.cell_j],
        )
        expected = cursor.fetchone()[0]
    from shapely import wkt

    assert cell.geometry.symmetric_difference(wkt.loads(expected)).area < 1e-14


def test_distinct_contributors_count_authors_and_clients(campaign, k1, make_user):
    alice, bob = make_user("alice"), make_user("bob")
    place_many(campaign, [(7.77, 49.44)] * 4, who="anon-1")
    place_many(campaign, [(7.77, 49.44)] * 3, who="anon-2", author=alice)
    place_many(campaign, [(7.77, 49.44)] * 2, who="anon-3", author=alice)
    place_many(campaign, [(7.77, 49.44)] * 1, who="", author=bob)
    [cell] = grid_layer(campaign, cell_m=200).itertuples()
    # anon-1, alice (whatever client she used), bob.
    assert (cell.count, cell.contributors) == (10, 3)


def test_filters(campaign, k1, make_category):
    from datetime import date, timedelta

    from django.utils import timezone

    from geo_participation.submissions.models import Submission

    make_category(campaign, "noise", "point")
    place_many(campaign, [(7.77, 49.44)] * 3, answers={"time_of_day": "night", "rating": 2})
    place_many(campaign, [(7.77, 49.44)] * 2, answers={"time_of_day": "morning", "rating": 5})
    place_many(campaign, [(7.77, 49.44)] * 4, category="noise")
    old = Submission.objects.filter(category__key="noise")[:1].get()
    Submission.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))

    def total(**kwargs):
        return int(grid_layer(campaign, cell_m=200, **kwargs)["count"].sum())

    assert total() == 9
    assert total(category="spot") == 5
    assert total(category=["spot", "noise"]) == 9
    assert total(answers={"time_of_day": "night"}) == 3
    assert total(answers={"rating": 5}) == 2
    assert total(since=date.today() - timedelta(days=10)) == 8
    assert total(until=date.today() - timedelta(days=30)) == 1


def test_k_suppresses_cells_with_few_contributors(campaign):
    # Many places from two people: a count of 50, but only two contributors.
    place_many(campaign, [(7.72, 49.41)] * 50, who=lambda n: f"p{n % 2}")
    place_many(campaign, [(7.80, 49.46)] * 3, who=lambda n: f"q{n}")
    frame = grid_layer(campaign, cell_m=200)
    assert list(frame["count"]) == [3]
    assert frame.attrs["suppressed"] == 1
    assert frame.attrs["parameters"]["k"] == 3
    # Raising k hides the other cell too; lowering it is refused.
    assert len(grid_layer(campaign, cell_m=200, k=4)) == 0
    from geo_participation.errors import Rejected

    with pytest.raises(Rejected, match="k"):
        grid_layer(campaign, cell_m=200, k=2)


def test_a_category_count_needs_k_contributors(campaign, make_category):
    make_category(campaign, "rare", "point")
    place_many(campaign, [(7.77, 49.44)] * 5)
    place_many(campaign, [(7.77, 49.44)] * 2, category="rare")
    [cell] = grid_layer(campaign, cell_m=200).itertuples()
    assert cell.count == 7 and cell.count_spot == 5
    assert cell.count_rare is None or str(cell.count_rare) == "<NA>"


def test_sensitive_places_count_at_their_generalised_position(
    campaign, k1, make_category, settings
):
    settings.GP_AGGREGATE_MAX_CELLS = 200_000
    from django.contrib.gis.geos import Point

    from tests.aggregate_helpers import mercator_to_lonlat

    make_category(campaign, "fear", "point", sensitive=True)
    grid = campaign.sensitive_grid_3857
    # Exactly 40 % of a grid step off a grid point: snapped, it moves 40 m (ground) away.
    x, y = Point(7.77, 49.44, srid=4326).transform(3857, clone=True).coords
    gx, gy = round(x / grid) * grid, round(y / grid) * grid
    exact = mercator_to_lonlat(gx + 0.4 * grid, gy)
    place_many(campaign, [exact] * 3, category="fear")
    frame = grid_layer(campaign, cell_m=25, shape="square")
    size = cell_size_3857(campaign, 25)
    [cell] = frame.itertuples()
    assert (cell.cell_i, cell.cell_j) == (int(np.floor(gx / size)), int(np.floor(gy / size)))
    assert set(frame.geometry.geom_type) == {"Polygon"}


def test_parameters_are_recorded(campaign, k1):
    place_many(campaign, [(7.77, 49.44)] * 3)
    frame = grid_layer(campaign, cell_m=300, shape="square", answers={"time_of_day": "night"})
    parameters = frame.attrs["parameters"]
    assert parameters["cell_m"] == 300 and parameters["shape"] == "square"
    assert parameters["answers"] == {"time_of_day": "night"} and parameters["k"] == 1
    assert parameters["derived"]["cell_size_3857"] == pytest.approx(
        300 / np.cos(np.radians(campaign.area.centroid.y))
    )
    run = AggregateRun.objects.get(pk=frame.attrs["run"]["id"])
    assert run.params["cell_m"] == 300 and run.kind == "grid"
    assert frame.attrs["run"]["published_version"] == run.published_version


def test_one_run_per_version(campaign, k1, django_assert_max_num_queries):
    place_many(campaign, [(7.77, 49.44)] * 3)
    first = grid_layer(campaign).attrs["run"]["id"]
    assert grid_layer(campaign).attrs["run"]["id"] == first
    assert AggregateRun.objects.count() == 1
