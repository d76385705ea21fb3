"""A moderator approves only the photo they saw: an author may attach one while the
submission waits, after the moderator loaded the queue."""

import pytest
from django.test import Client

from geo_participation.submissions.models import Status, Submission
from tests.page_helpers import plain_static  # noqa: F401 - a fixture
from tests.photo_helpers import attach, resident_post


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def author(make_api, campaign):
    return resident_post(make_api(), campaign)


def status(pk):
    return Submission.objects.get(pk=pk).status


def approve_api(client, pk, **body):
    return client.post(f"/api/moderation/submissions/{pk}/approve/", body, format="json")


def test_api_approve_needs_the_photo_confirmed(author, moderator_api):
    pk = author.submission_id
    photo = attach(author)
    queue = moderator_api.get("/api/moderation/queue/").json()["features"]
    assert queue[0]["properties"]["photo"]["id"] == photo

    response = approve_api(moderator_api, pk)
    assert response.status_code == 409
    assert response.json()["code"] == "photo_unconfirmed"
    assert f"photo={photo}" in response.json()["detail"]
    assert status(pk) == Status.PENDING

    response = approve_api(moderator_api, pk, photo=photo + 1)
    assert (response.status_code, response.json()["code"]) == (409, "photo_changed")
    assert status(pk) == Status.PENDING

    assert approve_api(moderator_api, pk, photo="x").status_code == 400
    assert approve_api(moderator_api, pk, photo=photo).status_code == 200
    assert status(pk) == Status.APPROVED


def test_api_approve_refuses_a_photo_added_after_the_queue_was_loaded(author, moderator_api):
    pk = author.submission_id
    queue = moderator_api.get("/api/moderation/queue/").json()["features"]
    assert queue[0]["properties"]["photo"] is None
    attach(author)  # meanwhile
    response = approve_api(moderator_api, pk, photo="none")
    assert response.status_code == 409
    assert response.json()["code"] == "photo_changed"
    assert status(pk) == Status.PENDING


def test_api_approve_without_photo_needs_no_field(author, moderator_api):
    assert approve_api(moderator_api, author.submission_id).status_code == 200
    assert status(author.submission_id) == Status.APPROVED


def test_page_approve_refuses_a_photo_the_moderator_never_saw(
    author,
    make_user,
    plain_static,  # noqa: F811
):
    pk = author.submission_id
    moderator = Client()
    moderator.force_login(make_user("mod", "moderators"))
    html = moderator.get("/moderation/").content.decode()
    assert '<input type="hidden" name="photo" value="none">' in html
    photo = attach(author)  # after the page was loaded

    response = moderator.post(
        f"/moderation/{pk}/", {"decision": "approve", "photo": "none"}, follow=True
    )
    assert status(pk) == Status.PENDING
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1 and f"#{pk}" in messages[0]
    assert response.context["messages"]._loaded_messages[0].level_tag == "error"
    assert f'<input type="hidden" name="photo" value="{photo}">' in response.content.decode()

    moderator.post(f"/moderation/{pk}/", {"decision": "approve", "photo": str(photo)})
    assert status(pk) == Status.APPROVED
