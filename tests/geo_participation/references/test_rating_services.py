"""rating_put and rating_withdraw against real PostGIS: one rating per section and person."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from geo_participation.errors import Rejected
from geo_participation.references.services import rating_put, rating_withdraw
from geo_participation.submissions.models import Status, Submission

from .conftest import rating

ANON = AnonymousUser()


def point(lon, lat):
    return {"type": "Point", "coordinates": [lon, lat]}


def test_a_rating_without_a_point_sits_in_the_middle_of_its_section(west):
    stored, created = rating_put(reference=west, feature=rating(5), user=ANON, client_id="c1")
    assert created
    assert stored.reference == west
    assert stored.category.key == "rating"
    assert stored.status == Status.PENDING  # pre-moderation, like any post
    assert stored.answers == {"score": 5}
    assert stored.geom.geom_type == "Point"
    assert stored.geom.x == pytest.approx(7.765) and stored.geom.y == pytest.approx(49.44)


def test_a_point_near_the_section_is_kept_and_one_too_far_refused(west, settings):
    settings.GP_REFERENCE_SNAP_M = 30
    # 0.0002° of latitude is about 22 m; 0.0004° about 44 m.
    near = rating(3, geometry=point(7.762, 49.4402))
    stored, _ = rating_put(reference=west, feature=near, user=ANON, client_id="c1")
    assert stored.geom.coords == (7.762, 49.4402)
    far = rating(3, geometry=point(7.762, 49.4404))
    with pytest.raises(Rejected) as refused:
        rating_put(reference=west, feature=far, user=ANON, client_id="c2")
    assert refused.value.code == "too_far_from_section"
    assert "30 m" in str(refused.value.detail)


def test_a_second_rating_by_the_same_person_replaces_the_first(west, east, make_user):
    user = make_user("rita")
    first, created = rating_put(reference=west, feature=rating(2), user=user, client_id=None)
    again, created_again = rating_put(
        reference=west, feature=rating(4, comment="besser"), user=user, client_id=None
    )
    other, _ = rating_put(reference=east, feature=rating(1), user=user, client_id=None)
    assert created and not created_again
    assert again.pk == first.pk != other.pk
    stored = Submission.objects.get(pk=first.pk)
    assert (stored.answers, stored.comment) == ({"score": 4}, "besser")
    assert Submission.objects.filter(reference=west).count() == 1


def test_anonymous_clients_rate_apart_and_need_their_cookie(west):
    rating_put(reference=west, feature=rating(2), user=ANON, client_id="a")
    rating_put(reference=west, feature=rating(3), user=ANON, client_id="b")
    assert Submission.objects.filter(reference=west).count() == 2
    with pytest.raises(Rejected) as refused:
        rating_put(reference=west, feature=rating(3), user=ANON, client_id=None)
    assert refused.value.code == "client_cookie_required"


@pytest.mark.parametrize("moderation, after", [("pre", Status.PENDING), ("post", Status.APPROVED)])
def test_a_changed_rating_is_reviewed_again(west, make_user, moderation, after):
    west.campaign.moderation = moderation
    west.campaign.save()
    user, moderator = make_user("rita"), make_user("mod")
    first, _ = rating_put(reference=west, feature=rating(2), user=user, client_id=None)
    Submission.objects.filter(pk=first.pk).update(
        status=Status.APPROVED, moderated_by=moderator, moderated_at=timezone.now()
    )
    changed, _ = rating_put(reference=west, feature=rating(5), user=user, client_id=None)
    stored = Submission.objects.get(pk=changed.pk)
    assert stored.status == after
    assert stored.moderated_at is None  # waiting for a moderator either way


@pytest.mark.parametrize("moderation", ["pre", "post"])
def test_a_rejected_rating_stays_rejected_and_may_only_be_withdrawn(west, make_user, moderation):
    west.campaign.moderation = moderation
    west.campaign.save()
    user = make_user("rita")
    first, _ = rating_put(reference=west, feature=rating(2), user=user, client_id=None)
    Submission.objects.filter(pk=first.pk).update(
        status=Status.REJECTED, moderation_reason="Beleidigung"
    )
    with pytest.raises(Rejected) as refused:
        rating_put(reference=west, feature=rating(3), user=user, client_id=None)
    assert (refused.value.code, refused.value.status_code) == ("rating_rejected", 409)
    assert "Beleidigung" in str(refused.value.detail)
    stored = Submission.objects.get(pk=first.pk)
    assert (stored.status, stored.answers) == (Status.REJECTED, {"score": 2})
    assert rating_withdraw(reference=west, user=user, client_id=None)
    assert not Submission.objects.filter(pk=first.pk).exists()


@pytest.mark.parametrize(
    "feature, code",
    [
        (rating(9), "invalid_answers"),
        (rating(3, category="nope"), "unknown_category"),
        (rating(3, category="route"), "unknown_category"),  # a line category rates nothing
        (rating(3, colour="red"), "unknown_properties"),
        (rating(3, geometry={"type": "LineString", "coordinates": [[7.76, 49.44]] * 2}), None),
        (rating(3, geometry=point(7.0, 49.44)), "too_far_from_section"),
        (["not", "a", "feature"], "not_a_feature"),
        (rating(3, comment=7), "invalid_comment"),
    ],
)
def test_a_rating_passes_the_intake_rules(west, make_category, feature, code):
    make_category(west.campaign, "route", "line")
    with pytest.raises(Rejected) as refused:
        rating_put(reference=west, feature=feature, user=ANON, client_id="c")
    if code:
        assert refused.value.code == code
    assert not Submission.objects.exists()


def test_a_point_outside_the_campaign_area_is_refused(west, settings):
    settings.GP_REFERENCE_SNAP_M = 100_000
    with pytest.raises(Rejected) as refused:
        rating_put(
            reference=west, feature=rating(3, geometry=point(7.6, 49.44)), user=ANON, client_id="c"
        )
    assert refused.value.code == "outside_area"


def test_ratings_only_while_open_and_only_registered_where_required(west, make_user):
    campaign = west.campaign
    campaign.closes_at = timezone.now() - timedelta(minutes=1)
    campaign.opens_at = campaign.closes_at - timedelta(days=3)
    campaign.save()
    with pytest.raises(Rejected) as closed:
        rating_put(reference=west, feature=rating(3), user=ANON, client_id="c")
    assert closed.value.code == "campaign_not_open"
    campaign.closes_at = None
    campaign.participation = "registered"
    campaign.save()
    with pytest.raises(Rejected) as anonymous:
        rating_put(reference=west, feature=rating(3), user=ANON, client_id="c")
    assert anonymous.value.code == "login_required"
    _, created = rating_put(reference=west, feature=rating(3), user=make_user("r"), client_id=None)
    assert created


def test_one_withdraws_only_ones_own_rating(west, make_user):
    rita, otto = make_user("rita"), make_user("otto")
    rating_put(reference=west, feature=rating(2), user=rita, client_id=None)
    rating_put(reference=west, feature=rating(4), user=otto, client_id=None)
    assert rating_withdraw(reference=west, user=rita, client_id=None)
    assert not rating_withdraw(reference=west, user=rita, client_id=None)
    assert list(Submission.objects.values_list("author__username", flat=True)) == ["otto"]


def test_the_only_point_category_is_taken_when_none_is_named(west):
    stored, _ = rating_put(
        reference=west, feature=rating(3, category=None), user=ANON, client_id="c"
    )
    assert stored.category.key == "rating"


def test_accounts_deleted_keeping_their_ratings_leave_them_nameless_side_by_side(west, make_user):
    from geo_participation.submissions.services import author_erase

    rita, otto = make_user("rita"), make_user("otto")
    rating_put(reference=west, feature=rating(2), user=rita, client_id=None)
    rating_put(reference=west, feature=rating(4), user=otto, client_id=None)
    author_erase(user=rita, keep_posts=True)
    author_erase(user=otto, keep_posts=True)
    kept = Submission.objects.filter(reference=west)
    assert sorted(kept.values_list("author", "client_id")) == [(None, ""), (None, "")]
