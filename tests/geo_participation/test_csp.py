"""The Content-Security-Policy header: strict on every page, nonces for the few inline blocks."""

import base64
import hashlib
import re

import pytest
from django.conf import settings as django_settings
from django.test import Client

pytestmark = pytest.mark.django_db

OGC_BASE = django_settings.BASE_DIR / "layers" / "ogcapi" / "templates" / "ogcapi" / "base.html"


def policy(response) -> dict[str, list[str]]:
    """Return the response's CSP as {directive: [sources]}."""
    header = response["Content-Security-Policy"]
    parts = (p.split() for p in header.split(";") if p.strip())
    return {name: sources for name, *sources in parts}


@pytest.fixture
def client(settings):
    # Hashed names need collectstatic's manifest; these tests render pages without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def pages(campaign):
    """Return (url, client) for every kind of page: citizen, account, docs, OGC, admin."""
    slug = campaign.slug
    anonymous = [
        "/",
        f"/c/{slug}/",
        f"/c/{slug}/add/",
        f"/c/{slug}/list/",
        "/accounts/login/",
        "/accounts/signup/",
        "/datenschutz/",
        "/barrierefreiheit/",
        "/api/docs/",
        "/ogc/?f=html",
        "/ogc/collections?f=html",
        f"/heatmaps/{slug}/kde/",
        "/admin/login/",
        "/api/campaigns/",
    ]
    staff = ["/moderation/", "/admin/", f"/admin/campaigns/campaign/{campaign.pk}/change/"]
    return [(url, False) for url in anonymous] + [(url, True) for url in staff]


@pytest.fixture
def visit(client, make_user):
    admin = Client(HTTP_ACCEPT_LANGUAGE="en")
    user = make_user("mod", "moderators")
    user.is_staff = user.is_superuser = True
    user.save()
    admin.force_login(user)

    def get(url, signed_in):
        response = (admin if signed_in else client).get(url)
        assert response.status_code == 200, url
        return response

    return get


def test_every_page_has_a_strict_policy(visit, campaign):
    for url, signed_in in pages(campaign):
        response = visit(url, signed_in)
        csp = policy(response)
        assert csp["default-src"] == ["'self'"], url
        assert all(s == "'self'" or s.startswith("'nonce-") for s in csp["script-src"]), url
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
        assert "'unsafe-eval'" not in response["Content-Security-Policy"], url
        assert "http" not in response["Content-Security-Policy"], url  # no third-party host
        assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"], url
        assert csp["base-uri"] == ["'self'"] and csp["form-action"] == ["'self'"], url


def test_inline_blocks_carry_the_responses_own_nonce(client, campaign):
    nonces = []
    for url in (f"/c/{campaign.slug}/", "/api/docs/"):
        response = client.get(url)
        nonce = next(s for s in policy(response)["script-src"] if s.startswith("'nonce-"))[7:-1]
        html = response.content.decode()
        inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)([^>]*)>", html)
        assert inline, url
        assert all(f'nonce="{nonce}"' in attributes for attributes in inline), url
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_no_page_has_inline_event_handlers_or_unnonced_script(visit, campaign):
    for url, signed_in in pages(campaign):
        html = visit(url, signed_in).content.decode()
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), url
        assert "javascript:" not in html, url
        for attributes in re.findall(r"<script([^>]*)>", html):
            if "src=" in attributes or "application/json" in attributes:
                continue
            assert "nonce=" in attributes, (url, attributes)


def test_ogc_style_hash_matches_the_template():
    style = re.search(r"<style>(.*?)</style>", OGC_BASE.read_text(), re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert (
        f"'sha256-{digest}'" in django_settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src"]
    )


def test_basemap_host_is_allowed_only_when_configured(client, campaign, settings):
    settings.GP_BASEMAP_XYZ_URL = "https://tiles.example.net/{z}/{x}/{y}.png"
    for preset in ("self", "none"):
        settings.GP_BASEMAP = preset
        csp = policy(client.get(f"/c/{campaign.slug}/"))
        assert csp["connect-src"] == ["'self'"] and csp["img-src"] == ["'self'", "data:"]
    settings.GP_BASEMAP = "xyz"
    csp = policy(client.get(f"/c/{campaign.slug}/"))
    assert "https://tiles.example.net" in csp["connect-src"]
    assert "https://tiles.example.net" in csp["img-src"]
    assert "https://tiles.example.net" not in csp["script-src"]
    assert "https://tiles.example.net" not in csp.get("worker-src", [])


def test_basemapde_allows_the_bkg_host_only(client, campaign, settings):
    settings.GP_BASEMAP = "basemapde"
    csp = policy(client.get(f"/c/{campaign.slug}/"))
    assert csp["connect-src"] == ["'self'", "https://sgx.geodatenzentrum.de"]
    assert csp["img-src"] == ["'self'", "data:", "https://sgx.geodatenzentrum.de"]
    assert "https://sgx.geodatenzentrum.de" not in csp["script-src"]


def test_offline_report_allows_its_inline_code_but_no_network(settings, make_user, campaign):
    settings.GP_BASEMAP = "xyz"
    settings.GP_BASEMAP_XYZ_URL = "https://tiles.example.net/{z}/{x}/{y}.png"
    client = Client()
    client.force_login(make_user("planner", "planners"))
    response = client.get(f"/reports/{campaign.slug}/")
    assert response.status_code == 200
    csp = policy(response)
    assert csp["default-src"] == ["'none'"]
    assert csp["script-src"] == ["'unsafe-inline'"] and csp["style-src"] == ["'unsafe-inline'"]
    assert csp["img-src"] == ["data:"]
    assert "connect-src" not in csp and "'self'" not in response["Content-Security-Policy"]
    # Its errors are JSON under the site-wide policy.
    assert policy(client.get("/reports/nope/"))["default-src"] == ["'self'"]
