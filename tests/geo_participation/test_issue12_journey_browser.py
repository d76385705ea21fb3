"""The loop closed, on a phone, as the people involved go through it (issue 12's "done when").

A resident's post waits; the moderator signs in through the site with a username and approves
it from the queue; the planner signs in, opens the post from its public page and gives it the
status "Geplant" with an answer. The worker, a real `manage.py procrastinate worker` process on
the test database, mails the author (approval, then status with the answer) and a follower;
the resident signs in with her e-mail address and reads both on "Meine Beiträge". Every page
on the way is checked with axe and for horizontal overflow at 375 px.
"""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, User

from geo_participation.notifications.models import Follow
from tests.page_helpers import (  # noqa: F401 - fixtures
    axe_violations,
    german_phone_page,
    horizontal_overflow,
    needs_browser,
    plain_static,
)
from tests.worker_helpers import MailWorker, subject, text_of, wait_until

pytestmark = [*needs_browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Fruchthalle-Kaiserslautern-12"
SITE = "https://beteiligung.example.org"


@pytest.fixture
def page(german_phone_page):  # noqa: F811 - the imported fixture, under a short name
    return german_phone_page


@pytest.fixture
def worker(tmp_path):
    mail_worker = MailWorker(tmp_path / "outbox")
    mail_worker.start()
    yield mail_worker
    mail_worker.stop()


def _person(name, *groups, email=""):
    user = User.objects.create_user(name, email=email, password=PASSWORD)
    for group in groups:
        user.groups.add(Group.objects.get(name=group))
    if email:
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _clean(page):
    assert axe_violations(page) == [], page.url
    assert horizontal_overflow(page) == 0, page.url


def _sign_in(page, live_server, login):
    page.context.clear_cookies()
    page.goto(live_server.url)
    with page.expect_navigation():
        page.locator("header").get_by_role("link", name="Anmelden").click()
    _clean(page)
    page.fill("#id_login", login)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Anmelden").click()


def _mails_to(worker, address):
    return [m for m in worker.mails() if m["To"] == address]


def test_a_post_is_approved_answered_and_its_author_and_follower_hear_back(
    page, live_server, worker, campaign, make_submission
):
    anna = _person("anna", email="anna@example.org")
    ben = _person("ben", email="ben@example.org")
    _person("moderator", "moderators")
    _person("planner", "planners")
    post = make_submission(
        campaign, status="pending", author=anna, language="de", comment="Dunkle Unterführung"
    )

    # The moderator: username sign-in, the queue from the header, approve.
    _sign_in(page, live_server, "moderator")
    assert page.url == f"{live_server.url}/moderation/"
    with page.expect_navigation():
        page.locator("header").get_by_role("link", name="Moderation").click()
    _clean(page)
    with page.expect_navigation():
        page.locator(f"#submission-{post.pk}").get_by_role(
            "button", name=f"#{post.pk} freigeben"
        ).click()
    post.refresh_from_db()
    assert post.status == "approved"
    Follow.objects.create(user=ben, submission=post, language="de")

    # The planner: username sign-in lands on "Auswertung"; the post's public page leads to the
    # staff page, where the status and the answer are set.
    _sign_in(page, live_server, "planner")
    assert page.locator("header").get_by_role("link", name="Auswertung").count() == 1
    page.goto(f"{live_server.url}/c/{campaign.slug}/posts/{post.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Status und Antwort bearbeiten").click()
    _clean(page)
    page.get_by_label("Öffentlicher Status").select_option(label="Geplant")
    page.get_by_label("Öffentliche Antwort").fill("Die Beleuchtung wird im Mai erneuert.")
    with page.expect_navigation():
        page.get_by_role("button", name="Status und Antwort speichern").click()
    post.refresh_from_db()
    assert (post.public_status, post.answer) == ("planned", "Die Beleuchtung wird im Mai erneuert.")

    # The worker mails the author twice and the follower once, each exactly once.
    wait_until(lambda: len(_mails_to(worker, "anna@example.org")) == 2, worker=worker)
    wait_until(lambda: len(_mails_to(worker, "ben@example.org")) == 1, worker=worker)
    approval, status = sorted(_mails_to(worker, "anna@example.org"), key=subject)
    assert "veröffentlicht" in subject(approval)
    assert f"{SITE}/c/{campaign.slug}/posts/{post.pk}/" in text_of(approval)
    assert "Geplant" in subject(status)
    assert "Die Beleuchtung wird im Mai erneuert." in text_of(status)
    [followed] = _mails_to(worker, "ben@example.org")
    assert "Die Beleuchtung wird im Mai erneuert." in text_of(followed)

    # The resident signs in with her address and reads it all on "Meine Beiträge".
    _sign_in(page, live_server, "anna@example.org")
    with page.expect_navigation():
        page.locator("header").get_by_role("link", name="Meine Beiträge").click()
    _clean(page)
    card = page.locator("main")
    assert "Geplant" in card.inner_text()
    assert "Die Beleuchtung wird im Mai erneuert." in card.inner_text()
    assert page.foreign_requests == []
