"""Following posts (API), the outbox rows a decision writes, the unsubscribe and settings pages."""

import pytest
from django.core import mail
from django.test import Client
from rest_framework.test import APIClient

from geo_participation.accounts.services import account_delete
from geo_participation.moderation import services as moderation
from geo_participation.notifications import delivery, links, selectors
from geo_participation.notifications.models import Follow, MailPreference, Mute, Notification
from geo_participation.notifications.services import mail_set
from geo_participation.submissions.models import Submission
from tests.conftest import feature, submissions_url

pytestmark = pytest.mark.django_db


def _api(user=None, language="de"):
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_authenticate(user)
    return client


def test_follow_needs_an_account_and_a_published_post(campaign, make_submission, make_resident):
    post, pending = make_submission(campaign), make_submission(campaign, status="pending")
    url = f"/api/submissions/{post.pk}/follow/"
    anonymous = _api().post(url)
    assert anonymous.status_code in (401, 403)
    assert anonymous.json()["code"] in ("not_authenticated", "authentication_failed")
    resident = make_resident("ria")
    missing = _api(resident).post(f"/api/submissions/{pending.pk}/follow/")
    assert (missing.status_code, missing.json()["code"]) == (404, "not_found")


def test_follow_and_unfollow_keep_the_language_of_the_request(
    campaign, make_submission, make_resident
):
    post, resident = make_submission(campaign), make_resident("ria")
    url = f"/api/submissions/{post.pk}/follow/"
    client = _api(resident, language="en")
    assert client.get(url).json() == {"id": post.pk, "following": False}
    assert client.post(url).status_code == 201
    assert client.post(url).status_code == 200
    assert Follow.objects.get(user=resident, submission=post).language == "en"
    assert client.get(url).json()["following"] is True
    assert client.delete(url).json() == {"id": post.pk, "following": False}
    assert not Follow.objects.exists()


def test_intake_keeps_the_language_the_author_used(campaign, make_resident):
    client = _api(make_resident("ria"), language="en")
    response = client.post(submissions_url(campaign), feature(), format="json")
    assert response.status_code == 201, response.json()
    assert Submission.objects.get().language == "en"


def test_a_status_change_owes_one_mail_to_the_author_and_each_other_follower(
    campaign, make_submission, make_resident, make_user
):
    planner = make_user("planner", "planners")
    author, fan = make_resident("author"), make_resident("fan")
    post = make_submission(campaign, author=author, language="en")
    Follow.objects.create(user=author, submission=post, language="de")
    Follow.objects.create(user=fan, submission=post, language="de")
    moderation.submission_respond(submission_id=post.pk, actor=planner, public_status="planned")
    rows = {(n.recipient.username, n.role, n.language) for n in Notification.objects.all()}
    assert rows == {("author", "author", "en"), ("fan", "follower", "de")}


def test_followers_hear_nothing_of_approval_or_rejection(
    campaign, make_submission, make_resident, moderator
):
    author, fan = make_resident("author"), make_resident("fan")
    post = make_submission(campaign, author=author)
    Follow.objects.create(user=fan, submission=post)
    moderation.submission_reject(submission_id=post.pk, moderator=moderator, reason="Doppelt.")
    assert [n.recipient for n in Notification.objects.all()] == [author]


def test_the_mail_carries_one_click_unsubscribe_headers_and_the_site_name(
    settings, campaign, make_submission, make_resident, moderator
):
    settings.GP_SITE_NAME = "Beteiligung KL"
    settings.GP_SITE_URL = "https://beteiligung.example.org"
    author = make_resident("author")
    post = make_submission(campaign, status="pending", author=author, language="de")
    moderation.submission_approve(submission_id=post.pk, moderator=moderator)
    notification = Notification.objects.get()
    # The worker's function, called here only to read the message it builds.
    assert delivery.deliver(notification_id=notification.pk) == "sent"
    assert delivery.deliver(notification_id=notification.pk) == "done"
    [message] = mail.outbox
    assert message.subject == "[Beteiligung KL] Ihr Beitrag wurde veröffentlicht"
    one_click = links.one_click_url(user_id=author.pk, submission_id=post.pk)
    assert message.extra_headers["List-Unsubscribe"] == f"<{one_click}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "127.0.0.1" not in message.subject + message.body


def test_the_unsubscribe_link_mutes_at_once_and_offers_undo_and_all_off(
    campaign, make_submission, make_resident, plain_static
):
    author = make_resident("author")
    post = make_submission(campaign, author=author)
    token = links.unsubscribe_token(user_id=author.pk, submission_id=post.pk)
    url = f"/benachrichtigungen/abbestellen/{token}/"
    client = Client()
    page = client.get(url)
    assert page.status_code == 200
    assert Mute.objects.filter(user=author, submission=post).exists()
    assert "Rückgängig machen" in page.content.decode()
    client.post(url, {"action": "post_on"})
    assert not Mute.objects.exists()
    client.post(url, {"action": "all_off"})
    assert not selectors.mail_enabled(author)
    bad = client.post(url, {"action": "delete_everything"})
    assert bad.status_code == 400


def test_a_forged_or_stale_token_is_refused_in_plain_words(
    campaign, make_submission, make_resident, plain_static
):
    post = make_submission(campaign)
    page = Client().get("/benachrichtigungen/abbestellen/forged:token/")
    assert page.status_code == 404
    assert "nicht gültig" in page.content.decode()
    token = links.unsubscribe_token(user_id=999999, submission_id=post.pk)
    assert Client().get(f"/benachrichtigungen/abbestellen/{token}/").status_code == 404


def test_one_click_post_needs_no_csrf_token_and_get_does_nothing(
    campaign, make_submission, make_resident
):
    fan = make_resident("fan")
    post = make_submission(campaign)
    Follow.objects.create(user=fan, submission=post)
    path = links.one_click_url(user_id=fan.pk, submission_id=post.pk).split("example.org", 1)[-1]
    path = path[path.index("/benachrichtigungen/") :]
    client = Client(enforce_csrf_checks=True)
    assert client.get(path).status_code == 405
    assert Follow.objects.exists()
    response = client.post(path, "List-Unsubscribe=One-Click", content_type="text/plain")
    assert response.status_code == 200
    assert not Follow.objects.exists()


def test_the_settings_page_turns_all_mail_off_and_lists_followed_posts(
    campaign, make_submission, make_resident, plain_static
):
    resident = make_resident("ria")
    post = make_submission(campaign)
    Follow.objects.create(user=resident, submission=post)
    client = Client()
    assert client.get("/benachrichtigungen/").status_code == 302  # to the login page
    client.force_login(resident)
    page = client.get("/benachrichtigungen/").content.decode()
    assert "ria@example.org" in page and "checked" in page
    client.post("/benachrichtigungen/", {})
    assert not selectors.mail_enabled(resident)
    client.post("/benachrichtigungen/", {"unfollow": str(post.pk)})
    assert not Follow.objects.exists()


def test_follow_tells_pending_rejected_and_missing_posts_apart_by_nothing(
    campaign, make_submission, make_resident
):
    client = _api(make_resident("ria"))
    pending = make_submission(campaign, status="pending")
    rejected = make_submission(campaign, status="rejected")
    answers = {
        client.post(f"/api/submissions/{pk}/follow/").content
        for pk in (pending.pk, rejected.pk, 987654)
    }
    assert len(answers) == 1
    assert not Follow.objects.exists()


def test_a_follower_is_not_mailed_about_a_post_that_is_no_longer_published(
    campaign, make_submission, make_resident, moderator
):
    fan = make_resident("fan")
    post = make_submission(campaign)
    Follow.objects.create(user=fan, submission=post)
    moderation.submission_respond(submission_id=post.pk, actor=moderator, answer="Wird geprüft.")
    moderation.submission_reject(submission_id=post.pk, moderator=moderator, reason="Doppelt.")
    notification = Notification.objects.get(recipient=fan)
    assert delivery.deliver(notification_id=notification.pk) == "not_public"
    assert mail.outbox == []


def test_deleting_an_account_removes_its_follows_choices_and_outbox(
    campaign, make_submission, make_resident, moderator
):
    author, fan = make_resident("author"), make_resident("fan")
    post = make_submission(campaign, status="pending", author=author)
    moderation.submission_approve(submission_id=post.pk, moderator=moderator)
    Follow.objects.create(user=fan, submission=post)
    Mute.objects.create(user=fan, submission=post)
    mail_set(user=fan, enabled=False)
    moderation.submission_respond(submission_id=post.pk, actor=moderator, answer="Geplant.")
    account_delete(user=fan, keep_posts=True)
    account_delete(user=author, keep_posts=True)
    assert not Follow.objects.exists() and not Mute.objects.exists()
    assert not Notification.objects.exists()
    assert not MailPreference.objects.exists()


def test_the_personal_data_download_holds_the_follows_and_the_mail_choice(
    campaign, make_submission, make_resident, plain_static
):
    resident = make_resident("ria")
    post = make_submission(campaign)
    Follow.objects.create(user=resident, submission=post, language="en")
    mail_set(user=resident, enabled=False)
    client = Client()
    client.force_login(resident)
    document = client.get("/meine-beitraege/daten.geojson").json()
    assert document["notification_mails"] is False
    [follow] = document["follows"]
    assert (follow["submission"], follow["campaign"], follow["language"]) == (
        post.pk,
        campaign.slug,
        "en",
    )


def test_a_post_taken_down_is_neither_listed_nor_followed_again(
    campaign, make_submission, make_resident, moderator
):
    from geo_participation.moderation import services as moderation
    from geo_participation.notifications import selectors, services
    from geo_participation.notifications.models import Follow

    ben = make_resident("ben")
    post = make_submission(campaign)
    services.follow_add(user=ben, submission=post)
    assert [f.submission_id for f in selectors.followed_submissions(user=ben)] == [post.pk]
    moderation.submission_reject(submission_id=post.pk, moderator=moderator, reason="Spam")
    assert list(selectors.followed_submissions(user=ben)) == []
    services.post_mail_off(user=ben, submission=post)
    post.refresh_from_db()
    services.post_mail_on(user=ben, submission=post)  # the undo on the unsubscribe page
    assert not Follow.objects.filter(user=ben, submission=post).exists()
