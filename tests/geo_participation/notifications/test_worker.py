"""Notification mails through a real worker (a subprocess) on the real test database.

Each test commits (transaction=True) so the worker, another process, sees the decisions and
their jobs; mails are read from the files Django's file backend writes (tests/worker_helpers).
"""

import re
from collections import Counter
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from geo_participation.moderation import services
from geo_participation.notifications.models import Notification
from geo_participation.notifications.services import mail_set
from tests.worker_helpers import closed_port, subject, text_of, wait_until

pytestmark = pytest.mark.django_db(transaction=True)

SITE = "https://beteiligung.example.org"


def _post(make_submission, campaign, author, language="de"):
    return make_submission(campaign, status="pending", author=author, language=language)


def _mails_to(worker, address):
    return [m for m in worker.mails() if m["To"] == address]


def _follow(user, post, language):
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.force_authenticate(user)
    assert client.post(f"/api/submissions/{post.pk}/follow/").status_code == 201


def _unsubscribe_path(mail) -> str:
    url = re.search(rf"{SITE}/benachrichtigungen/abbestellen/\S+/", text_of(mail)).group(0)
    return urlsplit(url).path


def test_author_and_follower_hear_back_and_the_follower_unsubscribes_with_one_click(
    worker, campaign, make_submission, make_resident, moderator, plain_static
):
    author, follower = make_resident("anna"), make_resident("ben")
    worker.start()
    post = _post(make_submission, campaign, author)
    services.submission_approve(submission_id=post.pk, moderator=moderator)
    wait_until(lambda: _mails_to(worker, "anna@example.org"), message="approval", worker=worker)
    [approval] = _mails_to(worker, "anna@example.org")
    assert subject(approval) == "[Beteiligung Kaiserslautern] Ihr Beitrag wurde veröffentlicht"
    assert f"{SITE}/c/fear/posts/{post.pk}/" in text_of(approval)
    assert "Guten Tag" in text_of(approval)

    _follow(follower, post, "en")
    _follow(author, post, "de")  # the author who also follows gets one mail per change
    services.submission_respond(
        submission_id=post.pk, actor=moderator, public_status="planned", answer="Kommt 2027."
    )
    wait_until(lambda: _mails_to(worker, "ben@example.org"), message="status", worker=worker)
    wait_until(lambda: len(_mails_to(worker, "anna@example.org")) == 2, worker=worker)
    # By subject: mails() reads the files anew (new objects) in no particular order.
    approval_subject = subject(approval)
    [to_author] = [
        m for m in _mails_to(worker, "anna@example.org") if subject(m) != approval_subject
    ]
    assert "Geplant" in subject(to_author)
    assert "Kommt 2027." in text_of(to_author)
    [to_follower] = _mails_to(worker, "ben@example.org")
    assert subject(to_follower).startswith("[Beteiligung Kaiserslautern] News about a post")
    assert "Kommt 2027." in text_of(to_follower)
    assert to_follower["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    page = Client().get(_unsubscribe_path(to_follower))
    assert page.status_code == 200
    assert "keine E-Mails mehr zu diesem Beitrag" in page.content.decode()
    services.submission_respond(submission_id=post.pk, actor=moderator, public_status="done")
    wait_until(lambda: len(_mails_to(worker, "anna@example.org")) == 3, worker=worker)
    assert len(_mails_to(worker, "ben@example.org")) == 1


def test_a_rejection_tells_the_author_the_reason_in_their_language(
    worker, campaign, make_submission, make_resident, moderator
):
    author = make_resident("emma")
    post = _post(make_submission, campaign, author, language="en")
    services.submission_reject(submission_id=post.pk, moderator=moderator, reason="Off topic.")
    worker.start()
    wait_until(lambda: worker.mails(), message="rejection", worker=worker)
    [mail] = worker.mails()
    assert subject(mail) == "[Beteiligung Kaiserslautern] Your post was not published"
    assert "Off topic." in text_of(mail)
    assert f"{SITE}/meine-beitraege/" in text_of(mail)
    assert "Hello," in text_of(mail)
    assert "text/html" in {part.get_content_type() for part in mail.iter_parts()}


def test_worker_down_then_up_delivers_every_notification_exactly_once(
    worker, campaign, make_submission, make_resident, moderator
):
    worker.start()
    worker.stop()
    residents = [make_resident(f"r{i}") for i in range(3)]
    posts = [_post(make_submission, campaign, r) for r in residents]
    for post in posts:
        services.submission_approve(submission_id=post.pk, moderator=moderator)
    services.submission_respond(submission_id=posts[0].pk, actor=moderator, answer="Danke!")
    services.submission_reject(submission_id=posts[1].pk, moderator=moderator, reason="Doppelt.")
    assert worker.mails() == []  # nothing is sent while the worker is down: the jobs wait
    worker.start()
    # Three approvals, an answer and a rejection: five mails, one per author and change.
    wait_until(lambda: len(worker.mails()) >= 5, message="5 mails", worker=worker)
    # Restart once more: nothing waits any more, so nothing is sent twice.
    worker.stop()
    worker.start()
    wait_until(lambda: _queue_empty(), message="an empty queue", worker=worker)
    sent = Counter((m["To"], subject(m)) for m in worker.mails())
    assert len(worker.mails()) == 5
    assert all(count == 1 for count in sent.values())
    assert Notification.objects.filter(sent_at__isnull=False).count() == 5


def _queue_empty() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM procrastinate_jobs WHERE status IN ('todo', 'doing')")
        return cursor.fetchone()[0] == 0


def test_a_failing_mail_server_is_retried_and_the_mail_sent_once_when_it_is_back(
    worker, campaign, make_submission, make_resident, moderator
):
    author = make_resident("ida")
    post = _post(make_submission, campaign, author)
    worker.start(email_url=f"smtp://127.0.0.1:{closed_port()}", GP_NOTIFY_MAX_ATTEMPTS="20")
    services.submission_approve(submission_id=post.pk, moderator=moderator)
    notification = Notification.objects.get(recipient=author)
    wait_until(
        lambda: Notification.objects.get(pk=notification.pk).failed_attempts >= 2,
        message="two failed attempts",
        worker=worker,
    )
    worker.stop()
    worker.start()
    wait_until(lambda: worker.mails(), message="the mail after the outage", worker=worker)
    wait_until(_queue_empty, worker=worker)
    notification.refresh_from_db()
    assert notification.sent_at is not None
    assert "ConnectionRefusedError" in notification.last_error
    assert len(worker.mails()) == 1


def test_a_notification_whose_attempts_ran_out_is_queued_again_by_the_periodic_task(
    worker, campaign, make_submission, make_resident, moderator
):
    author = make_resident("jan")
    post = _post(make_submission, campaign, author)
    worker.start(email_url=f"smtp://127.0.0.1:{closed_port()}", GP_NOTIFY_MAX_ATTEMPTS="2")
    services.submission_approve(submission_id=post.pk, moderator=moderator)
    wait_until(
        lambda: Notification.objects.get(recipient=author).failed_attempts == 2,
        message="the attempts to run out",
        worker=worker,
    )
    worker.stop()
    notification = Notification.objects.get(recipient=author)
    assert notification.sent_at is None  # unsent, and visible in the admin's "Unsent" list
    Notification.objects.update(created_at=timezone.now() - timedelta(minutes=5))
    worker.start(GP_NOTIFY_REQUEUE_CRON="* * * * * */2")
    wait_until(lambda: worker.mails(), message="the re-queued mail", worker=worker)
    wait_until(_queue_empty, worker=worker)
    assert len(worker.mails()) == 1


def test_a_rolled_back_decision_sends_nothing_and_mail_off_sends_nothing(
    worker, campaign, make_submission, make_resident, moderator
):
    undone, quiet, marker = make_resident("undone"), make_resident("quiet"), make_resident("mark")
    undone_post = _post(make_submission, campaign, undone)
    quiet_post = _post(make_submission, campaign, quiet)
    mail_set(user=quiet, enabled=False)
    worker.start()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.submission_approve(submission_id=undone_post.pk, moderator=moderator)
        raise RuntimeError("the request failed after the decision")
    services.submission_approve(submission_id=quiet_post.pk, moderator=moderator)
    services.submission_approve(
        submission_id=_post(make_submission, campaign, marker).pk, moderator=moderator
    )
    wait_until(lambda: worker.mails(), message="the marker's mail", worker=worker)
    wait_until(_queue_empty, worker=worker)
    assert [m["To"] for m in worker.mails()] == ["mark@example.org"]
    assert not Notification.objects.filter(recipient=undone).exists()
    assert Notification.objects.get(recipient=quiet).skipped == "mail_off"
