"""The Impressum from the operator settings, the neutral text while they are unset, and the
deploy check that warns about each unset one."""

import pytest
from django.core.checks import run_checks
from django.test import Client

from tests.page_helpers import plain_static  # noqa: F401 - a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static")]

REQUIRED = ["GP_OPERATOR_NAME", "GP_OPERATOR_ADDRESS", "GP_CONTACT_EMAIL"]
OPTIONAL = ["GP_OPERATOR_REPRESENTATIVE", "GP_OPERATOR_PHONE", "GP_OPERATOR_REGISTER"]
NEUTRAL = "hat seine Kontaktangaben hier noch nicht vollständig eingetragen"


@pytest.fixture
def unset(settings):
    for name in [*REQUIRED, *OPTIONAL, "GP_OPERATOR_VAT_ID"]:
        setattr(settings, name, "")
    return settings


@pytest.fixture
def city(unset):
    unset.GP_OPERATOR_NAME = "Stadt Kaiserslautern"
    unset.GP_OPERATOR_ADDRESS = "Willy-Brandt-Platz 1\n67657 Kaiserslautern"
    unset.GP_CONTACT_EMAIL = "beteiligung@kaiserslautern.example"
    return unset


def page(path, language="de"):
    response = Client(headers={"accept-language": language}).get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_impressum_names_the_operator_after_section_5_ddg(city):
    city.GP_OPERATOR_REPRESENTATIVE = "Oberbürgermeisterin Erika Muster"
    city.GP_OPERATOR_PHONE = "+49 631 365-0"
    city.GP_OPERATOR_VAT_ID = "DE123456789"
    city.GP_OPERATOR_REGISTER = "Vereinsregister Amtsgericht Kaiserslautern, VR 1234"
    html = page("/impressum/")
    assert '<html lang="de">' in html and "<h1>Impressum</h1>" in html
    assert "<h2>Angaben gemäß § 5 DDG</h2>" in html
    assert "Stadt Kaiserslautern<br>" in html
    assert "Willy-Brandt-Platz 1<br>67657 Kaiserslautern" in html
    assert 'href="mailto:beteiligung@kaiserslautern.example"' in html
    assert "Telefon: +49 631 365-0" in html
    assert "Vertreten durch: Oberbürgermeisterin Erika Muster" in html
    assert "<h2>Registereintrag</h2>" in html and "VR 1234" in html
    assert "gemäß § 27a Umsatzsteuergesetz: DE123456789" in html
    assert NEUTRAL not in html


def test_impressum_leaves_out_what_does_not_apply(city):
    html = page("/impressum/")
    for absent in ("Vertreten durch", "Telefon", "Registereintrag", "Umsatzsteuer", NEUTRAL):
        assert absent not in html


def test_impressum_in_english(city):
    html = page("/impressum/", "en")
    assert "<h1>Legal notice</h1>" in html and "Information under section 5 DDG" in html


def test_every_page_links_the_impressum_in_its_footer(city):
    for path in ("/", "/datenschutz/", "/barrierefreiheit/", "/impressum/"):
        assert '<a href="/impressum/">Impressum</a>' in page(path)


def test_unset_operator_details_give_a_neutral_text_not_a_placeholder(unset):
    for path in ("/impressum/", "/datenschutz/", "/barrierefreiheit/"):
        html = page(path)
        assert NEUTRAL in html
        assert "GP_OPERATOR" not in html and "example.org" not in html
        assert "mailto:" not in html.split("<footer")[0].split("Schlichtungsstelle")[0]
    assert "Der Betreiber dieses Dienstes ist bemüht" in page("/barrierefreiheit/")


def test_a_partly_set_operator_shows_what_is_set_and_the_neutral_text(unset):
    unset.GP_CONTACT_EMAIL = "beteiligung@kaiserslautern.example"
    html = page("/datenschutz/")
    assert NEUTRAL in html
    assert 'href="mailto:beteiligung@kaiserslautern.example"' in html


def deploy_warnings():
    return run_checks(include_deployment_checks=True, tags=["operator"])


def test_check_deploy_warns_about_each_unset_operator_setting(unset):
    warnings = deploy_warnings()
    assert [w.id for w in warnings] == ["pages.W001", "pages.W002", "pages.W003"]
    for name, warning in zip(REQUIRED, warnings, strict=True):
        assert warning.msg.startswith(f"{name} is not set")
        assert name in warning.hint


def test_check_deploy_names_only_what_is_missing(city):
    city.GP_OPERATOR_ADDRESS = "  "
    assert [w.msg.split()[0] for w in deploy_warnings()] == ["GP_OPERATOR_ADDRESS"]


def test_check_deploy_is_silent_when_the_operator_is_set(city):
    assert deploy_warnings() == []
    # Optional details stay optional.
    assert all(not getattr(city, name) for name in OPTIONAL)


def test_plain_check_does_not_nag_during_development(unset):
    assert run_checks(include_deployment_checks=False, tags=["operator"]) == []
