"""The density grid is computed once: a worker waits for the one computing it."""

import numpy as np
import pytest
from django.core.cache import cache as django_cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from heatmaps import kde_cache
from heatmaps.kde import compute_density
from heatmaps.kde_params import parse_params
from tests.test_kde_common import plant


def binning(queries):
    return [q for q in queries.captured_queries if "GROUP BY ix, iy" in q["sql"]]


@pytest.fixture
def setup(campaign):
    plant(campaign, (7.745, 49.445), 30, spread_m=150, seed=1)
    kde_cache.local_cache.clear()
    params = parse_params(campaign, QueryDict(""))
    return campaign, params, kde_cache.density_key(campaign, params)


@pytest.mark.django_db
def test_a_grid_another_worker_is_computing_is_waited_for(setup, monkeypatch):
    campaign, params, key = setup
    theirs = compute_density(campaign=campaign, params=params)
    assert django_cache.add(f"{key}.computing", 1, 60)  # the other worker claimed it

    def other_worker_finishes(_seconds):
        django_cache.set(key, kde_cache._pack(theirs))

    monkeypatch.setattr(kde_cache.time, "sleep", other_worker_finishes)
    with CaptureQueriesContext(connection) as queries:
        got = kde_cache.density_for(campaign=campaign, params=params)
    assert not binning(queries)
    assert np.array_equal(got.values, theirs.values) and got.places == 30


@pytest.mark.django_db
def test_a_worker_that_gave_up_is_not_waited_for(setup, monkeypatch):
    campaign, params, key = setup
    django_cache.add(f"{key}.computing", 1, 60)

    def other_worker_fails(_seconds):
        django_cache.delete(f"{key}.computing")

    monkeypatch.setattr(kde_cache.time, "sleep", other_worker_fails)
    with CaptureQueriesContext(connection) as queries:
        got = kde_cache.density_for(campaign=campaign, params=params)
    assert len(binning(queries)) == 1 and got.places == 30
    # Kept for everyone else, and the claim is released.
    assert django_cache.get(key) is not None
    assert django_cache.get(f"{key}.computing") is None


@pytest.mark.django_db
def test_a_new_published_version_is_a_new_grid(setup, make_submission):
    campaign, params, key = setup
    first = kde_cache.density_for(campaign=campaign, params=params)
    make_submission(campaign, coordinates=[7.8, 49.43])
    campaign.refresh_from_db()
    assert kde_cache.density_key(campaign, params) != key
    second = kde_cache.density_for(campaign=campaign, params=params)
    assert (first.places, second.places) == (30, 31)
