"""The `photo` a moderator confirms is a photo id in ASCII digits that fits a bigint, or "none";
anything else is a 400 invalid_photo (API) or an error message (page), never a 500."""

import pytest
from django.test import Client

from geo_participation.submissions.models import Status
from tests.page_helpers import plain_static  # noqa: F401 - a fixture

pytestmark = pytest.mark.usefixtures("plain_static")

NOT_IDS = [
    "²",  # a unicode digit: str.isdigit() is True, int() refuses it
    "١٢",  # Arabic-Indic digits: int() would take them, the API does not
    "9" * 4300,  # past Python's int() limit
    "9" * 40,
    str(2**63),  # one past bigint
    "0",
    "-1",
    "1.0",
    " ",
]


@pytest.fixture
def pending(campaign, make_submission):
    return make_submission(campaign, status="pending")


@pytest.mark.parametrize("photo", NOT_IDS + [True, 2**63, -3, 1.5, [1], {"id": 1}])
def test_api_approve_refuses_a_photo_that_is_no_id(moderator_api, pending, photo):
    response = moderator_api.post(
        f"/api/moderation/submissions/{pending.pk}/approve/", {"photo": photo}, format="json"
    )
    assert response.status_code == 400, response.content[:200]
    assert response.json()["code"] == "invalid_photo"
    assert "photo" in response.json()["detail"]
    pending.refresh_from_db()
    assert pending.status == Status.PENDING


@pytest.mark.parametrize("photo", NOT_IDS)
def test_page_approve_says_a_photo_that_is_no_id_is_wrong(make_user, pending, photo):
    moderator = Client()
    moderator.force_login(make_user("mod", "moderators"))
    response = moderator.post(
        f"/moderation/{pending.pk}/", {"decision": "approve", "photo": photo}, follow=True
    )
    assert response.status_code == 200
    messages = response.context["messages"]._loaded_messages
    assert [m.level_tag for m in messages] == ["error"]
    assert "photo" in str(messages[0])
    pending.refresh_from_db()
    assert pending.status == Status.PENDING


def test_a_plain_id_and_none_still_work(moderator_api, pending):
    url = f"/api/moderation/submissions/{pending.pk}/approve/"
    # No photo: "none" is right; an id that is no photo of it is a conflict, not a bad value.
    assert moderator_api.post(url, {"photo": " 12 "}, format="json").status_code == 409
    assert moderator_api.post(url, {"photo": str(2**63 - 1)}, format="json").status_code == 409
    assert moderator_api.post(url, {"photo": "None"}, format="json").status_code == 200
