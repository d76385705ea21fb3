"""A scene for the planners' numbers and charts: published posts over three weeks, filtered."""

from datetime import UTC, date, datetime, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from geo_participation.submissions.models import Submission
from tests.conftest import LIGHT_QUESTION, NOTE_QUESTION
from tests.export_helpers import REASONS_QUESTION

# Mondays in Europe/Berlin; the campaign opened on the first, posts skip the second week.
WEEK_1, WEEK_2, WEEK_3 = date(2026, 5, 4), date(2026, 5, 11), date(2026, 5, 18)


def _at(day: date, hour=12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def build_scene(campaign, make_category, make_submission):
    """Published posts over three weeks with answers, statuses and supports; others hidden."""
    campaign.opens_at = _at(WEEK_1, 8)
    campaign.closes_at = _at(WEEK_3 + timedelta(days=3))
    campaign.save()
    make_category(campaign, "light", "point", questions=[LIGHT_QUESTION, NOTE_QUESTION])
    make_category(campaign, "hidden", "point", sensitive=True, questions=[REASONS_QUESTION])
    rows = [
        # category, answers, public status, support, day
        ("spot", {"time_of_day": "night", "rating": 4}, "planned", 5, WEEK_1),
        ("spot", {"time_of_day": "night", "rating": 2}, "received", 0, WEEK_1),
        ("spot", {"time_of_day": "morning", "rating": 4}, "planned", 3, WEEK_3),
        ("spot", {"time_of_day": "night"}, "planned", 1, WEEK_3),
        ("light", {"lit": "no", "note": "Laterne kaputt"}, "done", 7, WEEK_3),
        ("light", {"lit": "yes", "note": ""}, "received", 0, WEEK_1),
        ("hidden", {"reasons": ["dark", "lonely"]}, "planned", 4, WEEK_3),
        ("hidden", {"reasons": ["dark"]}, "received", 2, WEEK_1),
    ]
    for category, answers, status, support, day in rows:
        post = make_submission(
            campaign,
            category=category,
            answers=answers,
            public_status=status,
            support_count=support,
        )
        Submission.objects.filter(pk=post.pk).update(created_at=_at(day))
    # Never counted as published: pending and rejected posts that would match every filter.
    for status in ("pending", "rejected"):
        post = make_submission(
            campaign,
            status=status,
            answers={"time_of_day": "night", "rating": 4},
            public_status="planned",
            support_count=9,
        )
        Submission.objects.filter(pk=post.pk).update(created_at=_at(WEEK_3))
    return campaign


def queries_before_and_after(campaign, make_category, run) -> tuple[int, int]:
    """Return how many queries run() makes, before and after four more questioned categories."""

    def count():
        with CaptureQueriesContext(connection) as queries:
            run()
        return len(queries)

    before = count()
    for i in range(4):
        make_category(campaign, f"extra{i}", "point", questions=[dict(LIGHT_QUESTION, key=f"q{i}")])
    return before, count()
