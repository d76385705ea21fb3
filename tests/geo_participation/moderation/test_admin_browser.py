"""Moderation in the Django admin, driven in a real browser (Debian's chromium via Playwright)."""

import shutil

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.gis.geos import Point
from django.db import connections

from geo_participation.moderation import services
from geo_participation.submissions.models import Status, Submission
from tests.web_browser import ARTIFACTS, unless_present

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

PASSWORD = "admin-browser-test-1"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    unless_present(CHROMIUM, reason="make test installs chromium"),
]


@pytest.fixture
def page(live_server, request, monkeypatch, settings):
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
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-component-update"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.foreign_requests = []
        # Anything not served by us is a privacy defect (CDN, tile server, font host).
        page.on(
            "request",
            lambda r: (
                r.url.startswith((live_server.url, "data:", "blob:"))
                or page.foreign_requests.append(r.url)
            ),
        )
        yield page
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
        browser.close()
        # ORM calls made while Playwright's loop runs get their own connection (asgiref keys
        # connections by context); close it, or the test database cannot be dropped.
        connections.close_all()


@pytest.fixture
def moderator(db):
    user = User.objects.create_user("mod", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="moderators"))
    return user


def log_in(page, live_server, path):
    page.goto(f"{live_server.url}/admin/login/?next={path}")
    page.fill("#id_username", "mod")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_load_state("networkidle")


def make_pending(campaign, lon=7.77, lat=49.44):
    return Submission.objects.create(
        campaign=campaign,
        category=campaign.categories.get(key="spot"),
        geom=Point(lon, lat, srid=4326),
        comment="Dunkle Unterführung",
        answers={"time_of_day": "night"},
    )


def test_change_page_draws_the_map_from_our_own_assets(page, live_server, campaign, moderator):
    submission = make_pending(campaign)
    log_in(page, live_server, f"/admin/submissions/submission/{submission.pk}/change/")
    page.wait_for_selector("#id_geom_map .ol-viewport canvas", timeout=10_000)
    assert page.locator("text=Dunkle Unterführung").count() == 1
    assert page.foreign_requests == []


def test_moderator_approves_and_rejects_with_a_reason(page, live_server, campaign, moderator):
    keep, drop = make_pending(campaign), make_pending(campaign, 7.78, 49.45)
    log_in(page, live_server, "/admin/submissions/submission/?status__exact=pending")

    page.check(f"input[name=_selected_action][value='{keep.pk}']")
    page.select_option("select[name=action]", "approve")
    page.click("button[name=index]")
    page.wait_for_load_state("networkidle")

    page.check(f"input[name=_selected_action][value='{drop.pk}']")
    page.select_option("select[name=action]", "reject")
    page.fill("input[name=reason]", "Doppelt gemeldet")
    page.click("button[name=index]")
    page.wait_for_load_state("networkidle")

    keep.refresh_from_db()
    drop.refresh_from_db()
    assert (keep.status, keep.moderated_by) == (Status.APPROVED, moderator)
    assert (drop.status, drop.moderation_reason) == (Status.REJECTED, "Doppelt gemeldet")
    assert page.foreign_requests == []


def test_reject_without_reason_changes_nothing(page, live_server, campaign, moderator):
    pending = make_pending(campaign)
    log_in(page, live_server, "/admin/submissions/submission/")
    page.check(f"input[name=_selected_action][value='{pending.pk}']")
    page.select_option("select[name=action]", "reject")
    page.click("button[name=index]")
    page.wait_for_load_state("networkidle")
    assert page.locator("text=Give a reason to reject.").count() == 1
    pending.refresh_from_db()
    assert pending.status == Status.PENDING


def test_the_change_page_shows_the_posts_history(page, live_server, campaign, moderator):
    post = make_pending(campaign)
    services.submission_approve(submission_id=post.pk, moderator=moderator)
    services.submission_respond(
        submission_id=post.pk, actor=moderator, public_status="planned", answer="Kommt im Mai."
    )
    log_in(page, live_server, f"/admin/submissions/submission/{post.pk}/change/")
    rows = page.locator("#changes-group tbody tr.has_original").all_inner_texts()
    assert len(rows) == 2
    assert "mod" in rows[0] and "planned" in rows[1] and "Kommt im Mai." in rows[1]
    assert page.locator("text=Kommt im Mai.").count() >= 2  # the post's answer and its history
