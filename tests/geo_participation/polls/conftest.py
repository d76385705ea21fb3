"""A poll (single, multiple, scale, ranking questions) and a vote (3 votes over 6 events)."""

import pytest

from geo_participation.polls.models import PollOption, PollQuestion


def add_question(campaign, key, kind, options=(), **fields):
    """Store a question with options given as keys (labels are the keys titled)."""
    fields.setdefault("label", key.title())
    question = PollQuestion.objects.create(campaign=campaign, key=key, kind=kind, **fields)
    for position, option in enumerate(options):
        PollOption.objects.create(
            question=question, key=option, label=option.title(), position=position
        )
    return question


@pytest.fixture
def poll(make_campaign):
    """An open poll: colour (single), extras (multiple, at most 2), mood (1-5), order (ranking)."""
    campaign = make_campaign("ampel", kind="poll", moderation="pre")
    add_question(campaign, "colour", "single", ["red", "green", "blue"], position=0)
    add_question(
        campaign, "extras", "multiple", ["sound", "timer", "arrow"], max_choices=2, position=1
    )
    add_question(campaign, "mood", "scale", scale_min=1, scale_max=5, required=False, position=2)
    add_question(campaign, "order", "ranking", ["a", "b", "c"], required=False, position=3)
    return campaign


EVENTS = ["market", "concert", "cinema", "theatre", "run", "festival"]


@pytest.fixture
def vote(make_campaign):
    """An open vote: 3 votes per person over 6 events."""
    campaign = make_campaign("events", kind="vote")
    add_question(campaign, "events", "multiple", EVENTS, max_choices=3)
    return campaign


GOOD = {"colour": "green", "extras": ["sound", "timer"], "mood": 4, "order": ["b", "a", "c"]}
