"""Every page's footer links the OGC API landing page and the API documentation, translated."""

import pytest
from django.test import Client

from tests.page_helpers import plain_static  # noqa: F401 - a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static")]

PAGES = ("/", "/impressum/", "/datenschutz/", "/barrierefreiheit/", "/auswertung/")


@pytest.fixture
def planner(make_user):
    client = Client()
    client.force_login(make_user("planner", "planners"))
    return client


def footer(client, path: str, language: str) -> str:
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, path
    return response.content.decode().split('<footer class="gp-footer">')[1].split("</footer>")[0]


def test_every_page_links_the_ogc_api_and_the_api_docs_in_german(planner):
    pages = [(planner, path) for path in PAGES] + [(Client(), "/accounts/login/")]
    for client, path in pages:
        html = footer(client, path, "de")
        assert '<a href="/ogc/">OGC API (GIS-Daten)</a>' in html, path
        assert '<a href="/api/docs/">API-Dokumentation</a>' in html, path


def test_the_links_are_english_for_english_readers(planner):
    html = footer(planner, "/", "en")
    assert '<a href="/ogc/">OGC API (GIS data)</a>' in html
    assert '<a href="/api/docs/">API documentation</a>' in html


def test_the_linked_pages_answer(planner):
    assert planner.get("/ogc/", HTTP_ACCEPT="text/html").status_code == 200
    assert planner.get("/api/docs/").status_code == 200
