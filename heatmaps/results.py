"""The public results of a campaign: counts of published posts with k-suppression, and the
city's answers, for everyone to read once results are visible (Campaign.results_visible).

Unlike heatmaps.summary (planners, exact), every count here is public, so each one is shown
only when at least k distinct contributors (GP_AGGREGATE_MIN_CONTRIBUTORS, 3) stand behind it;
else it is None ("fewer than k"), zero included. Where exactly one part of a breakdown would
be hidden beside a shown total, the next smallest part is hidden too, so that no hidden count
is the difference of shown ones. Only published posts count; pending and rejected ones never.

    public_results(campaign) -> {
        "k", "posts", "contributors",                      (int | None)
        "categories": [{"key", "label", "colour", "sensitive", "posts"}],
        "statuses": [{"key", "label", "posts"}],
        "answers": [{"id", "category", "sensitive", "status", "answer", "responded_at",
                     "near"}],                              (near: "" for sensitive posts)
        "answers_total",
    }
"""

from django.conf import settings
from django.db import connection

from geo_participation.campaigns.models import Campaign, Category, PublicStatus
from geo_participation.submissions.models import Status, Submission

from .sql import load

TOTAL, CATEGORY, STATUS = 3, 1, 2  # grouping() of (category_id, public_status)
# The newest answers listed on the page; the list page has them all (filtered by status).
MAX_ANSWERS = 100


def min_contributors() -> int:
    """Return k: the fewest distinct contributors a public count needs to be shown."""
    return max(3, settings.GP_AGGREGATE_MIN_CONTRIBUTORS)


def public_results(campaign: Campaign) -> dict:
    """Return the campaign's public numbers, suppressed below k, and the city's answers."""
    k = min_contributors()
    rows = _counts(campaign)
    total = rows.get((TOTAL, None), (0, 0))
    total_posts = total[0] if total[1] >= k else None
    categories = list(Category.objects.filter(campaign=campaign).order_by("position", "key"))
    statuses = list(PublicStatus.objects.filter(campaign=campaign).order_by("position", "key"))
    category_posts = _breakdown(
        [rows.get((CATEGORY, c.pk), (0, 0)) for c in categories], k, total_posts
    )
    status_posts = _breakdown([rows.get((STATUS, s.key), (0, 0)) for s in statuses], k, total_posts)
    answers, answers_total = _answers(campaign, categories, statuses)
    return {
        "k": k,
        "posts": total_posts,
        "contributors": total[1] if total[1] >= k else None,
        "categories": [
            {
                "key": c.key,
                "label": c.label,
                "colour": c.colour,
                "sensitive": c.sensitive,
                "posts": n,
            }
            for c, n in zip(categories, category_posts, strict=True)
        ],
        "statuses": [
            {"key": s.key, "label": s.label, "posts": n}
            for s, n in zip(statuses, status_posts, strict=True)
        ],
        "answers": answers,
        "answers_total": answers_total,
    }


def _counts(campaign) -> dict:
    text = load("results_counts").format(
        submissions=connection.ops.quote_name(Submission._meta.db_table)
    )
    values = {"campaign": campaign.pk, "published": Status.APPROVED.value}
    with connection.cursor() as cursor:
        cursor.execute(text, values)
        out = {}
        for level, category_id, status, posts, contributors in cursor.fetchall():
            key = {TOTAL: None, CATEGORY: category_id, STATUS: status}[level]
            out[(level, key)] = (posts, contributors)
        return out


def _breakdown(parts: list[tuple[int, int]], k: int, total: int | None) -> list[int | None]:
    """Return each part's count, None where fewer than k contributors (or to protect one)."""
    shown = [posts if contributors >= k else None for posts, contributors in parts]
    hidden = [i for i, n in enumerate(shown) if n is None]
    if total is not None and len(hidden) == 1 and len(parts) > 1:
        # total - the shown parts would give the hidden one: hide the smallest shown part too.
        smallest = min((i for i, n in enumerate(shown) if n is not None), key=lambda i: shown[i])
        shown[smallest] = None
    return shown


def _answers(campaign, categories, statuses) -> tuple[list[dict], int]:
    """Return the newest published posts with an answer of the city, and how many there are."""
    by_pk = {c.pk: c for c in categories}
    labels = {s.key: s.label for s in statuses}
    answered = (
        Submission.objects.filter(campaign=campaign, status=Status.APPROVED)
        .exclude(answer="")
        .order_by("-responded_at", "-id")
    )
    rows = answered.values_list(
        "id", "category_id", "public_status", "answer", "responded_at", "near"
    )
    out = []
    for pk, category_id, status, answer, responded_at, near in rows[:MAX_ANSWERS]:
        category = by_pk[category_id]
        out.append(
            {
                "id": pk,
                "category": category.key,
                "category_label": category.label,
                "sensitive": category.sensitive,
                "status": status,
                "status_label": labels.get(status, status),
                "answer": answer,
                "responded_at": responded_at,
                # Sensitive posts say nothing of where they are here, not even a street.
                "near": "" if category.sensitive else near,
            }
        )
    return out, answered.count()
