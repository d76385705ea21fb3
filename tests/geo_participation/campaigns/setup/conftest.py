"""Fixtures of the setup pages' tests: a campaign manager's page client and GIS files."""

import pytest
from django.test import Client

from tests.page_helpers import plain_static  # noqa: F401 - a fixture

MANAGERS = "campaign_managers"


@pytest.fixture
def manager(make_user):
    return make_user("manager", MANAGERS)


@pytest.fixture
def manager_client(manager, plain_static):  # noqa: F811
    client = Client()
    client.force_login(manager)
    return client


def campaign_form(**changes) -> dict:
    """Return a valid campaign form's fields, with changes."""
    data = {
        "kind": "map",
        "title_de": "Radwege 2027",
        "title_en": "Cycle paths 2027",
        "description_de": "Wo fehlt ein Radweg?",
        "description_en": "Where is a cycle path missing?",
        "area_name_de": "Kaiserslautern",
        "area_name_en": "Kaiserslautern",
        "slug": "",
        "opens_at": "2027-03-01T08:00",
        "closes_at": "2027-06-30T18:00",
        "participation": "anonymous",
        "moderation": "pre",
    }
    data.update(changes)
    return data
