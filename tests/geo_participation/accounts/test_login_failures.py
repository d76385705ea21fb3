"""Failed logins are limited per address and per username, alike on every way in.

The login form, the admin's login, HTTP Basic and API tokens share the counters (in the shared
cache), and a request over the limit is answered before any password is hashed: a guesser
costs us a cache look-up, not 0.2-0.5 s of a worker's CPU.
"""

import base64

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import MD5PasswordHasher
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client
from rest_framework.authtoken.models import Token

from tests.page_helpers import plain_static  # noqa: F401 - a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static")]

EMAIL = "anna@example.org"
PASSWORD = "Stadtpark-Bank-17"
QUEUE = "/api/moderation/queue/"
# Documentation addresses (RFC 5737): only strings in REMOTE_ADDR, nothing is sent to them.
HOME, ELSEWHERE = "192.0.2.10", "198.51.100.20"


class CountingHasher(MD5PasswordHasher):
    """A real (fast) password hasher that counts how often a password is hashed."""

    algorithm = "counting_md5"
    calls = 0

    def encode(self, password, salt):
        """Count the hash, then compute it."""
        CountingHasher.calls += 1
        return super().encode(password, salt)


@pytest.fixture(autouse=True)
def limits(settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    settings.GP_LOGIN_FAILURES = "3/15m"


@pytest.fixture
def anna():
    """A confirmed moderator who logs in by e-mail address (form) or by it and Basic."""
    user = User.objects.create_user("anna", email=EMAIL, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    user.groups.add(Group.objects.get_or_create(name="moderators")[0])
    CountingHasher.calls = 0
    return user


def basic(login=EMAIL, password=PASSWORD, address=HOME):
    """GET the moderation queue with HTTP Basic credentials from an address."""
    token = base64.b64encode(f"{login}:{password}".encode()).decode()
    headers = {"Authorization": f"Basic {token}"}
    return Client().get(QUEUE, headers=headers, REMOTE_ADDR=address)


def form(login=EMAIL, password=PASSWORD, address=HOME):
    """POST the citizens' login form from an address."""
    data = {"login": login, "password": password}
    return Client().post("/accounts/login/", data, REMOTE_ADDR=address)


def with_token(key, address=HOME):
    """GET the moderation queue with an API token from an address."""
    return Client().get(QUEUE, headers={"Authorization": f"Token {key}"}, REMOTE_ADDR=address)


def assert_locked(response):
    assert response.status_code == 429, response.content[:300]
    body = response.json()
    assert body["code"] == "too_many_login_failures"
    assert body["detail"]
    assert 0 < int(response["Retry-After"]) <= 15 * 60


def test_basic_over_the_limit_is_429_even_with_the_right_password_and_hashes_nothing(anna):
    for _ in range(3):
        assert basic(password="wrong").status_code == 401
    calls = CountingHasher.calls
    assert calls >= 3  # the hasher counts: each wrong password was hashed
    assert_locked(basic())
    assert_locked(basic(password="wrong"))
    assert CountingHasher.calls == calls


def test_basic_under_the_limit_still_logs_in(anna):
    for _ in range(2):
        basic(password="wrong")
    assert basic().status_code == 200


def test_failures_on_the_form_lock_basic(anna):
    for _ in range(3):
        response = form(password="wrong")
        assert response.status_code == 200
        assert 'class="errorlist' in response.content.decode()
    calls = CountingHasher.calls
    assert_locked(basic())
    assert CountingHasher.calls == calls


def test_failures_on_basic_lock_the_form(anna):
    for _ in range(3):
        basic(password="wrong")
    calls = CountingHasher.calls
    response = form()
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "_auth_user_id" not in response.client.session
    assert "Too many failed logins" in response.content.decode()
    assert CountingHasher.calls == calls


def test_failures_from_one_address_do_not_lock_the_account_elsewhere(anna):
    # Anyone may know a username ("moderator"): their failures lock them, not its owner.
    for _ in range(3):
        basic(password="wrong", address="192.0.2.1")
    assert_locked(basic(address="192.0.2.1"))
    assert basic(address=ELSEWHERE).status_code == 200


def test_a_username_is_locked_everywhere_at_ten_times_the_limit(anna):
    # Guessing one password from many addresses stays bounded: 3 x 10 failures in all.
    for n in range(30):
        basic(password="wrong", address=f"198.51.100.{n + 1}")
    assert_locked(basic(address=ELSEWHERE))
    assert_locked(basic(login="ANNA@example.org", address="203.0.113.9"))


def test_an_address_is_locked_whatever_the_username(anna):
    for name in ("bert", "carla", "dora"):
        basic(login=name, password="wrong")
    assert_locked(basic())
    # Someone else elsewhere is not affected.
    assert basic(address=ELSEWHERE).status_code == 200


def test_a_success_elsewhere_resets_no_counter(anna, make_user):
    make_user("mine")  # the guesser's own account, password x-test-password-1
    for name in ("bert", "carla"):
        basic(login=name, password="wrong")
    assert basic(login="mine", password="x-test-password-1", address=ELSEWHERE).status_code == 403
    assert basic(login="mine", password="x-test-password-1").status_code == 403
    basic(login="dora", password="wrong")
    assert_locked(basic(login="mine", password="x-test-password-1"))


def test_token_failures_count_per_address(anna):
    key = Token.objects.create(user=anna).key
    for _ in range(3):
        assert with_token("0" * 40).status_code == 401
    assert_locked(with_token(key))
    assert with_token(key, address=ELSEWHERE).status_code == 200


def test_the_address_is_the_one_the_throttles_see(anna, settings):
    # Behind one proxy the client is the last X-Forwarded-For entry, as for DRF's throttles.
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxied = {"HTTP_X_FORWARDED_FOR": "203.0.113.7", "REMOTE_ADDR": "127.0.0.1"}
    for name in ("bert", "carla", "dora"):
        token = base64.b64encode(f"{name}:wrong".encode()).decode()
        Client().get(QUEUE, headers={"Authorization": f"Basic {token}"}, **proxied)
    right = {"Authorization": "Basic " + base64.b64encode(f"{EMAIL}:{PASSWORD}".encode()).decode()}
    assert_locked(Client().get(QUEUE, headers=right, **proxied))
    other = {**proxied, "HTTP_X_FORWARDED_FOR": "203.0.113.8"}
    assert Client().get(QUEUE, headers=right, **other).status_code == 200


def test_the_admin_login_shares_the_limit(anna):
    anna.is_staff = True
    anna.save()
    for _ in range(3):
        data = {"username": "anna", "password": "wrong"}
        Client().post("/admin/login/", data, REMOTE_ADDR=HOME)
    calls = CountingHasher.calls
    right = {"username": "anna", "password": PASSWORD}
    response = Client().post("/admin/login/", right, REMOTE_ADDR=HOME)
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "_auth_user_id" not in response.client.session
    assert_locked(basic(login="anna", address=HOME))
    assert CountingHasher.calls == calls


def test_a_locked_tile_request_is_429_too(anna, campaign):
    for _ in range(3):
        basic(password="wrong")
    token = base64.b64encode(f"{EMAIL}:{PASSWORD}".encode()).decode()
    response = Client().get(
        f"/tiles/{campaign.slug}/15/17034/11140.mvt",
        headers={"Authorization": f"Basic {token}"},
        REMOTE_ADDR=HOME,
    )
    assert_locked(response)


@pytest.mark.parametrize("rate", ["10", "10/15", "0/m", "ten/15m", "10/15w"])
def test_a_malformed_limit_stops_the_start(settings, rate):
    settings.GP_LOGIN_FAILURES = rate
    with pytest.raises(SystemCheckError, match="GP_LOGIN_FAILURES"):
        call_command("check", tags=["security"])


@pytest.mark.parametrize(
    "path", ["/ogc/collections/{slug}/items", "/tiles/{slug}/15/17091/11191.mvt"]
)
def test_delivery_answers_a_locked_login_429_before_hashing(anna, campaign, path):
    for _ in range(3):
        basic(password="wrong")
    calls = CountingHasher.calls
    token = base64.b64encode(f"{EMAIL}:{PASSWORD}".encode()).decode()
    response = Client().get(
        path.format(slug=campaign.slug),
        headers={"Authorization": f"Basic {token}"},
        REMOTE_ADDR=HOME,
    )
    assert response.status_code == 429, response.content[:300]
    assert int(response["Retry-After"]) > 0
    assert CountingHasher.calls == calls
