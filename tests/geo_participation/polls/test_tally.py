"""heatmaps.api.ballot_tally: the numbers equal a count of the stored ballots; k-suppression."""

from collections import Counter

import pytest

from geo_participation.polls.models import Ballot
from heatmaps.api import ballot_tally

BALLOTS = [
    {"colour": "red", "extras": ["sound", "timer"], "mood": 5, "order": ["a", "b", "c"]},
    {"colour": "red", "extras": ["sound"], "mood": 3, "order": ["b", "a", "c"]},
    {"colour": "green", "extras": ["arrow"], "order": ["a", "c", "b"]},
    {"colour": "red", "extras": ["timer", "arrow"], "mood": 4},
]


@pytest.fixture
def cast(poll):
    for i, answers in enumerate(BALLOTS):
        Ballot.objects.create(campaign=poll, client_id=f"c{i}", answers=answers)
    return poll


def by_key(tally):
    return {q["key"]: q for q in tally["questions"]}


def test_counts_and_shares_equal_the_stored_ballots(cast):
    tally = by_key(ballot_tally(cast))
    stored = [b.answers for b in Ballot.objects.filter(campaign=cast)]
    picked = Counter(v for b in stored for v in b["extras"])
    assert tally["extras"]["answered"] == len(stored)
    for option in tally["extras"]["options"]:
        assert option["count"] == picked[option["key"]]
        assert option["share"] == round(picked[option["key"]] / len(stored), 4)
    colours = Counter(b["colour"] for b in stored)
    assert [(o["key"], o["count"]) for o in tally["colour"]["options"]] == [
        ("red", colours["red"]),
        ("green", colours["green"]),
        ("blue", 0),
    ]


def test_scale_mean_and_distribution(cast):
    mood = by_key(ballot_tally(cast))["mood"]
    assert mood["answered"] == 3
    assert mood["scale"]["mean"] == 4.0
    assert [row["count"] for row in mood["scale"]["values"]] == [0, 0, 1, 1, 1]


def test_ranking_mean_rank_and_borda(cast):
    order = {o["key"]: o for o in by_key(ballot_tally(cast))["order"]["options"]}
    # a: ranks 1, 2, 1 -> mean 1.33, Borda (3-1)+(3-2)+(3-1) = 5; c: 3, 3, 2 -> 2.67, 0+0+1.
    assert order["a"]["mean_rank"] == 1.33 and order["a"]["borda"] == 5
    assert order["b"]["borda"] == 1 + 2 + 0
    assert order["c"]["mean_rank"] == 2.67 and order["c"]["borda"] == 1


def test_public_tallies_of_fewer_than_three_ballots_show_no_numbers(poll):
    for i in range(2):
        Ballot.objects.create(campaign=poll, client_id=f"c{i}", answers=BALLOTS[i])
    public = ballot_tally(poll)
    assert public["suppressed"] and public["ballots"] is None
    assert all(o["count"] is None for o in by_key(public)["colour"]["options"])
    assert by_key(public)["mood"]["scale"]["mean"] is None
    exact = ballot_tally(poll, exact=True)
    assert exact["ballots"] == 2 and not exact["suppressed"]
    Ballot.objects.create(campaign=poll, client_id="c3", answers=BALLOTS[2])
    assert ballot_tally(poll)["ballots"] == 3


def test_other_campaigns_ballots_are_not_counted(cast, vote):
    Ballot.objects.create(campaign=vote, client_id="x", answers={"events": ["run"]})
    assert ballot_tally(cast)["ballots"] == 4
    assert ballot_tally(vote, exact=True)["ballots"] == 1
