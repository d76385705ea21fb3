"""The numbers planners see beside the map: counts per campaign, week, category and answer.

Planners are staff: every count here is exact (no k-suppression), over published posts only,
and filtered by heatmaps.filters (the one dialect: category, period, answers, public_status,
min_support). Each function runs a fixed number of queries, however many campaigns,
categories or questions there are; the counting is done by PostgreSQL.

    campaign_counts(campaigns) -> {campaign_id: {"pending", "published", "rejected",
                                                 "by_status": {status key: n}}}
    weekly_counts(campaign, filters, weeks=None) -> [(monday, n)]
    category_counts(campaign, filters) -> [(key, label, colour, n)]
    answer_distributions(campaign, filters) -> [{"key", "label", "type", "answered",
                                                 "rows": [(value, label, n)]}]
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce, TruncWeek
from django.utils import timezone

from geo_participation.campaigns.models import Campaign, Category, PublicStatus
from geo_participation.campaigns.questions import RATING_RANGE, TIME_OF_DAY, label_of
from geo_participation.submissions.models import Status, Submission
from geo_participation.web.fields import TIME_OF_DAY_LABELS

from .filters import Filters
from .sql import filter_conditions, load

# The question types counted per answer; short_text is counted only as answered.
COUNTED = ("single_choice", "multiple_choice", "rating", "time_of_day")
# A year and a half of weeks: longer campaigns show their latest weeks (weeks= asks for more).
MAX_WEEKS = 78


def published(campaign: Campaign, filters: Filters):
    """Return the campaign's published submissions matching the filters (unordered)."""
    return (
        Submission.objects.filter(campaign=campaign, status=Status.APPROVED)
        .filter(filters.q())
        .order_by()
    )


def campaign_counts(campaigns) -> dict[int, dict]:
    """Return each campaign's pending, published and rejected counts and published per status."""
    ids = [campaign.pk for campaign in campaigns]
    out = {pk: {"pending": 0, "published": 0, "rejected": 0, "by_status": {}} for pk in ids}
    names = {Status.PENDING: "pending", Status.APPROVED: "published", Status.REJECTED: "rejected"}
    rows = (
        Submission.objects.filter(campaign_id__in=ids)
        .order_by()
        .values_list("campaign_id", "status")
        .annotate(n=Count("id"))
    )
    for campaign_id, status, n in rows:
        if status in names:
            out[campaign_id][names[status]] = n
    # Every status of the campaign, in its order, 0 included: a status no post has yet is news.
    counted = (
        Submission.objects.filter(
            campaign_id=OuterRef("campaign_id"),
            status=Status.APPROVED,
            public_status=OuterRef("key"),
        )
        .order_by()
        .values("campaign_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    statuses = (
        PublicStatus.objects.filter(campaign_id__in=ids)
        .order_by("campaign_id", "position", "key")
        .annotate(n=Coalesce(Subquery(counted), 0))
        .values_list("campaign_id", "key", "n")
    )
    for campaign_id, key, n in statuses:
        out[campaign_id]["by_status"][key] = n
    return out


def weekly_counts(campaign: Campaign, filters: Filters, weeks: int | None = None) -> list:
    """Return (Monday, n) for every ISO week of the campaign or its data, empty weeks as 0.

    Weeks are local (settings.TIME_ZONE). They run from the earlier of the campaign's opening
    and its first matching post to the later of its closing (today while it is open) and its
    last matching post, within the filters' period; weeks= keeps only the last so many.
    """
    zone = ZoneInfo(settings.TIME_ZONE)
    counted = dict(
        published(campaign, filters)
        .annotate(week=TruncWeek("created_at", tzinfo=zone))
        .values_list("week")
        .annotate(n=Count("id"))
        .values_list("week", "n")
    )
    counted = {week.date(): n for week, n in counted.items()}
    now = timezone.now()
    first = campaign.opens_at
    last = min(campaign.closes_at or now, now)
    first = max(first, filters.since) if filters.since else first
    last = min(last, filters.until - timedelta(microseconds=1)) if filters.until else last
    start, end = _monday(first, zone), _monday(last, zone)
    if counted:
        start, end = min(start, *counted), max(end, *counted)
    end = max(start, end)
    mondays = []
    day = start
    while day <= end:
        mondays.append(day)
        day += timedelta(weeks=1)
    limit = MAX_WEEKS if weeks is None else weeks
    return [(monday, counted.get(monday, 0)) for monday in mondays[-limit:]]


def _monday(moment: datetime, zone) -> date:
    day = moment.astimezone(zone).date()
    return day - timedelta(days=day.weekday())


def category_counts(campaign: Campaign, filters: Filters) -> list[tuple]:
    """Return (key, label, colour, n) for every category of the campaign, in its order."""
    counted = dict(published(campaign, filters).values_list("category_id").annotate(n=Count("id")))
    categories = Category.objects.filter(campaign=campaign).order_by("position", "key")
    return [(c.key, c.label, c.colour, counted.get(c.pk, 0)) for c in categories]


def answer_distributions(campaign: Campaign, filters: Filters) -> list[dict]:
    """Return how each question of the filtered categories was answered, question by question.

    Choice, rating and time-of-day questions list every possible answer with its count (0
    included); free text has no rows, only how many answered. A question asked in several
    categories (the same key) is counted once, with the first category's label.
    """
    categories = Category.objects.filter(campaign=campaign).order_by("position", "key")
    if filters.categories is not None:
        categories = categories.filter(key__in=filters.categories)
    questions: dict[str, dict] = {}
    for category in categories:
        for question in category.questions:
            questions.setdefault(question["key"], question)
    if not questions:
        return []
    counts = _answer_counts(campaign, filters, questions)
    return [
        {
            "key": key,
            "label": label_of(question),
            "type": question["type"],
            "answered": counts.get((key, None), 0),
            "rows": [
                (value, label, counts.get((key, value), 0)) for value, label in _choices(question)
            ],
        }
        for key, question in questions.items()
    ]


def _answer_counts(campaign, filters, questions) -> dict:
    where, values = filter_conditions(filters, campaign)
    text = load("answer_counts").format(
        submissions=connection.ops.quote_name(Submission._meta.db_table), filters=where
    )
    texts = [key for key, q in questions.items() if q["type"] not in COUNTED]
    values |= {
        "campaign": campaign.pk,
        "published": Status.APPROVED.value,
        "keys": list(questions),
        "texts": texts,
    }
    with connection.cursor() as cursor:
        cursor.execute(text, values)
        return {(key, value): n for key, value, n in cursor.fetchall()}


def _choices(question) -> list[tuple[str, str]]:
    """Return (value as text, label) of every answer a question can have; none for free text."""
    kind = question["type"]
    if kind in ("single_choice", "multiple_choice"):
        return [(c["value"], label_of(c)) for c in question["choices"]]
    if kind == "rating":
        low, high = RATING_RANGE
        return [(str(n), str(n)) for n in range(low, high + 1)]
    if kind == "time_of_day":
        return [(value, str(TIME_OF_DAY_LABELS[value])) for value in TIME_OF_DAY]
    return []
