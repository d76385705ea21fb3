"""Every tile endpoint accepts and refuses the same z/x/y (layers.tiles.addressing)."""

import pytest
from django.test import Client

ENDPOINTS = (
    "/tiles/{slug}/{z}/{x}/{y}.mvt",
    "/heatmaps/{slug}/kde/{z}/{x}/{y}.png",
    "/heatmaps/{slug}/grid/{z}/{x}/{y}.mvt",
)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize(
    ("z", "x", "y"),
    [("²", "0", "0"), ("1", "٣", "0"), ("3", "8", "0"), ("99", "0", "0"), ("1", "+1", "0")],
)
def test_bad_addresses_are_400_everywhere(campaign, endpoint, z, x, y):
    response = Client().get(endpoint.format(slug=campaign.slug, z=z, x=x, y=y))
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_tile"


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_good_address_is_answered(campaign, endpoint):
    response = Client().get(endpoint.format(slug=campaign.slug, z=3, x=4, y=2))
    assert response.status_code in (200, 204)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_writes_are_a_405_in_the_error_shape(campaign, endpoint):
    response = Client().post(endpoint.format(slug=campaign.slug, z=3, x=4, y=2))
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
    assert response.json()["code"] == "method_not_allowed"
