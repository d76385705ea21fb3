"""Query parameters of the density endpoints, checked against the campaign and its questions.

?category=a,b        only these category keys (default: all of the campaign's)
&since=2026-05-01    created at or after (a date: from its start in GP_TIME_ZONE; or an
&until=2026-05-31    RFC 3339 date-time with offset); until is exclusive for date-times and
                     includes the whole day for dates
&answer=time_of_day:night   repeatable; one key's values are alternatives (OR), different
                            keys must all match (AND)
&weight=count|support       support: each submission weighs 1 + support_count
&bandwidth=250              kernel standard deviation in ground metres
"""

import hashlib
import json
import math
import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.dateparse import parse_date, parse_datetime

from geo_participation.campaigns.models import Campaign
from geo_participation.campaigns.questions import RATING_RANGE, TIME_OF_DAY

from .kde_grid import GRID_SIZE, min_sigma

DEFAULT_BANDWIDTH_M = 250.0
MAX_BANDWIDTH_M = 5000.0
# Below this a surface over a few dozen metres only redraws single places.
MIN_BANDWIDTH_M = 25.0
WEIGHTS = ("count", "support")
BASE_PARAMETERS = {"category", "since", "until", "answer", "weight", "bandwidth"}
REPEATABLE = {"answer"}
MAX_ANSWER_FILTERS = 20
_NUMBER = re.compile(r"[0-9]{1,7}(\.[0-9]{1,6})?")


class BadParameter(ValueError):
    """A query parameter the endpoint cannot use; the message names it and the problem."""


@dataclass(frozen=True)
class KdeParams:
    category_ids: tuple[int, ...]
    category_keys: tuple[str, ...]
    since: datetime | None
    until: datetime | None
    # ((question key, (JSON containment documents, any of which matches)), ...), sorted.
    answers: tuple[tuple[str, tuple[str, ...]], ...]
    answer_filters: tuple[str, ...]  # as given, "key:value", sorted
    weight: str
    bandwidth_m: float
    sigma: float  # the bandwidth in EPSG:3857 units at the campaign's latitude
    sensitive_ids: tuple[int, ...]  # selected categories published only generalised
    every_category: bool  # no category filter is needed in SQL

    def key(self) -> str:
        """Return a short hash naming these parameters (part of ETags and cache keys)."""
        text = repr(
            (
                self.category_ids,
                self.since and self.since.isoformat(),
                self.until and self.until.isoformat(),
                self.answers,
                self.weight,
                self.bandwidth_m,
            )
        )
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def describe(self) -> dict:
        """Return the parameters as the caller can read them back (legend, GeoTIFF metadata)."""
        return {
            "category": list(self.category_keys),
            "since": self.since and self.since.isoformat(),
            "until": self.until and self.until.isoformat(),
            "answer": list(self.answer_filters),
            "weight": self.weight,
            "bandwidth_m": self.bandwidth_m,
        }


def parse_params(campaign: Campaign, query, *, extra=()) -> KdeParams:
    """Return the checked parameters of a request's query, or raise BadParameter."""
    allowed = BASE_PARAMETERS | set(extra)
    for name in query:
        if name not in allowed:
            raise BadParameter(
                f"Unknown parameter {name[:40]!r}; use {', '.join(sorted(allowed))}."
            )
        if name not in REPEATABLE and len(query.getlist(name)) > 1:
            raise BadParameter(f"Parameter {name!r} is given more than once.")
    every = list(campaign.categories.all())
    categories = _categories(every, query.get("category"))
    since, until = _moment(query.get("since"), "since"), _moment(query.get("until"), "until", 1)
    if since and until and since >= until:
        raise BadParameter("since must be before until.")
    weight = query.get("weight", "count")
    if weight not in WEIGHTS:
        raise BadParameter(f"weight must be one of {', '.join(WEIGHTS)}, not {weight[:20]!r}.")
    sensitive = tuple(c.pk for c in categories if c.sensitive)
    bandwidth = _bandwidth(campaign, query.get("bandwidth"), sensitive=bool(sensitive))
    return KdeParams(
        category_ids=tuple(sorted(c.pk for c in categories)),
        category_keys=tuple(sorted(c.key for c in categories)),
        since=since,
        until=until,
        answers=_answers(categories, query.getlist("answer")),
        answer_filters=tuple(sorted(set(query.getlist("answer")))),
        weight=weight,
        bandwidth_m=bandwidth,
        sigma=bandwidth * campaign.mercator_scale(),
        sensitive_ids=tuple(sorted(sensitive)),
        every_category=len(categories) == len(every),
    )


def _categories(every, raw):
    if raw is None:
        return every
    by_key = {c.key: c for c in every}
    keys = [k for k in raw.split(",") if k]
    unknown = [k for k in keys if k not in by_key]
    if not keys or unknown:
        named = repr(unknown[0][:40]) if unknown else "nothing"
        raise BadParameter(f"category {named} is not one of {', '.join(sorted(by_key))}.")
    return [by_key[k] for k in dict.fromkeys(keys)]


def _moment(raw, name, days_after=0):
    """Return an aware datetime; a date means its midnight (days_after days later)."""
    if raw is None:
        return None
    try:
        day = parse_date(raw)
        moment = None if day else parse_datetime(raw)
        if day is not None:
            zone = ZoneInfo(settings.TIME_ZONE)
            return datetime.combine(day + timedelta(days=days_after), time(), zone)
    except (ValueError, OverflowError):
        moment = None
    if moment is None or moment.tzinfo is None:
        raise BadParameter(
            f"{name} must be a date (2026-05-01) or a date-time with offset "
            f"(2026-05-01T12:00:00Z), not {raw[:40]!r}."
        )
    return moment


def _bandwidth(campaign, raw, *, sensitive):
    # Sensitive places are public only on the GP_SENSITIVE_GRID_M grid: a narrower kernel
    # would draw that grid, and around a lone place it would point at it.
    floor = max(MIN_BANDWIDTH_M, min_sigma(extent_3857(campaign)) / campaign.mercator_scale())
    if sensitive:
        floor = max(floor, settings.GP_SENSITIVE_GRID_M)
    floor = math.ceil(floor)
    if floor > MAX_BANDWIDTH_M:
        raise BadParameter(
            f"bandwidth: this campaign's area needs at least {floor} m on a {GRID_SIZE}-cell "
            f"grid, more than the {MAX_BANDWIDTH_M:.0f} m allowed."
        )
    if raw is None:
        return max(DEFAULT_BANDWIDTH_M, floor)
    if not _NUMBER.fullmatch(raw):
        raise BadParameter(f"bandwidth must be a number of metres, not {raw[:20]!r}.")
    value = float(raw)
    if not floor <= value <= MAX_BANDWIDTH_M:
        why = (
            " (sensitive categories are selected)" if sensitive and floor > MIN_BANDWIDTH_M else ""
        )
        raise BadParameter(
            f"bandwidth must be between {floor} and {MAX_BANDWIDTH_M:.0f} m{why}, got {raw}."
        )
    return value


def extent_3857(campaign: Campaign) -> tuple[float, float, float, float]:
    """Return the campaign area's extent in EPSG:3857."""
    return campaign.area.transform(3857, clone=True).extent


def _answers(categories, raw_filters):
    if len(raw_filters) > MAX_ANSWER_FILTERS:
        raise BadParameter(f"At most {MAX_ANSWER_FILTERS} answer filters.")
    questions = {}
    for category in categories:
        for question in category.questions:
            questions.setdefault(question["key"], []).append(question)
    chosen = {}
    for raw in raw_filters:
        key, sep, value = raw.partition(":")
        if not sep or not key or not value:
            raise BadParameter(f"answer must be question:value, not {raw[:40]!r}.")
        if key not in questions:
            known = ", ".join(sorted(questions)) or "none"
            raise BadParameter(f"answer: no question {key[:40]!r} here (questions: {known}).")
        documents = [_document(q, value) for q in questions[key]]
        if not any(documents):
            allowed = sorted({a for q in questions[key] for a in _allowed(q) or ()})
            hint = f"one of {', '.join(allowed)}" if allowed else "free text, not a filter"
            raise BadParameter(f"answer: {value[:40]!r} does not answer {key!r} ({hint}).")
        chosen.setdefault(key, set()).update(d for d in documents if d)
    return tuple((key, tuple(sorted(docs))) for key, docs in sorted(chosen.items()))


def _allowed(question):
    """Return the answers a question can have, as query strings; None for free text."""
    kind = question["type"]
    if kind == "rating":
        low, high = RATING_RANGE
        return [str(n) for n in range(low, high + 1)]
    if kind == "time_of_day":
        return list(TIME_OF_DAY)
    if kind in ("single_choice", "multiple_choice"):
        return [c["value"] for c in question["choices"]]
    # Free text is no category to map by; an exact match would be a search, not a filter.
    return None


def _document(question, value):
    """Return the JSON object an answers column contains when it gives this answer, or None."""
    key, kind = question["key"], question["type"]
    if value not in (_allowed(question) or ()):
        return None
    if kind == "rating":
        answer = int(value)
    elif kind == "multiple_choice":
        # A multiple-choice answer is a list: containment then means "this box was ticked".
        answer = [value]
    else:
        answer = value
    return json.dumps({key: answer}, ensure_ascii=False)
