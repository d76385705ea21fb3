"""Aggregate runs a public request computes are read back from the primary, not the replica.

A grid tile or grid.geojson asked through a replica-routed request computes its run on the
primary; the replica, its replay paused here, does not have it. Read there, the cells were
missing (an empty tile kept in the server cache for good) and the next request computed the
run again and broke its unique constraint (500).
"""

import mapbox_vector_tile
import numpy as np
import pytest
from django.db import connection
from django.test import Client

from geo_participation.replicas.middleware import may_read_replica
from heatmaps.models import AggregateRun
from tests.aggregate_helpers import around, place_many
from tests.replica_helpers import DATABASES
from tests.tile_helpers import tile_at

pytestmark = pytest.mark.django_db(transaction=True, databases=DATABASES)

CENTRE = (7.775, 49.44)


def grid_tile(campaign, z: int) -> str:
    tile = tile_at(*CENTRE, z)
    return f"/heatmaps/{campaign.slug}/grid/{tile.z}/{tile.x}/{tile.y}.mvt"


def test_a_grid_run_computed_in_a_replica_request_is_read_from_the_primary(
    replica, campaign, settings, rf
):
    settings.GP_TILE_CACHE = True
    place_many(campaign, around(np.random.default_rng(1), *CENTRE, 60, metres=150))
    replica.pause()
    assert may_read_replica(rf.get(grid_tile(campaign, 14)))

    first = Client().get(grid_tile(campaign, 14), {"cell_m": 100})

    assert first.status_code == 200, first.content
    assert mapbox_vector_tile.decode(first.content)["grid"]["features"]
    # Another tile of the same run: found on the primary, not computed again.
    second = Client().get(grid_tile(campaign, 13), {"cell_m": 100})
    assert second.status_code == 200, second.content
    geojson = Client().get(f"/heatmaps/{campaign.slug}/grid.geojson", {"cell_m": 100})
    assert geojson.status_code == 200, geojson.content
    assert geojson.json()["features"]
    assert AggregateRun.objects.filter(campaign=campaign).count() == 1
    # The replica really lacks the run the answers were drawn from.
    database = connection.settings_dict["NAME"]
    assert replica.sql("SELECT count(*) FROM heatmaps_aggregaterun", database) == [("0",)]
