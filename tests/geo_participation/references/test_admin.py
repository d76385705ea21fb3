"""The admin lists layers and sections, and keeps a layer whose sections have ratings."""

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.test import Client

from geo_participation.references.models import ReferenceLayer
from geo_participation.references.services import rating_put
from tests.page_helpers import plain_static  # noqa: F401 - a fixture

from .conftest import rating

pytestmark = pytest.mark.usefixtures("plain_static")


@pytest.fixture
def admin_client(db):
    client = Client()
    client.force_login(User.objects.create_superuser("root", password="x-test-password-1"))
    return client


def test_layers_and_sections_open_in_the_admin(admin_client, west):
    assert admin_client.get("/admin/references/referencelayer/").status_code == 200
    assert (
        admin_client.get(f"/admin/references/referencelayer/{west.layer_id}/change/").status_code
        == 200
    )
    assert (
        admin_client.get(f"/admin/references/referencefeature/{west.pk}/change/").status_code == 200
    )


def test_a_layer_with_ratings_is_not_deleted_from_the_admin(admin_client, west):
    rating_put(reference=west, feature=rating(3), user=AnonymousUser(), client_id="c")
    response = admin_client.post(
        "/admin/references/referencelayer/",
        {"action": "delete_selected", "_selected_action": [west.layer_id], "post": "yes"},
        follow=True,
    )
    assert response.status_code == 200
    assert ReferenceLayer.objects.filter(pk=west.layer_id).exists()
