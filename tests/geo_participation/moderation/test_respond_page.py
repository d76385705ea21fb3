"""The staff page of a post's status and answer, and the list page's status filter (no browser)."""

import pytest
from django.test import Client

from tests.page_helpers import plain_static  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static")]


def page_url(post):
    return f"/moderation/submissions/{post.pk}/"


def client_of(user=None):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


def test_anonymous_visitors_are_sent_to_log_in_and_residents_refused(
    campaign, make_submission, make_user
):
    post = make_submission(campaign)
    response = client_of().get(page_url(post))
    assert response.status_code == 302 and "login" in response["Location"]
    assert client_of(make_user("resident")).get(page_url(post)).status_code == 403


def test_saving_redirects_and_shows_the_change_in_the_history(campaign, make_submission, make_user):
    post = make_submission(campaign)
    client = client_of(make_user("planner", "planners"))
    body = {"public_status": "done", "answer": "Erledigt."}
    response = client.post(page_url(post), body)
    assert response.status_code == 302
    assert response["Location"] == f"{page_url(post)}#gp-messages"
    shown = client.get(page_url(post)).content.decode()
    assert "Status and answer of post" in shown
    assert "status “Umgesetzt”" in shown and "Erledigt." in shown


def test_a_refusal_is_shown_next_to_its_field(campaign, make_submission, make_user):
    post = make_submission(campaign)
    client = client_of(make_user("planner", "planners"))
    response = client.post(page_url(post), {"public_status": "someday", "answer": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_public_status-error"' in html
    assert html.index("id_public_status-error") < html.index('name="public_status"')
    post.refresh_from_db()
    assert post.public_status == "received"


def test_planners_do_not_see_unpublished_posts_and_moderators_get_no_form(
    campaign, make_submission, make_user
):
    post = make_submission(campaign, status="pending")
    assert client_of(make_user("planner", "planners")).get(page_url(post)).status_code == 404
    response = client_of(make_user("mod", "moderators")).get(page_url(post))
    assert response.status_code == 200
    assert b'name="public_status"' not in response.content
    assert b"not published" in response.content


def test_the_list_page_links_staff_to_the_page_and_refuses_an_unknown_status(
    campaign, make_submission, make_user
):
    post = make_submission(campaign)
    staff = client_of(make_user("planner", "planners")).get("/c/fear/list/")
    assert page_url(post).encode() in staff.content
    assert page_url(post).encode() not in client_of().get("/c/fear/list/").content
    refused = client_of().get("/c/fear/list/", {"public_status": "later"})
    assert refused.status_code == 400
    assert b"gp-status-filter-error" in refused.content and b"later" in refused.content


def test_the_post_page_shows_status_and_answer_and_links_staff(
    campaign, make_submission, make_user
):
    post = make_submission(campaign, public_status="planned", answer="Kommt 2027.")
    public = client_of().get(f"/c/fear/posts/{post.pk}/").content.decode()
    assert "Kommt 2027." in public and 'class="gp-status-badge">Geplant<' in public
    assert page_url(post) not in public
    staff = client_of(make_user("mod", "moderators")).get(f"/c/fear/posts/{post.pk}/")
    assert page_url(post) in staff.content.decode()


def test_the_list_keeps_its_status_filter_across_pages(campaign, make_submission):
    for _ in range(21):
        make_submission(campaign, public_status="planned")
    make_submission(campaign)
    first = client_of().get("/c/fear/list/", {"public_status": "planned"}).content.decode()
    assert "?page=2&amp;public_status=planned" in first
    second = client_of().get("/c/fear/list/", {"public_status": "planned", "page": "2"})
    assert second.content.decode().count('class="gp-status-badge">Geplant<') == 1
