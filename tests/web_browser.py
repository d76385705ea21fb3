"""Shared set-up of the citizen-page browser tests: Debian's chromium with software WebGL."""

import os
import shutil
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
# MapLibre needs WebGL; headless chromium has it only through SwiftShader.
ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
]

# `make test` sets GP_REQUIRE_BROWSER=1: there a missing browser (or axe-core) fails the tests
# that need it instead of skipping them, so CI never passes without running them.
REQUIRE_BROWSER = os.environ.get("GP_REQUIRE_BROWSER") == "1"


def unless_present(path, reason):
    """Skip when path is missing, unless GP_REQUIRE_BROWSER=1: then the test runs and fails."""
    missing = not Path(path).exists()
    if missing and REQUIRE_BROWSER:
        return pytest.mark.usefixtures("browser_tools_required")
    return pytest.mark.skipif(missing, reason=reason)


def fail_missing_browser_tools():
    """The body of tests/conftest.py's browser_tools_required fixture."""
    missing = [str(p) for p in (CHROMIUM, AXE) if not Path(p).exists()]
    pytest.fail(f"GP_REQUIRE_BROWSER=1 but missing: {', '.join(missing)} (run make setup)")


needs_chromium = unless_present(CHROMIUM, reason="make test installs it")


def open_page(browser, live_server, *, width=1280, height=900, **options):
    """Return a page that records requests leaving our server, script errors and dialogs.

    options go to Playwright's new_page: is_mobile=True, has_touch=True for a phone.
    """
    options.setdefault("locale", "en-US")
    page = browser.new_page(viewport={"width": width, "height": height}, **options)
    page.foreign_requests = []
    page.script_errors = []
    page.dialogs = []
    # Anything not served by us is a privacy defect (CDN, tile server, font host).
    page.on(
        "request",
        lambda r: (
            r.url.startswith((live_server.url, "data:", "blob:"))
            or page.foreign_requests.append(r.url)
        ),
    )
    page.on("pageerror", lambda error: page.script_errors.append(str(error)))
    page.on("console", lambda m: m.type == "error" and page.script_errors.append(m.text))

    def dialog(d):
        page.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    return page


@pytest.fixture
def browser(live_server, monkeypatch, settings):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the test
    # itself are still plain synchronous calls, so Django's async guard does not apply.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # The live server serves static files from the finders, which know no hashed names.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()
        # ORM calls made while Playwright's loop runs get their own connection (asgiref keys
        # connections by context); close it, or the test database cannot be dropped.
        connections.close_all()


@pytest.fixture
def page(browser, live_server, request):
    page = open_page(browser, live_server)
    yield page
    save_screenshot_on_failure(page, request)


def save_screenshot_on_failure(page, request):
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)


def wait_for_map(page):
    """Wait until MapLibre has loaded the style, our tiles' TileJSON and drawn once."""
    page.wait_for_function(
        "() => window.gpMap && window.gpMap.loaded() && window.gpMap.isStyleLoaded()"
    )


def add_axe(page):
    """Load axe-core into the page through the DevTools protocol, which CSP does not govern.

    page.add_script_tag would insert an inline script, which the pages' CSP rightly refuses.
    """
    page.evaluate(AXE.read_text(encoding="utf-8"))
    assert page.evaluate("() => typeof axe.run") == "function"


def assert_clean(page):
    """Fail on requests to anyone but us, script errors and dialogs (alert from XSS)."""
    assert page.foreign_requests == []
    assert page.script_errors == []
    assert page.dialogs == []
