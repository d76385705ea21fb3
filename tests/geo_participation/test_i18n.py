"""German by default, English on request: pages, our API messages and DRF's own."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.conftest import feature, submissions_url
from tests.page_helpers import plain_static  # noqa: F401 - a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static")]


def test_pages_are_german_without_a_preference():
    response = Client().get("/datenschutz/")
    assert response["Content-Language"] == "de"
    assert "Accept-Language" in response["Vary"]
    assert '<html lang="de">' in response.content.decode()


def test_english_by_accept_language():
    response = Client(headers={"accept-language": "en-GB,en;q=0.9"}).get("/datenschutz/")
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()


def test_set_language_keeps_the_choice_in_a_cookie():
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/barrierefreiheit/"})
    assert response.status_code == 302
    assert response["Location"] == "/barrierefreiheit/"
    assert client.cookies["django_language"].value == "en"
    html = client.get("/barrierefreiheit/").content.decode()
    assert "<h1>Accessibility statement</h1>" in html
    # The choice wins over the browser's preference.
    html = client.get("/barrierefreiheit/", headers={"accept-language": "de"}).content.decode()
    assert "<h1>Accessibility statement</h1>" in html


def test_unknown_language_falls_back_to_german():
    response = Client(headers={"accept-language": "fr"}).get("/datenschutz/")
    assert response["Content-Language"] == "de"


def test_our_api_messages_follow_the_language(campaign):
    body = feature(category="nope")
    german = APIClient().post(submissions_url(campaign), body, format="json")
    assert german.status_code == 400
    assert german.json()["code"] == "unknown_category"
    assert german.json()["detail"].startswith("Unbekannte Kategorie 'nope'")
    english = APIClient(headers={"accept-language": "en"}).post(
        submissions_url(campaign), body, format="json"
    )
    assert english.json()["code"] == "unknown_category"
    assert english.json()["detail"].startswith("Unknown category 'nope'")


def test_drf_messages_follow_the_language(db):
    german = APIClient().get("/api/moderation/queue/")
    assert german.status_code == 401
    assert german.json()["code"] == "not_authenticated"
    assert german.json()["detail"] == "Anmeldedaten fehlen."
    english = APIClient(headers={"accept-language": "en"}).get("/api/moderation/queue/")
    assert english.json()["detail"] == "Authentication credentials were not provided."


def test_permission_message_is_translated(make_api, make_user):
    response = make_api(make_user("citizen")).get("/api/moderation/queue/")
    assert response.status_code == 403
    assert response.json()["detail"] == "Das dürfen nur Moderatorinnen und Moderatoren."


def test_unknown_api_path_answers_in_the_language(db):
    assert (
        APIClient().get("/api/nothing-here/").json()["detail"] == "Diesen API-Pfad gibt es nicht."
    )


def test_tiles_do_not_vary_on_language(campaign):
    response = Client(headers={"accept-language": "en"}).get(f"/tiles/{campaign.slug}.json")
    assert response.status_code == 200
    assert "Accept-Language" not in response.get("Vary", "")
    assert "Content-Language" not in response


def test_answer_checks_speak_german_too(campaign):
    body = feature(answers={"time_of_day": "noon"})
    response = APIClient().post(submissions_url(campaign), body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_answers"
    assert response.json()["detail"] == (
        "Die Antwort auf 'time_of_day' muss eine dieser sein: morning, daytime, evening, night."
    )


def test_admin_moderation_actions_are_german(campaign, make_submission):
    from django.contrib.auth.models import User

    make_submission(campaign, status="pending")  # the admin offers actions only over rows

    User.objects.create_superuser("chefin", password="x-test-password-1")
    client = Client()
    client.login(username="chefin", password="x-test-password-1")
    html = client.get("/admin/submissions/submission/").content.decode()
    assert "Ausgewählte Beiträge freigeben" in html
    assert "Grund (zum Ablehnen nötig)" in html


@pytest.mark.parametrize(
    "path",
    [
        "/tiles/{slug}.json",
        "/ogc/collections",
        "/heatmaps/{slug}/grid.geojson",
        "/heatmaps/{slug}/kde/legend.json",
    ],
)
def test_delivery_does_not_vary_on_language(campaign, path):
    response = Client(headers={"accept-language": "en"}).get(path.format(slug=campaign.slug))
    assert response.status_code == 200
    assert "Accept-Language" not in response.get("Vary", "")
    assert "Content-Language" not in response
