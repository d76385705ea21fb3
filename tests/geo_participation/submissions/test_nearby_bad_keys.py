"""a NUL byte in the nearby category parameter is a 400, not a 500."""

import pytest
from rest_framework.test import APIClient

from tests.conftest import INSIDE

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("key", ["\x00", "spot\x00"])
def test_nul_in_category_is_an_unknown_category(campaign, key):
    """Expected: 400 unknown_category in the error shape (PostgreSQL refuses NUL in text)."""
    client = APIClient(raise_request_exception=False)
    response = client.get(
        f"/api/campaigns/{campaign.slug}/submissions/nearby/",
        {"category": key, "lon": INSIDE[0], "lat": INSIDE[1]},
    )
    assert response.status_code == 400, response.status_code
    assert response.json()["code"] == "unknown_category"
