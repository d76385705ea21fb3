"""Support ("me too"): at most one per user or anonymous client, on published submissions only."""

import pytest
from rest_framework.test import APIClient

from geo_participation.submissions.models import Submission, Support
from tests.conftest import feature, submissions_url


def support_url(pk):
    return f"/api/submissions/{pk}/support/"


@pytest.fixture
def published(campaign, make_submission):
    return make_submission(campaign, status="approved")


def browser(campaign):
    """Return an anonymous client that has loaded the campaign once, and so has its cookie."""
    client = APIClient()
    client.get(submissions_url(campaign))
    return client


@pytest.fixture
def api(campaign):
    return browser(campaign)


def count_in_db(submission):
    submission.refresh_from_db()
    return submission.support_count


def test_first_support_is_created(published, api):
    response = api.post(support_url(published.pk))
    assert response.status_code == 201, response.json()
    assert response.json() == {"id": published.pk, "supported": True, "support_count": 1}
    assert count_in_db(published) == 1
    row = Support.objects.get()
    assert row.submission == published
    assert row.user is None
    assert row.client_id


def test_second_support_from_the_same_client_changes_nothing(published, api):
    assert api.post(support_url(published.pk)).status_code == 201
    response = api.post(support_url(published.pk))
    assert response.status_code == 200, response.json()
    assert response.json()["support_count"] == 1
    assert Support.objects.count() == 1
    assert count_in_db(published) == 1


def test_another_client_adds_its_own_support(published, api):
    assert api.post(support_url(published.pk)).status_code == 201
    response = browser(published.campaign).post(support_url(published.pk))
    assert response.status_code == 201, response.json()
    assert response.json()["support_count"] == 2
    assert Support.objects.filter(submission=published).count() == 2
    assert count_in_db(published) == 2


def test_one_support_per_user_whatever_the_client(published, make_user, make_api):
    user = make_user("citizen")
    assert make_api(user).post(support_url(published.pk)).status_code == 201
    response = make_api(user).post(support_url(published.pk))
    assert response.status_code == 200, response.json()
    assert response.json()["support_count"] == 1
    assert Support.objects.get().user == user


def test_withdrawing_support_lowers_the_count(published, api):
    assert api.post(support_url(published.pk)).status_code == 201
    assert browser(published.campaign).post(support_url(published.pk)).status_code == 201

    response = api.delete(support_url(published.pk))
    assert response.status_code == 200, response.json()
    assert response.json() == {"id": published.pk, "supported": False, "support_count": 1}
    assert Support.objects.count() == 1
    assert count_in_db(published) == 1

    # Withdrawing again changes nothing.
    assert api.delete(support_url(published.pk)).json()["support_count"] == 1
    assert count_in_db(published) == 1


def test_support_count_is_shown_in_the_listing(published, campaign, api):
    api.post(support_url(published.pk))
    feature_out = APIClient().get(submissions_url(campaign)).json()["features"][0]
    assert feature_out["properties"]["support_count"] == 1


@pytest.mark.parametrize("status", ["pending", "rejected"])
def test_unpublished_submissions_cannot_be_supported(campaign, make_submission, api, status):
    submission = make_submission(campaign, status=status)
    response = api.post(support_url(submission.pk))
    assert response.status_code == 404, response.json()
    assert not Support.objects.exists()
    assert count_in_db(submission) == 0


def test_author_cannot_support_own_pending_submission(campaign, api):
    created = api.post(submissions_url(campaign), feature(), format="json")
    assert created.status_code == 201
    response = api.post(support_url(created.json()["id"]))
    assert response.status_code == 404, response.json()
    assert not Support.objects.exists()


def test_unknown_submission_cannot_be_supported(campaign, api):
    assert api.post(support_url(999999)).status_code == 404
    assert api.delete(support_url(999999)).status_code == 404


def test_registered_only_campaign_refuses_anonymous_support(
    make_campaign, make_category, make_submission, make_user, make_api
):
    members = make_campaign("members", participation="registered")
    make_category(members, "spot", "point")
    published = make_submission(members, status="approved")

    response = make_api().post(support_url(published.pk))
    assert response.status_code == 403, response.json()
    assert response.json()["code"] == "login_required"
    assert not Support.objects.exists()
    assert count_in_db(published) == 0

    response = make_api(make_user("citizen")).post(support_url(published.pk))
    assert response.status_code == 201, response.json()
    assert Submission.objects.get(pk=published.pk).support_count == 1


def test_anonymous_support_without_the_cookie_is_refused_and_sets_it(published):
    client = APIClient()
    response = client.post(support_url(published.pk))
    assert response.status_code == 400
    assert response.json()["code"] == "client_cookie_required"
    assert not Support.objects.exists()
    # The refusal set the cookie, so the same client's next try counts.
    assert client.post(support_url(published.pk)).status_code == 201
    assert count_in_db(published) == 1


@pytest.mark.django_db
def test_a_post_of_a_draft_campaign_is_unknown_and_its_slug_unnamed(
    make_campaign, make_category, make_submission, make_user
):
    draft = make_campaign("geheimer-entwurf", draft=True, participation="registered")
    make_category(draft)
    post = make_submission(draft, status="approved")  # as only the database could hold it
    unknown = APIClient().get(support_url(post.pk + 1000))
    for method in ("get", "post", "delete"):
        response = getattr(APIClient(), method)(support_url(post.pk))
        assert response.status_code == 404, (method, response.content)
        assert response.json() == unknown.json()
        assert b"geheimer-entwurf" not in response.content, method
    follower = APIClient()
    follower.force_authenticate(make_user("anna"))
    assert follower.get(f"/api/submissions/{post.pk}/follow/").status_code == 404
    assert count_in_db(post) == 0
