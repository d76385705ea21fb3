"""The report's summary figures: counts per category, per week and per time of day.

Each is one aggregate query over the published submissions, whatever their number.
"""

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Max, Min, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import ExtractHour, TruncWeek

from geo_participation.campaigns.questions import TIME_OF_DAY, label_of


@dataclass(frozen=True)
class CategoryCount:
    """How many published submissions one category has, with its label and colour."""

    key: str
    label: str
    colour: str
    count: int


@dataclass(frozen=True)
class Figures:
    """Everything the summary shows, computed once."""

    total: int
    supports: int
    first: object
    last: object
    categories: list[CategoryCount]
    weeks: list[tuple]  # (Monday of the week, count), in local time
    hours: list[int]  # 24 counts: submissions per hour of the day they were made, local time
    # {question label: [(answer, count) for each time of day]} for time_of_day questions
    time_answers: dict


def figures(qs, categories) -> Figures:
    """Return the summary figures of the published submissions in qs (no ordering needed)."""
    qs = qs.order_by()
    zone = ZoneInfo(settings.TIME_ZONE)
    totals = qs.aggregate(
        total=Count("id"),
        supports=Sum("support_count"),
        first=Min("created_at"),
        last=Max("created_at"),
    )
    counted = dict(qs.values_list("category_id").annotate(n=Count("id")))
    weeks = (
        qs.annotate(week=TruncWeek("created_at", tzinfo=zone))
        .values_list("week")
        .annotate(n=Count("id"))
        .order_by("week")
    )
    by_hour = dict(
        qs.annotate(hour=ExtractHour("created_at", tzinfo=zone))
        .values_list("hour")
        .annotate(n=Count("id"))
    )
    return Figures(
        total=totals["total"],
        supports=totals["supports"] or 0,
        first=totals["first"],
        last=totals["last"],
        categories=[
            CategoryCount(c.key, c.label, c.colour, counted.get(c.id, 0)) for c in categories
        ],
        weeks=[(week.date(), n) for week, n in weeks],
        hours=[by_hour.get(hour, 0) for hour in range(24)],
        time_answers=_time_answers(qs, categories),
    )


def _time_answers(qs, categories) -> dict:
    # Citizens answer "when" in buckets (morning ... night); planners want those counts.
    questions = {}
    for category in categories:
        for question in category.questions:
            if question["type"] == "time_of_day":
                questions.setdefault(question["key"], label_of(question))
    answers = {}
    for key, label in questions.items():
        counted = dict(
            qs.annotate(bucket=KT(f"answers__{key}"))
            .filter(bucket__isnull=False)
            .values_list("bucket")
            .annotate(n=Count("id"))
        )
        answers[label] = [(bucket, counted.get(bucket, 0)) for bucket in TIME_OF_DAY]
    return answers
