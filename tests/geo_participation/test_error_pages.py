"""403, 404 and 500: styled pages in the visitor's language on page paths, the API's JSON error
shape on /api/ paths; the 500 page renders without the database."""

import pytest
from django.test import Client, RequestFactory
from django.utils import translation

from geo_participation.errors import api_permission_denied, api_server_error
from tests.page_helpers import plain_static  # noqa: F401 - a fixture

FAILING = pytest.mark.urls("tests.geo_participation.failing_urls")


@pytest.fixture
def visitor(plain_static):  # noqa: F811 - the imported fixture
    # Server errors come back as responses, as a visitor sees them.
    return Client(raise_request_exception=False)


def styled_page(response, status, heading):
    """Return the HTML of a German error page of the site, after checking its status and h1."""
    assert response.status_code == status
    html = response.content.decode()
    assert '<html lang="de">' in html and f"<h1>{heading}</h1>" in html
    assert '<meta name="robots" content="noindex">' in html
    return html


@pytest.mark.django_db
def test_unknown_page_is_a_styled_german_404(visitor):
    html = styled_page(visitor.get("/gibt-es-nicht/"), 404, "Seite nicht gefunden")
    assert "Vielleicht ist der Link veraltet" in html
    assert 'href="/">Zu allen Beteiligungen</a>' in html
    assert 'href="/datenschutz/"' in html  # the site's footer: it is one of our pages


@pytest.mark.django_db
def test_unknown_page_in_english_when_chosen(visitor):
    html = visitor.get("/gibt-es-nicht/", headers={"accept-language": "en"}).content.decode()
    assert '<html lang="en">' in html and "<h1>Page not found</h1>" in html


@pytest.mark.django_db
def test_unknown_api_path_keeps_the_json_error(visitor):
    response = visitor.get("/api/gibt-es-nicht/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Diesen API-Pfad gibt es nicht.", "code": "not_found"}


@pytest.mark.django_db
def test_a_page_refused_to_an_account_is_a_styled_german_403(visitor, make_user):
    visitor.force_login(make_user("anna"))
    html = styled_page(visitor.get("/moderation/"), 403, "Zugriff verweigert")
    assert "Diese Seite ist für Ihr Konto nicht freigegeben." in html
    assert "Nur Moderatorinnen und Moderatoren" in html  # the reason the view gave


def test_a_refusal_on_an_api_path_is_json():
    with translation.override("en"):
        response = api_permission_denied(RequestFactory().get("/api/moderation/x/"))
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert response.content == b'{"detail": "Access denied.", "code": "permission_denied"}'


@FAILING
@pytest.mark.django_db
def test_a_bug_on_a_page_is_a_styled_german_500(visitor):
    html = styled_page(visitor.get("/kaputt/"), 500, "Bei uns ist etwas schiefgegangen")
    assert "versuchen Sie es in einigen Minuten" in html
    assert "a bug" not in html  # never the exception


@FAILING
@pytest.mark.django_db
def test_a_bug_on_a_page_in_english_when_chosen(visitor):
    response = visitor.get("/kaputt/", headers={"accept-language": "en"})
    assert "<h1>Something went wrong on our side</h1>" in response.content.decode()


@FAILING
@pytest.mark.django_db
def test_a_bug_on_an_api_path_is_json(visitor):
    response = visitor.get("/api/kaputt/", headers={"accept-language": "en"})
    assert response.status_code == 500
    assert response.json() == {"detail": "Server error.", "code": "server_error"}


def test_the_500_page_renders_without_the_database(plain_static):  # noqa: F811
    # No django_db mark: any query here fails the test.
    with translation.override("de"):
        response = api_server_error(RequestFactory().get("/c/fear/"))
    assert response.status_code == 500
    assert "Bei uns ist etwas schiefgegangen" in response.content.decode()
