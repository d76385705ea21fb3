"""Every page works under its Content-Security-Policy in chromium: no violation, no script error."""

import pytest
from django.contrib.auth.models import User

from tests import web_browser
from tests.conftest import INSIDE
from tests.page_helpers import log_in_as
from tests.web_browser import assert_clean, needs_chromium, open_page, wait_for_map

browser = web_browser.browser  # fixture

pytestmark = [pytest.mark.django_db(transaction=True), needs_chromium]

# Recorded in the page itself: violations in the document (blocked scripts, styles, requests).
LISTEN = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => window.cspViolations.push(
    `${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""
MAP = "canvas.maplibregl-canvas"
OPENLAYERS = ".ol-viewport canvas"


def csp_page(browser, live_server):
    """Return a page that records CSP violations besides what open_page records."""
    page = open_page(browser, live_server)
    page.add_init_script(LISTEN)
    page.csp_console = []
    page.failed = []
    page.on("response", lambda r: r.status >= 400 and page.failed.append(r.url))
    page.on(
        "console",
        lambda m: "Content Security Policy" in m.text and page.csp_console.append(m.text),
    )
    return page


def assert_no_violation(page, url, ready):
    page.goto(url)
    try:
        wait_for_map(page) if ready == "map" else page.wait_for_selector(ready)
        page.wait_for_load_state("networkidle")
    except Exception as error:
        # A page that never gets ready: name what the policy blocked, if anything.
        raise AssertionError((url, page.evaluate("window.cspViolations"))) from error
    assert page.evaluate("window.cspViolations") == [], url
    assert page.csp_console == [], url
    # Browsers ask for /favicon.ico on pages that name none (the admin's); nothing else fails.
    assert [u for u in page.failed if not u.endswith("/favicon.ico")] == [], url
    page.script_errors = [e for e in page.script_errors if not e.startswith("Failed to load")]
    assert_clean(page)


@pytest.fixture
def staff(db):
    user = User.objects.create_user("admin", password="x-test-password-1")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def test_citizen_docs_ogc_and_legal_pages(browser, live_server, campaign, make_submission):
    make_submission(campaign, coordinates=INSIDE)
    slug, base = campaign.slug, live_server.url
    for path, ready in [
        ("/", "main"),
        (f"/c/{slug}/", "map"),
        (f"/c/{slug}/add/", "#gp-add-form"),
        (f"/c/{slug}/list/", "main"),
        ("/accounts/login/", "form"),
        ("/accounts/signup/", "form"),
        ("/datenschutz/", "main"),
        ("/api/docs/", ".swagger-ui .info .title"),
        ("/ogc/?f=html", "h1"),
        ("/ogc/collections?f=html", "h1"),
        (f"/heatmaps/{slug}/kde/", OPENLAYERS),
        ("/admin/login/", "form"),
    ]:
        page = csp_page(browser, live_server)
        assert_no_violation(page, base + path, ready)
        page.close()


def test_moderation_and_admin_pages(browser, live_server, campaign, staff, make_submission):
    make_submission(campaign, coordinates=INSIDE, status="pending")
    page = csp_page(browser, live_server)
    log_in_as(page, live_server, staff)
    base = live_server.url
    assert_no_violation(page, f"{base}/moderation/", MAP)
    assert_no_violation(page, f"{base}/admin/", "#content")
    # The admin's map widget, started by a static script instead of Django's inline one.
    assert_no_violation(page, f"{base}/admin/campaigns/campaign/{campaign.pk}/change/", OPENLAYERS)
    assert page.evaluate("typeof window.geodjango_area") == "object"


def test_report_runs_its_inline_map_and_contacts_no_one(
    browser, live_server, campaign, make_user, make_submission
):
    make_submission(campaign, coordinates=INSIDE)
    page = csp_page(browser, live_server)
    log_in_as(page, live_server, make_user("planner", "planners"))
    assert_no_violation(page, f"{live_server.url}/reports/{campaign.slug}/", ".leaflet-container")
    assert page.locator("path.leaflet-interactive").count() >= 1


def test_a_blocked_inline_script_is_seen(browser, live_server, campaign):
    # The listener works: a script injected without the nonce is refused and recorded.
    page = csp_page(browser, live_server)
    page.goto(f"{live_server.url}/c/{campaign.slug}/list/")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.ran = 1'; document.body.append(s); }"
    )
    page.wait_for_function("() => window.cspViolations.length > 0")
    assert page.evaluate("window.ran") is None
    assert "script-src-elem inline" in page.evaluate("window.cspViolations")[0]
