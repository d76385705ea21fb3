"""The density grid is computed once: a worker waits for the one computing it."""

import threading
import time
from contextlib import contextmanager

import numpy as np
import pytest
from django.core.cache import cache as django_cache
from django.db import connection, connections, transaction
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from heatmaps.kde import cache as kde_cache
from heatmaps.kde.density import compute_density
from heatmaps.kde.params import parse_params
from tests.heatmaps.kde.test_kde_common import plant


def binning(queries):
    return [q for q in queries.captured_queries if "GROUP BY ix, iy" in q["sql"]]


@pytest.fixture
def setup(campaign):
    plant(campaign, (7.745, 49.445), 30, spread_m=150, seed=1)
    kde_cache.grids.clear_local()
    params = parse_params(campaign, QueryDict(""))
    return campaign, params, kde_cache.density_key(campaign, params)


@contextmanager
def other_worker(key, *, finishes_with=None):
    """Hold the grid's lock (heatmaps.store) in another connection, as a worker computing it.

    After a moment it stores finishes_with in the shared cache and commits, or, without one,
    gives up (rolls back, storing nothing). Either way the lock is released.
    """
    locked = threading.Event()

    def work():
        try:
            with transaction.atomic():
                with connections["default"].cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])
                locked.set()
                time.sleep(0.3)
                if finishes_with is None:
                    transaction.set_rollback(True)
                else:
                    django_cache.set(kde_cache.grids.prefix + key, kde_cache._pack(finishes_with))
        finally:
            locked.set()
            connections.close_all()

    thread = threading.Thread(target=work)
    thread.start()
    assert locked.wait(10)
    try:
        yield
    finally:
        thread.join(10)
        django_cache.delete(kde_cache.grids.prefix + key)


@pytest.mark.django_db
def test_a_grid_another_worker_is_computing_is_waited_for(setup):
    campaign, params, key = setup
    theirs = compute_density(campaign=campaign, params=params)
    with other_worker(key, finishes_with=theirs):
        with CaptureQueriesContext(connection) as queries:
            got = kde_cache.density_for(campaign=campaign, params=params)
    assert not binning(queries)
    assert np.array_equal(got.values, theirs.values) and got.places == 30


@pytest.mark.django_db
def test_a_worker_that_gave_up_is_not_waited_for(setup):
    campaign, params, key = setup
    with other_worker(key):
        with CaptureQueriesContext(connection) as queries:
            got = kde_cache.density_for(campaign=campaign, params=params)
        # Kept for everyone else.
        assert django_cache.get(kde_cache.grids.prefix + key) is not None
    assert len(binning(queries)) == 1 and got.places == 30


@pytest.mark.django_db
def test_a_new_published_version_is_a_new_grid(setup, make_submission):
    campaign, params, key = setup
    first = kde_cache.density_for(campaign=campaign, params=params)
    make_submission(campaign, coordinates=[7.8, 49.43])
    campaign.refresh_from_db()
    assert kde_cache.density_key(campaign, params) != key
    second = kde_cache.density_for(campaign=campaign, params=params)
    assert (first.places, second.places) == (30, 31)
