"""The planners' numbers (heatmaps.summary) equal the database for a filtered scene."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from geo_participation.campaigns.models import DEFAULT_PUBLIC_STATUSES
from geo_participation.submissions.models import Submission
from heatmaps import filters, summary
from tests.summary_helpers import WEEK_1, WEEK_2, WEEK_3, build_scene, queries_before_and_after


@pytest.fixture
def scene(campaign, make_category, make_submission):
    return build_scene(campaign, make_category, make_submission)


def test_campaign_counts_split_by_moderation_and_public_status(scene, make_campaign):
    empty = make_campaign("empty")
    with CaptureQueriesContext(connection) as queries:
        counts = summary.campaign_counts([scene, empty])
    assert len(queries) == 2
    assert counts[scene.pk] == {
        "pending": 1,
        "published": 8,
        "rejected": 1,
        # Every status of the campaign in its order, 0 included.
        "by_status": {"received": 3, "in_review": 0, "planned": 4, "done": 1, "not_feasible": 0},
    }
    assert list(counts[scene.pk]["by_status"]) == [k for k, *_ in DEFAULT_PUBLIC_STATUSES]
    assert counts[empty.pk]["published"] == 0
    assert set(counts[empty.pk]["by_status"].values()) == {0}


def test_weekly_counts_include_empty_weeks_as_zero(scene):
    chosen = filters.parse(scene)
    assert summary.weekly_counts(scene, chosen) == [(WEEK_1, 4), (WEEK_2, 0), (WEEK_3, 4)]
    planned = filters.parse(scene, public_status="planned", min_support=3)
    assert summary.weekly_counts(scene, planned) == [(WEEK_1, 1), (WEEK_2, 0), (WEEK_3, 2)]
    assert summary.weekly_counts(scene, chosen, weeks=2) == [(WEEK_2, 0), (WEEK_3, 4)]


def test_filtered_numbers_equal_the_database(scene):
    # category + answer + status + support: the two spot posts at night, planned, 1+ support.
    chosen = filters.parse(
        scene,
        category="spot",
        answers={"time_of_day": "night"},
        public_status="planned",
        min_support=1,
    )
    expected = Submission.objects.filter(campaign=scene, status="approved").filter(chosen.q())
    assert expected.count() == 2
    categories = summary.category_counts(scene, chosen)
    # Every category in the campaign's order (position, then key), 0 included.
    assert [(key, n) for key, _label, _colour, n in categories] == [
        ("hidden", 0),
        ("light", 0),
        ("route", 0),
        ("spot", 2),
        ("zone", 0),
    ]
    assert sum(n for *_, n in summary.weekly_counts(scene, chosen)) == 2
    by_key = {d["key"]: d for d in summary.answer_distributions(scene, chosen)}
    assert set(by_key) == {"time_of_day", "rating"}  # only the questions of the chosen category
    with translation.override("en"):
        english = {d["key"]: d for d in summary.answer_distributions(scene, chosen)}
    assert english["time_of_day"]["rows"] == [
        ("morning", "In the morning", 0),
        ("daytime", "During the day", 0),
        ("evening", "In the evening", 0),
        ("night", "At night", 2),
    ]
    assert by_key["time_of_day"]["rows"][3] == ("night", "Nachts", 2)
    assert [n for _v, _l, n in by_key["rating"]["rows"]] == [0, 0, 0, 1, 0]
    assert by_key["rating"]["answered"] == 1


def test_answer_distributions_count_every_question_kind(scene):
    by_key = {d["key"]: d for d in summary.answer_distributions(scene, filters.parse(scene))}
    assert by_key["lit"]["rows"] == [("yes", "Yes", 1), ("no", "No", 1)]
    # A ticked box counts once per post; two posts answered.
    assert by_key["reasons"]["rows"] == [("dark", "Dark", 2), ("lonely", "Lonely", 1)]
    assert by_key["reasons"]["answered"] == 2
    # Free text: only how many wrote something (an empty text is no answer).
    assert by_key["note"] == {
        "key": "note",
        "label": "Anything else?",
        "type": "short_text",
        "answered": 1,
        "rows": [],
    }
    assert by_key["time_of_day"]["answered"] == 4


def test_query_count_is_constant_in_categories_and_questions(scene, make_category):
    chosen = filters.parse(scene, min_support=1)

    def run():
        summary.weekly_counts(scene, chosen)
        summary.category_counts(scene, chosen)
        summary.answer_distributions(scene, chosen)

    before, after = queries_before_and_after(scene, make_category, run)
    assert before == after


def test_answer_labels_follow_the_language(make_campaign, make_category):
    campaign = make_campaign("benches")
    question = {
        "key": "lit",
        "label": "Beleuchtet?",
        "label_en": "Lit?",
        "type": "single_choice",
        "choices": [{"value": "no", "label": "Nein", "label_en": "No"}],
    }
    make_category(campaign, "bench", questions=[question])
    chosen = filters.parse(campaign)
    with translation.override("en"):
        (english,) = summary.answer_distributions(campaign, chosen)
    (german,) = summary.answer_distributions(campaign, chosen)
    assert (english["label"], english["rows"][0][1]) == ("Lit?", "No")
    assert (german["label"], german["rows"][0][1]) == ("Beleuchtet?", "Nein")
