"""The density surface against the independent kernel sum: peaks, filters, weights, statuses."""

from datetime import timedelta

import numpy as np
import pytest
from django.http import QueryDict
from django.utils import timezone

from fixtures.generator import append_submissions
from fixtures.profiles import PLACES
from heatmaps.kde.density import compute_density
from heatmaps.kde.params import parse_params
from tests.conftest import AREA, RATING_QUESTION, TIME_QUESTION
from tests.heatmaps.kde.test_kde_common import (
    assert_matches_reference,
    lonlat,
    mercator,
    places,
    plant,
    reference_density,
    set_created,
)

WEST = (7.745, 49.445)
EAST = (7.805, 49.430)


def density(campaign, query=""):
    params = parse_params(campaign, QueryDict(query))
    return compute_density(campaign=campaign, params=params), params


def value_at(result, lon, lat):
    """Return the grid's density in the cell holding a WGS 84 position."""
    grid = result.grid
    x, y = mercator(lon, lat)
    column = int((x - grid.xmin) // grid.cell)
    row = int((grid.ymax - y) // grid.cell)
    return float(result.values[row, column])


def metres_between(campaign, a, b):
    (ax, ay), (bx, by) = mercator(*a), mercator(*b)
    return float(np.hypot(ax - bx, ay - by)) / campaign.mercator_scale()


@pytest.fixture
def heat(make_campaign, make_category):
    """A campaign named like the demo's heat points, so the generator plants its hotspots."""
    campaign = make_campaign("hitzepunkte")
    make_category(campaign, "spot", "point", questions=[TIME_QUESTION, RATING_QUESTION])
    make_category(campaign, "zone", "polygon")
    return campaign


@pytest.mark.django_db
def test_peaks_where_the_generator_planted_its_clusters(heat):
    append_submissions(campaign=heat, count=4000, seed=11)
    result, params = density(heat, "bandwidth=100")
    assert_matches_reference(heat, result, places(heat), 100)
    row, column = np.unravel_index(np.argmax(result.values), result.values.shape)
    top = (
        result.grid.xmin + (column + 0.5) * result.grid.cell,
        result.grid.ymax - (row + 0.5) * result.grid.cell,
    )
    peak = lonlat(*top)
    planted = ["stiftsplatz", "hauptbahnhof", "kammgarn", "betzenberg"]
    nearest = min(metres_between(heat, peak, PLACES[name]) for name in planted)
    assert nearest < 200, f"the highest density is {nearest:.0f} m from every planted centre"
    # Every planted centre stands far above the uniform background the generator adds.
    background = np.median(result.values[result.values > 0])
    for name in planted:
        assert value_at(result, *PLACES[name]) > 5 * background, name


@pytest.mark.django_db
def test_pending_and_rejected_never_count(campaign):
    plant(campaign, WEST, 40, spread_m=150, seed=1)
    plant(campaign, EAST, 200, spread_m=150, seed=2, status="pending")
    plant(campaign, EAST, 200, spread_m=150, seed=3, status="rejected")
    result, _ = density(campaign)
    assert result.places == 40
    assert value_at(result, *EAST) < 1e-6 * result.maximum
    assert value_at(result, *WEST) > 0.5 * result.maximum
    assert_matches_reference(campaign, result, places(campaign), 250)


@pytest.mark.django_db
def test_weight_by_support_is_one_plus_the_support_count(campaign):
    plant(campaign, WEST, 10, spread_m=80, seed=1, support_count=9)
    plant(campaign, EAST, 30, spread_m=80, seed=2, support_count=0)
    counted, _ = density(campaign)
    weighted, _ = density(campaign, "weight=support")
    # By count the east is denser, by support the west (10 x 10 against 30 x 1).
    assert value_at(counted, *EAST) > value_at(counted, *WEST)
    assert value_at(weighted, *WEST) > 3 * value_at(weighted, *EAST)
    assert weighted.places == 10 * 10 + 30
    xyw = places(campaign, weight=lambda s: 1 + s.support_count)
    assert_matches_reference(campaign, weighted, xyw, 250)


@pytest.mark.django_db
def test_category_filter_with_polygons_at_a_point_on_their_surface(campaign):
    plant(campaign, WEST, 60, spread_m=150, seed=1)
    plant(campaign, EAST, 60, spread_m=150, seed=2, category="zone")
    zones, params = density(campaign, "category=zone")
    assert params.category_keys == ("zone",)
    assert zones.places == 60
    assert value_at(zones, *WEST) < 1e-6 * zones.maximum
    xyw = places(campaign, keep=lambda s: s.category.key == "zone")
    assert_matches_reference(campaign, zones, xyw, 250)
    both, _ = density(campaign, "category=spot,zone")
    assert both.places == 120


@pytest.mark.django_db
def test_date_range(campaign):
    now = timezone.now()
    old = plant(campaign, WEST, 50, spread_m=150, seed=1)
    new = plant(campaign, EAST, 50, spread_m=150, seed=2)
    set_created(old, now - timedelta(days=20))
    set_created(new, now - timedelta(days=2))
    cut = (now - timedelta(days=10)).isoformat().replace("+00:00", "Z")
    recent, _ = density(campaign, f"since={cut}")
    assert recent.places == 50
    xyw = places(campaign, keep=lambda s: s.created_at >= now - timedelta(days=10))
    assert_matches_reference(campaign, recent, xyw, 250)
    earlier, _ = density(campaign, f"until={cut}")
    assert value_at(earlier, *EAST) < 1e-6 * earlier.maximum
    # A date is the start of that day in GP_TIME_ZONE, and until is exclusive: the whole old
    # day is since=<the day>&until=<the next day>.
    day = timezone.localtime(now - timedelta(days=20)).date()
    both_ends, _ = density(campaign, f"since={day}&until={day + timedelta(days=1)}")
    assert both_ends.places == 50


@pytest.mark.django_db
def test_answer_filters(campaign):
    plant(campaign, WEST, 40, spread_m=150, seed=1, answers={"time_of_day": "night", "rating": 5})
    plant(campaign, EAST, 40, spread_m=150, seed=2, answers={"time_of_day": "daytime"})
    plant(campaign, EAST, 10, spread_m=150, seed=3, answers={"time_of_day": "evening", "rating": 5})
    night, _ = density(campaign, "answer=time_of_day:night")
    assert night.places == 40
    xyw = places(campaign, keep=lambda s: s.answers.get("time_of_day") == "night")
    assert_matches_reference(campaign, night, xyw, 250)
    # One question's values are alternatives; different questions must all match.
    either, _ = density(campaign, "answer=time_of_day:night&answer=time_of_day:evening")
    assert either.places == 50
    rated, _ = density(campaign, "answer=rating:5&answer=time_of_day:evening")
    assert rated.places == 10


@pytest.mark.django_db
def test_sensitive_places_count_where_the_public_sees_them(campaign, make_category):
    make_category(campaign, "fear", "point", sensitive=True)
    plant(campaign, WEST, 30, spread_m=200, seed=1, category="fear")
    result, params = density(campaign, "category=fear&bandwidth=100")
    assert params.sensitive_ids
    expected = assert_matches_reference(campaign, result, places(campaign), 100)
    # Against the exact positions the surface is off by far more: it was built from the
    # snapped ones.
    exact = assert_matches_reference(
        campaign, result, places(campaign, snap=False), 100, check=False
    )
    assert np.abs(exact - expected).max() > 0.05 * expected.max()


@pytest.mark.django_db
def test_the_integral_is_the_number_of_places(campaign):
    plant(campaign, WEST, 25, spread_m=300, seed=4)
    result, _ = density(campaign, "bandwidth=400")
    integral = float((result.values * result.grid.cell_area_km2()).sum())
    assert integral == pytest.approx(25, rel=0.01)
    x, y = mercator(*WEST)
    assert reference_density(campaign, places(campaign), 400, x, y) == pytest.approx(
        value_at(result, *WEST), rel=0.03
    )


@pytest.mark.django_db
def test_an_empty_campaign_has_a_zero_surface(campaign):
    result, _ = density(campaign)
    assert result.places == 0 and result.maximum == 0.0
    assert AREA.extent  # the grid still covers the area
    assert not result.values.any()
