"""Staff sign in on the site: one login page for usernames and e-mail addresses, landing by role."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.page_helpers import plain_static  # noqa: F401 - a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static")]

PASSWORD = "x-test-password-1"  # tests/conftest.py's make_user


def log_in(client, login, next_url=None):
    data = {"login": login, "password": PASSWORD}
    url = "/accounts/login/" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data)


def test_the_login_field_takes_a_username_so_it_is_no_email_input(client):
    page = client.get("/accounts/login/").content.decode()
    assert 'name="login"' in page
    field = page[page.index('name="login"') - 200 : page.index('name="login"') + 200]
    assert 'type="email"' not in field
    assert 'type="text"' in field


@pytest.mark.parametrize(
    ("groups", "landing"),
    [
        (["moderators"], "/moderation/"),
        (["planners"], "/auswertung/"),
        (["moderators", "planners"], "/moderation/"),
        ([], "/"),
    ],
)
def test_a_login_by_username_lands_on_the_tool_of_the_role(client, make_user, groups, landing):
    make_user("kim", *groups)
    response = log_in(client, "kim")
    assert response.status_code == 302
    assert response["Location"] == landing


def test_a_superuser_lands_on_moderation_first(client):
    User.objects.create_superuser("root", "root@example.org", PASSWORD)
    assert log_in(client, "root")["Location"] == "/moderation/"


def test_a_login_by_email_address_works_too(client, make_user):
    user = make_user("kim", "planners")
    user.email = "kim@example.org"
    user.save()
    assert log_in(client, "kim@example.org")["Location"] == "/auswertung/"


def test_a_safe_next_wins_an_unsafe_one_is_ignored(client, make_user):
    make_user("kim", "moderators")
    assert log_in(client, "kim", "/c/fear/list/")["Location"] == "/c/fear/list/"
    Client().logout()
    other = Client()
    assert log_in(other, "kim", "https://evil.example/")["Location"] == "/moderation/"


@pytest.mark.parametrize("path", ["/moderation/", "/auswertung/"])
def test_staff_pages_send_anonymous_visitors_to_the_site_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={path}"


def test_the_workspace_refuses_residents_and_moderators(client, make_user):
    client.force_login(make_user("kim", "moderators"))
    assert client.get("/auswertung/").status_code == 403
    client.force_login(make_user("res"))
    assert client.get("/auswertung/").status_code == 403


def test_the_workspace_links_the_map_posts_and_report_of_each_campaign(client, make_user, campaign):
    client.force_login(make_user("kim", "planners"))
    page = client.get("/auswertung/").content.decode()
    assert campaign.title in page
    for href in (
        f"/auswertung/{campaign.slug}/",  # the analysis map, with every export
        f"/c/{campaign.slug}/list/",  # the posts, each leading to its status and answer
        f"/reports/{campaign.slug}/",
    ):
        assert f'href="{href}"' in page


def test_the_header_links_each_role_to_its_tool(client, make_user):
    client.force_login(make_user("kim", "moderators"))
    page = client.get("/").content.decode()
    assert 'href="/moderation/"' in page and 'href="/auswertung/"' not in page
    client.force_login(make_user("pia", "planners"))
    page = client.get("/").content.decode()
    assert 'href="/auswertung/"' in page and 'href="/moderation/"' not in page
    client.force_login(make_user("res"))
    page = client.get("/").content.decode()
    assert 'href="/auswertung/"' not in page and 'href="/moderation/"' not in page


def test_the_header_login_link_keeps_the_page_except_on_the_home_page(client):
    assert 'href="/accounts/login/"' in client.get("/").content.decode()
    assert (
        'href="/accounts/login/?next=/datenschutz/"' in client.get("/datenschutz/").content.decode()
    )


def test_a_session_opens_reports_and_exports(client, make_user, campaign, make_submission):
    make_submission(campaign)
    client.force_login(make_user("kim", "planners"))
    report = client.get(f"/reports/{campaign.slug}/")
    assert report.status_code == 200
    assert report["Content-Type"].startswith("text/html")
    export = client.get(f"/exports/{campaign.slug}/submissions.csv")
    assert export.status_code == 200
    assert b"WKT" in b"".join(export.streaming_content)


def test_failed_logins_by_username_count_towards_the_limit(client, make_user, settings):
    settings.GP_LOGIN_FAILURES = "2/15m"
    make_user("kim", "moderators")
    for _ in range(2):
        assert (
            client.post("/accounts/login/", {"login": "kim", "password": "wrong"}).status_code
            == 200
        )
    locked = client.post("/accounts/login/", {"login": "kim", "password": PASSWORD})
    assert locked.status_code == 429


@pytest.mark.parametrize("path", ["/reports/fear/", "/exports/fear/submissions.csv"])
def test_a_person_opening_a_planner_url_is_sent_to_the_login(client, campaign, path):
    opened = client.get(path, headers={"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"})
    assert opened.status_code == 302
    assert opened["Location"] == f"/accounts/login/?next={path}"
    # Scripts and GIS clients keep the 401 with the Basic challenge.
    script = client.get(path, headers={"Accept": "*/*"})
    assert script.status_code == 401
    assert script["WWW-Authenticate"] == 'Basic realm="api"'
    fetched = client.get(path, headers={"Sec-Fetch-Mode": "cors", "Sec-Fetch-Dest": "empty"})
    assert fetched.status_code == 401
