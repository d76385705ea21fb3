"""Shared fixtures for tests that render HTML pages (accounts, moderation, legal pages)."""

import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client

from tests.web_browser import add_axe, unless_present


@pytest.fixture
def plain_static(settings):
    """Serve /static/ names unhashed: the manifest exists only after collectstatic."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


# --- Browser tests of the moderation and legal pages (Debian's chromium through Playwright) ---

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 375, "height": 812}
# MapLibre needs WebGL, which headless chromium has only through SwiftShader.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
]

needs_browser = [
    pytest.mark.django_db(transaction=True),
    unless_present(CHROMIUM, reason="make test installs chromium"),
    unless_present(AXE, reason="scripts/setup.sh assets installs axe-core"),
]


@contextmanager
def chromium_page(live_server, request, monkeypatch, **context_options):
    """Yield a chromium page whose browser prefers German; records requests to anyone but us."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls stay
    # plain synchronous calls, so Django's async guard does not apply.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    context_options.setdefault("viewport", {"width": 1280, "height": 900})
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="de-DE", **context_options)
        page = context.new_page()
        page.foreign_requests = []
        page.script_errors = []
        page.on(
            "request",
            lambda r: (
                r.url.startswith((live_server.url, "data:", "blob:"))
                or page.foreign_requests.append(r.url)
            ),
        )
        page.on("pageerror", lambda error: page.script_errors.append(str(error)))
        yield page
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
        browser.close()
        # ORM calls made while Playwright's loop runs get their own connection; close it, or
        # the test database cannot be dropped.
        connections.close_all()


@pytest.fixture
def german_page(live_server, request, monkeypatch, plain_static):
    """A chromium page whose browser prefers German; records requests to anyone but us."""
    with chromium_page(live_server, request, monkeypatch) as page:
        yield page


@pytest.fixture
def german_phone_page(live_server, request, monkeypatch, plain_static):
    """german_page on a phone: 375 x 812 CSS pixels, touch, mobile viewport handling."""
    phone = {"viewport": PHONE, "is_mobile": True, "has_touch": True, "accept_downloads": True}
    with chromium_page(live_server, request, monkeypatch, **phone) as page:
        yield page


def horizontal_overflow(page) -> int:
    """Return how many CSS pixels the document is wider than the viewport (0: none)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def log_in_as(page, live_server, user):
    """Give the browser a session of the user (the login form has its own tests)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def axe_violations(page):
    """Return axe-core's WCAG 2.1 A/AA violations on the page, as (rule, targets) pairs."""
    add_axe(page)
    violations = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => [v.id, v.nodes.map(n => n.target.join(' '))])",
        WCAG_AA,
    )
    return [tuple(v) for v in violations]


def tab_to(page, accessible_name, *, limit=300):
    """Press Tab until the focused element's text, label or value is the given name."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        name = page.evaluate(
            """() => {
                const el = document.activeElement;
                if (!el) return "";
                const label = el.labels && el.labels.length ? el.labels[0].textContent : "";
                return (el.getAttribute("aria-label") || label || el.textContent || "").trim();
            }"""
        )
        if name == accessible_name:
            return
    raise AssertionError(f"Tab never reached {accessible_name!r}")
