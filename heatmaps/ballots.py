"""The tally of a poll or vote: per question and option counts and shares, scale means and
distributions, ranking mean ranks and Borda points; two queries, the counting in PostgreSQL.

    ballot_tally(campaign, *, exact=False) -> dict
    ballot_counts(campaigns) -> {campaign id: ballots}   exact, for the planners' list

    {"ballots": n, "suppressed": bool, "k": k, "questions": [
        {"key", "kind", "label", "answered", "suppressed",
         "options": [{"key", "label", "count", "share", "mean_rank", "borda"}],   # not scale
         "scale": {"min", "max", "mean", "values": [{"value", "count", "share"}]}}]}  # scale

Shares are of the ballots answering the question (several ticks: they may add up to more than
1). Borda points: an option ranked p-th of m options earns m - p (the favourite m - 1), unranked
ones nothing. Public tallies (exact=False) of fewer than GP_AGGREGATE_MIN_CONTRIBUTORS ballots
show no numbers at all (suppressed, every count None): a poll answered by one or two people
would tell what they chose. The same holds per question: an optional question answered by fewer
than k ballots has every number of its own None (its "suppressed" true) while the others are
shown. Whether a tally may be shown at all is Campaign.results_visible()'s to say, not this
module's.
"""

from collections import defaultdict

from django.conf import settings
from django.db import connection
from django.db.models import Count

from geo_participation.campaigns.models import Campaign
from geo_participation.polls.models import Ballot, QuestionKind
from geo_participation.polls.selectors import poll_questions

from .sql import load


def _rows(name: str, campaign: Campaign) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(load(name), {"campaign": campaign.pk})
        return cursor.fetchall()


def _share(n: int, whole: int) -> float | None:
    return round(n / whole, 4) if whole else None


def _options(question, counts, answered) -> list[dict]:
    """Return each option's count and share, and for a ranking its mean rank and Borda points."""
    m = len(question.options.all())
    shown = []
    for option in question.options.all():
        at = counts.get(option.key, {})  # {position: n}
        picked = sum(at.values())
        entry = {"key": option.key, "label": option.label, "count": picked}
        entry["share"] = _share(picked, answered)
        if question.kind == QuestionKind.RANKING:
            ranks = sum(position * n for position, n in at.items())
            entry["mean_rank"] = round(ranks / picked, 2) if picked else None
            entry["borda"] = sum((m - position) * n for position, n in at.items())
        shown.append(entry)
    return shown


def _scale(question, counts, answered) -> dict:
    values = [
        {"value": v, "count": sum(counts.get(str(v), {}).values())}
        for v in range(question.scale_min, question.scale_max + 1)
    ]
    total = sum(row["count"] * row["value"] for row in values)
    for row in values:
        row["share"] = _share(row["count"], answered)
    return {
        "min": question.scale_min,
        "max": question.scale_max,
        "mean": round(total / answered, 2) if answered else None,
        "values": values,
    }


def _suppress_question(question: dict) -> None:
    """Take every number out of one question of a tally (fewer than k answered it)."""
    question["suppressed"] = True
    question["answered"] = None
    for option in question.get("options", []):
        option.update({key: None for key in ("count", "share", "mean_rank", "borda")})
    if "scale" in question:
        question["scale"]["mean"] = None
        for row in question["scale"]["values"]:
            row["count"] = row["share"] = None


def _suppress(tally: dict, k: int) -> dict:
    """Return the public tally: no numbers at all below k ballots, none of a question answered
    by fewer than k (an optional question two people answered would tell what they chose)."""
    if tally["ballots"] < k:
        tally["suppressed"] = True
        tally["ballots"] = None
    for question in tally["questions"]:
        if tally["suppressed"] or question["answered"] < k:
            _suppress_question(question)
    return tally


def ballot_tally(campaign: Campaign, *, exact: bool = False) -> dict:
    """Return the campaign's tally; public (exact=False) ones k-suppressed below k ballots."""
    # question -> answer value as text (an option key, a scale number) -> position -> n
    counts = defaultdict(lambda: defaultdict(dict))
    for question, value, position, n in _rows("ballot_values", campaign):
        counts[question][value][position] = n
    answered, ballots = {}, 0
    for question, total, n in _rows("ballot_answered", campaign):
        if total:
            ballots = n
        elif question is not None:
            answered[question] = n
    questions = []
    for question in poll_questions(campaign):
        entry = {
            "key": question.key,
            "kind": question.kind,
            "label": question.label,
            "answered": answered.get(question.key, 0),
            "suppressed": False,
        }
        if question.kind == QuestionKind.SCALE:
            entry["scale"] = _scale(question, counts[question.key], entry["answered"])
        else:
            entry["options"] = _options(question, counts[question.key], entry["answered"])
        questions.append(entry)
    k = settings.GP_AGGREGATE_MIN_CONTRIBUTORS
    tally = {"ballots": ballots, "suppressed": False, "k": k, "questions": questions}
    return tally if exact else _suppress(tally, k)


def ballot_counts(campaigns) -> dict[int, int]:
    """Return each campaign's number of ballots (0 for none), exactly: for planners only."""
    ids = [campaign.pk for campaign in campaigns]
    out = dict.fromkeys(ids, 0)
    rows = Ballot.objects.filter(campaign_id__in=ids).order_by().values_list("campaign_id")
    out.update(rows.annotate(n=Count("id")))
    return out
