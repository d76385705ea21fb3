"""A published post's public status and the city's answer, with its history (services)."""

import pytest
from django.db import IntegrityError, connection, transaction

from geo_participation.campaigns.models import Campaign, PublicStatus
from geo_participation.errors import Rejected
from geo_participation.moderation import selectors, services
from geo_participation.moderation.signals import change_recorded
from geo_participation.submissions.models import Submission, SubmissionChange

pytestmark = pytest.mark.django_db


def _check_constraints_now():
    # The composite status key is checked at commit; tests roll back, so ask for it now.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_a_new_campaign_has_the_default_statuses_and_posts_start_received(
    campaign, make_submission
):
    keys = list(campaign.public_statuses.values_list("key", flat=True))
    assert keys == ["received", "in_review", "planned", "done", "not_feasible"]
    post = make_submission(campaign, status="pending")
    post.refresh_from_db()
    assert post.public_status == "received"
    assert post.answer == ""


def test_a_status_outside_the_campaigns_list_is_refused_by_the_database(campaign, make_submission):
    post = make_submission(campaign)
    with pytest.raises(IntegrityError), transaction.atomic():
        Submission.objects.filter(pk=post.pk).update(public_status="invented")
        _check_constraints_now()


def test_respond_sets_status_and_answer_and_keeps_the_history(campaign, make_submission, make_user):
    planner = make_user("planner", "planners")
    post = make_submission(campaign)
    services.submission_respond(
        submission_id=post.pk, actor=planner, public_status="planned", answer=" Kommt 2027. "
    )
    services.submission_respond(submission_id=post.pk, actor=planner, public_status="done")
    post.refresh_from_db()
    assert (post.public_status, post.answer) == ("done", "Kommt 2027.")
    assert post.responded_at is not None
    history = [
        (c.kind, c.public_status, c.text, c.actor) for c in selectors.submission_history(post.pk)
    ]
    assert history == [
        ("responded", "planned", "Kommt 2027.", planner),
        ("responded", "done", "Kommt 2027.", planner),
    ]
    _check_constraints_now()


def test_nothing_is_recorded_when_nothing_changes(campaign, make_submission, make_user):
    post = make_submission(campaign)
    services.submission_respond(
        submission_id=post.pk, actor=make_user("m", "moderators"), public_status="received"
    )
    assert not SubmissionChange.objects.filter(submission=post).exists()


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"public_status": "invented"}, "unknown_status"),
        ({"public_status": 3}, "invalid_status"),
        ({"answer": "x" * 4001}, "invalid_answer"),
        ({"answer": "a\x00b"}, "invalid_answer"),
    ],
)
def test_bad_responses_are_refused_and_change_nothing(campaign, make_submission, fields, code):
    post = make_submission(campaign)
    with pytest.raises(Rejected) as refused:
        services.submission_respond(submission_id=post.pk, actor=None, **fields)
    assert refused.value.code == code
    post.refresh_from_db()
    assert (post.public_status, post.answer) == ("received", "")
    assert not SubmissionChange.objects.exists()


@pytest.mark.parametrize("status", ["pending", "rejected"])
def test_unpublished_posts_get_no_status(campaign, make_submission, status):
    post = make_submission(campaign, status=status)
    with pytest.raises(Rejected) as refused:
        services.submission_respond(submission_id=post.pk, actor=None, public_status="planned")
    assert (refused.value.code, refused.value.status_code) == ("not_published", 409)


def test_another_campaigns_status_is_unknown(campaign, make_campaign, make_submission):
    other = make_campaign("other")
    PublicStatus.objects.create(campaign=other, key="only_there", label="Nur dort")
    post = make_submission(campaign)
    with pytest.raises(Rejected):
        services.submission_respond(submission_id=post.pk, actor=None, public_status="only_there")


def test_decisions_are_recorded_and_signalled_in_their_transaction(
    campaign, make_submission, make_user
):
    moderator = make_user("m", "moderators")
    seen = []

    def receiver(sender, change, **kwargs):
        seen.append((change.kind, change.submission.pk, connection.in_atomic_block))

    change_recorded.connect(receiver)
    try:
        first = make_submission(campaign, status="pending")
        second = make_submission(campaign, status="pending")
        services.submission_approve(submission_id=first.pk, moderator=moderator)
        services.submission_reject(submission_id=second.pk, moderator=moderator, reason="Doppelt")
    finally:
        change_recorded.disconnect(receiver)
    assert seen == [("approved", first.pk, True), ("rejected", second.pk, True)]
    rejected = selectors.submission_history(second.pk).get()
    assert (rejected.kind, rejected.text, rejected.actor) == ("rejected", "Doppelt", moderator)


def test_deleting_a_campaign_deletes_its_statuses_with_its_posts(campaign, make_submission):
    make_submission(campaign)
    Campaign.objects.filter(pk=campaign.pk).delete()
    _check_constraints_now()
    assert not PublicStatus.objects.exists()
