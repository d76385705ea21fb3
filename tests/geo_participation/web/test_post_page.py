"""The page of one post (/c/<slug>/posts/<id>/): what mails and lists link to."""

import pytest
from django.test import Client

from geo_participation.submissions.models import Submission
from tests.conftest import INSIDE, feature, submissions_url

pytestmark = pytest.mark.django_db


def _url(post):
    return f"/c/{post.campaign.slug}/posts/{post.pk}/"


def test_a_published_post_has_its_own_page_linked_from_the_list(client, campaign, make_submission):
    post = make_submission(campaign, comment="Laterne defekt <b>")
    answer = client.get(_url(post))
    assert answer.status_code == 200
    html = answer.content.decode()
    assert "Laterne defekt &lt;b&gt;" in html
    assert f'href="{_url(post)}"' in client.get(f"/c/{campaign.slug}/list/").content.decode()


def test_only_the_author_sees_their_pending_post(client, campaign, make_submission):
    client.get(f"/c/{campaign.slug}/")  # hands out the anonymous client cookie
    sent = client.post(submissions_url(campaign), feature(comment="meins"), "application/json")
    mine = Submission.objects.get(pk=sent.json()["id"])
    assert mine.status == "pending"
    assert "meins" in client.get(_url(mine)).content.decode()
    assert Client().get(_url(mine)).status_code == 404  # another browser


@pytest.mark.parametrize("status", ["rejected", "pending"])
def test_unpublished_posts_of_others_are_404(client, campaign, make_submission, status):
    assert client.get(_url(make_submission(campaign, status=status))).status_code == 404


def test_a_post_of_another_campaign_is_404(client, campaign, make_campaign, make_submission):
    post = make_submission(campaign)
    make_campaign("other")
    assert client.get(f"/c/other/posts/{post.pk}/").status_code == 404
    assert client.get(f"/c/{campaign.slug}/posts/999999999/").status_code == 404


def test_a_sensitive_post_is_shown_only_approximately(
    client, campaign, make_category, make_submission
):
    make_category(campaign, "fear", "point", sensitive=True)
    exact = (INSIDE[0] + 0.00123, INSIDE[1] + 0.00077)
    post = make_submission(campaign, category="fear", coordinates=exact)
    html = client.get(_url(post)).content.decode()
    assert f"{round(exact[1], 5)}" not in html and f"{round(exact[0], 5)}" not in html
    assert "ungefähr" in html
