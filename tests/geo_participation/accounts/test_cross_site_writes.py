"""A page of another site cannot write with a browser's cached Basic credentials or a token.

The attack that published pending posts: an auto-submitting form on any site POSTed to approve,
and the browser added the moderator's cached Basic credentials. Writes authenticated by a
header must be JSON (no form can send it) and come from no foreign origin; scripts and curl,
which send no Origin, go on working; sessions keep Django's CSRF check.
"""

import base64

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from rest_framework.authtoken.models import Token

from geo_participation.submissions.models import Submission

pytestmark = pytest.mark.django_db

PASSWORD = "x-test-password-1"
EVIL = "https://evil.example"
FORM = "application/x-www-form-urlencoded"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def moderator():
    user = User.objects.create_user("mod", password=PASSWORD)
    user.groups.add(Group.objects.get_or_create(name="moderators")[0])
    return user


@pytest.fixture
def pending(campaign, make_submission):
    return make_submission(campaign, status="pending")


def approve(pending, *, way="basic", user=None, content_type=FORM, body="{}", **headers):
    """POST approve as a browser or a script would, with Basic or token credentials."""
    if way == "basic":
        secret = base64.b64encode(f"mod:{PASSWORD}".encode()).decode()
        headers["Authorization"] = f"Basic {secret}"
    else:
        headers["Authorization"] = f"Token {Token.objects.get_or_create(user=user)[0].key}"
    url = f"/api/moderation/submissions/{pending.pk}/approve/"
    # Set apart: Django's test client leaves out the Content-Type of an empty body, browsers
    # send it (a form without fields posts "" as application/x-www-form-urlencoded).
    return Client().post(
        url, body, content_type=content_type, headers=headers, CONTENT_TYPE=content_type
    )


def status_of(submission) -> str:
    return Submission.objects.values_list("status", flat=True).get(pk=submission.pk)


@pytest.mark.parametrize("body", ["", "publish=1"], ids=["no-fields", "a-field"])
def test_an_auto_submitted_form_from_another_site_cannot_approve(pending, moderator, body):
    response = approve(pending, body=body, Origin=EVIL)
    assert response.status_code == 403
    assert response.json()["code"] == "cross_origin"
    assert response.json()["detail"]
    assert status_of(pending) == "pending"


@pytest.mark.parametrize("content_type", [FORM, "multipart/form-data; boundary=x", "text/plain"])
@pytest.mark.parametrize("body", ["", "publish=1"], ids=["no-fields", "a-field"])
def test_a_form_body_without_origin_is_415(pending, moderator, content_type, body):
    # Older browsers send no Origin with a form: the body's type still gives the form away.
    response = approve(pending, content_type=content_type, body=body)
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    assert status_of(pending) == "pending"


@pytest.mark.parametrize(
    "headers",
    [{"Origin": EVIL}, {"Sec-Fetch-Site": "cross-site"}, {"Origin": "null"}],
    ids=["origin", "fetch-metadata", "opaque-origin"],
)
@pytest.mark.parametrize("way", ["basic", "token"])
def test_json_from_another_site_is_refused(pending, moderator, way, headers):
    response = approve(pending, way=way, user=moderator, content_type="application/json", **headers)
    assert response.status_code == 403
    assert response.json()["code"] == "cross_origin"
    assert status_of(pending) == "pending"


@pytest.mark.parametrize("way", ["basic", "token"])
def test_a_credentialed_empty_form_post_is_415(pending, moderator, way):
    response = approve(pending, way=way, user=moderator, body="")
    assert response.status_code == 415
    assert status_of(pending) == "pending"


@pytest.mark.parametrize(
    "headers",
    [{}, {"Origin": "http://testserver"}, {"Sec-Fetch-Site": "same-origin"}],
    ids=["script", "same-origin", "same-origin-fetch"],
)
@pytest.mark.parametrize("way", ["basic", "token"])
def test_json_from_scripts_and_this_site_still_approves(pending, moderator, way, headers):
    response = approve(pending, way=way, user=moderator, content_type="application/json", **headers)
    assert response.status_code == 200, response.content[:300]
    assert status_of(pending) == "approved"


def test_reads_with_basic_credentials_need_no_json(pending, moderator):
    secret = base64.b64encode(f"mod:{PASSWORD}".encode()).decode()
    response = Client().get(
        "/api/moderation/queue/", headers={"Authorization": f"Basic {secret}", "Origin": EVIL}
    )
    assert response.status_code == 200


def test_session_writes_keep_the_csrf_check(pending, moderator):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(moderator)
    url = f"/api/moderation/submissions/{pending.pk}/approve/"
    response = browser.post(url, "{}", content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert status_of(pending) == "pending"
