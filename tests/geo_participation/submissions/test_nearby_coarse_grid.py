"""With a privacy grid coarser than about 121 m, which posts nearby finds must not depend on
where in its cell a sensitive post exactly is."""

import pytest
from django.contrib.gis.geos import Point
from rest_framework.test import APIClient

from geo_participation.submissions.models import Submission
from tests.conftest import INSIDE

pytestmark = pytest.mark.django_db


def _lonlat(x, y):
    point = Point(x, y, srid=3857)
    point.transform(4326)
    return point.x, point.y


def test_every_probe_in_the_public_cell_finds_the_post_wherever_it_is_exactly(
    settings, make_campaign, make_category
):
    """Expected: a probe anywhere in the post's privacy cell finds it (the documented rule),
    so the answer says nothing about where inside the cell the exact place lies."""
    settings.GP_SENSITIVE_GRID_M = 250.0  # a documented setting: coarser means more private
    campaign = make_campaign("dark")
    make_category(campaign, "fear", "point", sensitive=True)
    campaign.refresh_from_db()
    grid = campaign.sensitive_grid_3857
    centre = Point(*INSIDE, srid=4326).transform(3857, clone=True)
    cx, cy = round(centre.x / grid) * grid, round(centre.y / grid) * grid
    # The exact place near the cell's north-east corner; it is shown at the centre (cx, cy).
    exact = Point(*_lonlat(cx + 0.45 * grid, cy + 0.45 * grid), srid=4326)
    stored = Submission.objects.create(
        campaign=campaign, category=campaign.categories.get(), geom=exact, status="approved"
    )
    client = APIClient()
    url = "/api/campaigns/dark/submissions/nearby/"
    # Two probes in the same cell, both far more than 50 m from the public position.
    for dx in (0.49, -0.49):
        lon, lat = _lonlat(cx + dx * grid, cy + dx * grid)
        found = client.get(url, {"category": "fear", "lon": lon, "lat": lat}).json()
        assert [f["id"] for f in found["features"]] == [stored.pk], f"probe at {dx} of the cell"
