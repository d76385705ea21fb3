"""A campaign's published_version moves exactly when what it publishes changes."""

from fixtures.generator import append_submissions
from geo_participation.moderation.services import submission_approve, submission_reject


def version(campaign):
    campaign.refresh_from_db()
    return campaign.published_version


def test_moderation_and_deletion_bump_the_version(campaign, make_submission, make_user):
    moderator = make_user("mod", "moderators")
    start = version(campaign)
    pending = make_submission(campaign, status="pending")
    assert version(campaign) == start  # nothing published yet
    submission_approve(submission_id=pending.pk, moderator=moderator)
    assert version(campaign) == start + 1
    submission_reject(submission_id=pending.pk, moderator=moderator, reason="Doppelt")
    assert version(campaign) == start + 2
    published = make_submission(campaign, status="approved")
    assert version(campaign) == start + 3
    published.delete()
    assert version(campaign) == start + 4


def test_a_bulk_load_bumps_once_per_statement(campaign):
    start = version(campaign)
    append_submissions(campaign=campaign, count=500, seed=1)
    assert version(campaign) == start + 1


def test_other_campaigns_keep_their_version(
    campaign, make_campaign, make_category, make_submission
):
    other = make_campaign("other")
    make_category(other, "spot", "point")
    start = version(other)
    make_submission(campaign, status="approved")
    assert version(other) == start


def test_making_a_category_sensitive_bumps_the_version(campaign):
    start = version(campaign)
    campaign.categories.filter(key="spot").update(sensitive=True)
    assert version(campaign) == start + 1


def test_saving_a_campaign_never_turns_the_version_back(campaign, make_submission):
    stale = type(campaign).objects.get(pk=campaign.pk)  # loaded before the change
    make_submission(campaign, status="approved")
    bumped = version(campaign)
    stale.title = "Neuer Titel"
    stale.save()
    assert version(campaign) == bumped
