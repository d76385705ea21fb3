"""ballot_cast and ballot_withdraw against the real database: answers checked, one per person."""

import threading
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.utils import timezone, translation

from geo_participation.errors import Rejected
from geo_participation.polls.models import Ballot
from geo_participation.polls.services import ballot_cast, ballot_withdraw

from .conftest import GOOD

ANON = AnonymousUser()


@pytest.fixture(autouse=True)
def _english():
    # The messages are asserted in English here; the pages' tests read them in German.
    with translation.override("en"):
        yield


def cast(campaign, answers, user=ANON, client_id="client-1"):
    return ballot_cast(campaign=campaign, answers=answers, user=user, client_id=client_id)


def refusal(campaign, answers, **kwargs) -> Rejected:
    with pytest.raises(Rejected) as caught:
        cast(campaign, answers, **kwargs)
    return caught.value


def test_a_second_ballot_of_one_account_replaces_the_first(poll, make_user):
    anna = make_user("anna")
    first, created = cast(poll, GOOD, user=anna)
    assert created
    second, created = cast(poll, {**GOOD, "colour": "red", "mood": None}, user=anna)
    assert not created and second.pk == first.pk
    stored = Ballot.objects.get()
    assert stored.user == anna and stored.client_id == ""
    # The optional scale left empty is not stored at all.
    assert stored.answers == {
        "colour": "red",
        "extras": ["sound", "timer"],
        "order": ["b", "a", "c"],
    }
    assert stored.updated_at > stored.created_at


def test_anonymous_ballots_are_one_per_client(poll):
    cast(poll, GOOD, client_id="one")
    cast(poll, GOOD, client_id="two")
    cast(poll, {**GOOD, "colour": "blue"}, client_id="one")
    assert sorted(Ballot.objects.values_list("client_id", "answers__colour")) == [
        ("one", "blue"),
        ("two", "green"),
    ]


def test_anonymous_ballot_without_the_client_cookie_is_refused(poll):
    assert refusal(poll, GOOD, client_id=None).code == "client_cookie_required"
    assert not Ballot.objects.exists()


@pytest.mark.parametrize(
    ("answers", "question", "says"),
    [
        ({**GOOD, "colour": "purple"}, "colour", "Unknown option 'purple'"),
        ({**GOOD, "colour": ["red"]}, "colour", "Unknown option"),
        ({**GOOD, "extras": ["sound", "timer", "arrow"]}, "extras", "at most 2 options"),
        ({**GOOD, "extras": ["sound", "sound"]}, "extras", "only once"),
        ({**GOOD, "extras": "sound"}, "extras", "list of option keys"),
        ({**GOOD, "mood": 6}, "mood", "from 1 to 5"),
        ({**GOOD, "mood": 2.5}, "mood", "from 1 to 5"),
        ({**GOOD, "mood": True}, "mood", "from 1 to 5"),
        ({**GOOD, "order": ["a", "b"]}, "order", "Rank 3 options"),
        ({**GOOD, "order": ["a", "b", "b"]}, "order", "only once"),
        ({"extras": ["sound"]}, "colour", "Please answer"),
        ({**GOOD, "extras": []}, "extras", "Please answer"),
    ],
)
def test_wrong_answers_are_refused_naming_the_question(poll, answers, question, says):
    error = refusal(poll, answers)
    assert error.code == "invalid_answers"
    assert list(error.context["errors"]) == [question]
    assert says in error.context["errors"][question]
    assert question.title() in str(error.detail)
    assert not Ballot.objects.exists()


def test_unknown_questions_and_non_objects_are_refused(poll):
    assert refusal(poll, {**GOOD, "weather": "sunny"}).code == "unknown_questions"
    assert refusal(poll, ["green"]).code == "invalid_answers"


def test_a_ranking_of_the_first_n_takes_exactly_n(poll):
    order = poll.poll_questions.get(key="order")
    order.max_choices = 2
    order.save()
    cast(poll, {**GOOD, "order": ["c", "a"]})
    assert "Rank 2 options" in refusal(poll, {**GOOD, "order": ["c", "a", "b"]}).detail


def test_closed_polls_map_campaigns_and_registered_only_polls_refuse(
    poll, make_campaign, make_user
):
    poll.closes_at = timezone.now() - timedelta(minutes=1)
    poll.opens_at = timezone.now() - timedelta(days=2)
    poll.save()
    assert refusal(poll, GOOD).code == "campaign_not_open"
    assert refusal(make_campaign("map"), {}).code == "not_a_poll"
    poll.closes_at = None
    poll.participation = "registered"
    poll.save()
    assert refusal(poll, GOOD).code == "login_required"
    assert cast(poll, GOOD, user=make_user("anna"))[1]


def test_withdraw_deletes_only_ones_own_ballot(poll, make_user):
    anna, bernd = make_user("anna"), make_user("bernd")
    cast(poll, GOOD, user=anna)
    cast(poll, GOOD, user=bernd)
    assert ballot_withdraw(campaign=poll, user=anna, client_id=None)
    assert not ballot_withdraw(campaign=poll, user=anna, client_id=None)
    assert list(Ballot.objects.values_list("user__username", flat=True)) == ["bernd"]


@pytest.mark.django_db(transaction=True)
def test_50_concurrent_ballots_from_10_accounts_leave_exactly_10(vote, make_user):
    accounts = [make_user(f"voter{i}") for i in range(10)]
    events = vote.poll_questions.get().options.values_list("key", flat=True)
    events = list(events)
    # Each account sends 5 different ballots at once; all 50 start together.
    sent = {
        user.pk: [{"events": [events[(i + j) % 6], events[(i + j + 1) % 6]]} for j in range(5)]
        for i, user in enumerate(accounts)
    }
    barrier = threading.Barrier(50)
    failures = []

    def send(user, answers):
        try:
            barrier.wait()
            cast(vote, answers, user=user, client_id=None)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            failures.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=send, args=(user, answers))
        for user in accounts
        for answers in sent[user.pk]
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    ballots = list(Ballot.objects.filter(campaign=vote))
    assert len(ballots) == 10
    assert {ballot.user_id for ballot in ballots} == set(sent)
    for ballot in ballots:
        assert ballot.answers in sent[ballot.user_id]
