"""Ratings are moderated like posts; the moderation pages name the section they rate."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from geo_participation.references.services import rating_put
from tests.page_helpers import plain_static  # noqa: F401 - a fixture

from .conftest import rating

pytestmark = pytest.mark.usefixtures("plain_static")


@pytest.fixture
def moderator(make_user):
    client = Client()
    client.force_login(make_user("mod", "moderators"))
    return client


def test_the_queue_and_the_response_page_name_the_rated_section(moderator, east):
    stored, _ = rating_put(
        reference=east, feature=rating(2, comment="Zu eng"), user=AnonymousUser(), client_id="c"
    )
    queue = moderator.get("/moderation/").content.decode()
    assert "Bewertung von" in queue
    assert "Pirmasenser Straße, Abschnitt 2" in queue
    page = moderator.get(f"/moderation/submissions/{stored.pk}/").content.decode()
    assert "Pirmasenser Straße, Abschnitt 2" in page
    english = moderator.get("/moderation/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Rating of" in english and "Pirmasenser Straße, section 2" in english


def test_the_moderation_queue_api_gives_the_reference(east, moderator_api):
    rating_put(reference=east, feature=rating(2), user=AnonymousUser(), client_id="c")
    body = moderator_api.get("/api/moderation/queue/").json()
    assert [f["properties"]["reference"] for f in body["features"]] == [east.pk]
