"""Sign-up and login by e-mail address, usable only after the address is confirmed."""

import base64
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from rest_framework.test import APIClient

from tests.conftest import feature, submissions_url
from tests.page_helpers import plain_static  # noqa: F401 - a fixture

pytestmark = pytest.mark.usefixtures("plain_static")

EMAIL = "anna@example.org"
PASSWORD = "Stadtpark-Bank-17"


def sign_up(client, email=EMAIL, password=PASSWORD):
    return client.post(
        "/accounts/signup/", {"email": email, "password1": password, "password2": password}
    )


def log_in(client, email=EMAIL, password=PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def confirmation_link(message) -> str:
    match = re.search(r"https?://testserver(/accounts/confirm-email/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_tests_send_mail_to_memory_not_the_console():
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"


@pytest.mark.django_db
def test_signup_mails_a_link_and_login_waits_for_it(client):
    response = sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert not logged_in(client)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [EMAIL]
    link = confirmation_link(mail.outbox[0])

    # Before confirming: no login, only the reminder to follow the link.
    refused = log_in(client)
    assert refused.status_code == 302
    assert refused["Location"] == "/accounts/confirm-email/"
    assert not logged_in(client)

    page = client.get(link)
    assert page.status_code == 200
    assert EMAIL in page.content.decode()
    assert client.post(link).status_code == 302

    response = log_in(client)
    assert response.status_code == 302
    assert logged_in(client)
    user = get_user_model().objects.get(email=EMAIL)
    assert int(client.session["_auth_user_id"]) == user.pk


@pytest.mark.django_db
def test_a_wrong_password_is_refused_with_a_message(client):
    sign_up(client)
    client.post(confirmation_link(mail.outbox[0]))
    response = log_in(client, password="falsch-falsch-1")
    assert response.status_code == 200
    assert not logged_in(client)
    assert 'class="errorlist' in response.content.decode()


@pytest.mark.django_db
def test_signup_pages_use_the_site_layout_with_labelled_fields(client):
    html = client.get("/accounts/signup/").content.decode()
    assert '<main id="main"' in html
    for field in ("id_email", "id_password1", "id_password2"):
        assert f'<label for="{field}"' in html
    login = client.get("/accounts/login/").content.decode()
    assert '<label for="id_login"' in login and '<label for="id_password"' in login
    # One reset link, below the form: not between the two fields in the tab order.
    assert login.count('href="/accounts/password/reset/"') == 1
    assert login.index('href="/accounts/password/reset/"') > login.index("</form>")


@pytest.mark.django_db
def test_basic_auth_waits_for_confirmation_too(client, campaign):
    sign_up(client)
    api = APIClient()
    token = base64.b64encode(f"{EMAIL}:{PASSWORD}".encode()).decode()
    api.credentials(HTTP_AUTHORIZATION=f"Basic {token}")
    refused = api.post(submissions_url(campaign), feature(), format="json")
    assert refused.status_code == 401

    client.post(confirmation_link(mail.outbox[0]))
    accepted = api.post(submissions_url(campaign), feature(), format="json")
    assert accepted.status_code == 201


@pytest.mark.django_db
def test_accounts_without_address_records_keep_basic_auth(make_user, campaign):
    # Demo and admin-made accounts have no allauth address record; their API access stays.
    make_user("moderator", "moderators")
    api = APIClient()
    api.credentials(
        HTTP_AUTHORIZATION="Basic " + base64.b64encode(b"moderator:x-test-password-1").decode()
    )
    assert api.get("/api/moderation/queue/").status_code == 200


@pytest.mark.django_db
def test_anonymous_input_still_needs_no_account(make_api, campaign):
    assert make_api().post(submissions_url(campaign), feature(), format="json").status_code == 201


@pytest.mark.django_db
def test_registered_only_campaign_takes_a_confirmed_account(client, make_campaign, make_category):
    closed_shop = make_campaign("nur-registriert", participation="registered")
    make_category(closed_shop, "spot", "point")
    anonymous = APIClient()
    body = feature(answers={})
    assert anonymous.post(submissions_url(closed_shop), body, format="json").status_code == 403

    sign_up(client)
    client.post(confirmation_link(mail.outbox[0]))
    log_in(client)
    response = client.post(submissions_url(closed_shop), body, content_type="application/json")
    assert response.status_code == 201


@pytest.mark.django_db
def test_openapi_still_names_basic_auth():
    import yaml

    schema = yaml.safe_load(APIClient().get("/api/schema/").content)
    assert schema["components"]["securitySchemes"]["basicAuth"] == {
        "type": "http",
        "scheme": "basic",
    }
    upload = schema["paths"]["/api/submissions/{id}/photo/"]["post"]
    assert {"basicAuth": []} in upload["security"]
    assert "multipart/form-data" in upload["requestBody"]["content"]
