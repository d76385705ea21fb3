"""The published version served never goes backwards, even while a replica is behind.

A tile's ETag holds the campaign's published_version: once a moderator (or a writer pinned to
the primary) has been answered with version N+1, a public read from a replica still at N is
read again on the primary, in this worker and in every other one.
"""

import pytest
from django.test import Client

from geo_participation.moderation.services import submission_approve
from geo_participation.replicas import versions
from tests.replica_helpers import DATABASES
from tests.tile_helpers import PASSWORD, add, features, point, url

pytestmark = pytest.mark.django_db(transaction=True, databases=DATABASES)


def public_tile(campaign, home):
    response = Client().get(url(campaign, home))
    return response["ETag"], len(features(response))


@pytest.mark.parametrize("other_worker", [False, True])
def test_a_public_read_never_answers_an_older_version(
    replica, campaign, home, make_user, other_worker
):
    add(campaign, geom=point(home, 0.2, 0.2))
    waiting = add(campaign, geom=point(home, 0.6, 0.6), status="pending")
    before = public_tile(campaign, home)
    assert before[1] == 1
    replica.pause()
    submission_approve(submission_id=waiting.pk, moderator=make_user("mod", "moderators"))
    # Nobody has seen the new version yet: the replica's older one is consistent and served.
    assert public_tile(campaign, home) == before

    moderator = Client()
    assert moderator.login(username="mod", password=PASSWORD)
    assert len(features(moderator.get(url(campaign, home)))) == 2  # on the primary
    if other_worker:
        versions.forget()  # another gunicorn worker: only the shared cache knows N+1

    after = public_tile(campaign, home)
    assert after[0] != before[0]
    assert after[1] == 2  # the tile is read on the primary too, with its version
    replica.resume()
    assert public_tile(campaign, home) == after


def test_without_replicas_nothing_is_behind(settings):
    assert versions.version_is_behind(1, 5) is False
