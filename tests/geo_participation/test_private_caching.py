"""Cache-Control: private on every answer made for someone: shared caches never keep one."""

import base64

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory

from geo_participation.clients import COOKIE
from geo_participation.personal import private_if_personal
from tests.conftest import feature, submissions_url

pytestmark = pytest.mark.django_db

PASSWORD = "x-test-password-1"


def directives(response) -> set[str]:
    return {d.strip() for d in response.get("Cache-Control", "").split(",") if d.strip()}


def anonymous():
    return Client(raise_request_exception=False)


def signed_in(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def basic(user):
    token = base64.b64encode(f"{user.username}:{PASSWORD}".encode()).decode()
    return Client(HTTP_AUTHORIZATION=f"Basic {token}", raise_request_exception=False)


@pytest.fixture
def citizen(make_user):
    return make_user("citizen")


@pytest.fixture
def moderator(make_user):
    return make_user("mod", "moderators")


@pytest.fixture
def published(campaign, make_submission):
    return make_submission(campaign)


def test_submission_list_with_own_pending_posts_is_private(campaign, citizen, published):
    author = anonymous()
    created = author.post(submissions_url(campaign), feature(comment="mine"), "application/json")
    assert created.status_code == 201 and COOKIE in author.cookies
    response = author.get(submissions_url(campaign))
    assert "mine" in response.content.decode()  # the author's own pending post
    assert "private" in directives(response)
    for client in (signed_in(citizen), basic(citizen)):
        response = client.get(submissions_url(campaign))
        assert response.status_code == 200
        assert "private" in directives(response)


def test_an_answer_that_hands_out_an_identity_is_private(campaign, published):
    # The first visit gets a new client cookie: a shared cache must not give it to others.
    response = anonymous().get(submissions_url(campaign))
    assert COOKIE in response.cookies
    assert "private" in directives(response)


OGC_FEATURES = ["/ogc/collections/fear/items", "/ogc/collections/fear/items/{id}"]


@pytest.mark.parametrize("path", OGC_FEATURES)
def test_ogc_features_are_private_for_a_signed_in_viewer(path, published, moderator):
    url = path.format(id=published.pk)
    public = anonymous().get(url)
    assert public.status_code == 200
    assert "private" not in directives(public) and not public.cookies
    for client in (signed_in(moderator), basic(moderator)):
        response = client.get(url)
        assert response.status_code == 200
        assert "private" in directives(response)


def test_web_pages_showing_own_posts_are_private(campaign, citizen, published):
    for url in (f"/c/{campaign.slug}/list/", f"/c/{campaign.slug}/"):
        assert "private" in directives(signed_in(citizen).get(url)), url


def test_moderation_queue_is_private(moderator, campaign, make_submission):
    make_submission(campaign, status="pending")
    for client in (signed_in(moderator), basic(moderator)):
        response = client.get("/api/moderation/queue/")
        assert response.status_code == 200
        assert "private" in directives(response)


def test_answers_declared_public_stay_public_for_signed_in_viewers():
    # A view that says `public` (a published photo, a public tile) is believed.
    request = RequestFactory().get("/", HTTP_AUTHORIZATION="Basic eDp5")
    public = HttpResponse(headers={"Cache-Control": "public, max-age=60"})
    assert directives(private_if_personal(request, public)) == {"public", "max-age=60"}
    undeclared = private_if_personal(request, HttpResponse())
    assert directives(undeclared) == {"private"}
    # A cookie makes any answer private, whatever the view said.
    public.set_cookie("x", "1")
    assert "public" not in directives(private_if_personal(RequestFactory().get("/"), public))


def test_anonymous_answers_without_cookies_are_left_alone():
    response = anonymous().get("/ogc/collections")
    assert response.status_code == 200
    assert "private" not in directives(response)
