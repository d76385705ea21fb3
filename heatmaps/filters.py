"""The one filter dialect of every aggregate, density and export endpoint, parsed here only.

    category=a,b                 category keys of the campaign; repeatable (category=a&category=b)
    since=2026-05-01             created at or after this moment (inclusive)
    until=2026-06-01             created before this moment (exclusive)
    answers.<question>=<value>   only submissions that gave this answer; repeatable: one question's
                                 values are alternatives (OR), different questions must all match
    answer=<question>:<value>    deprecated alias of answers.<question>=<value>; answers the same
    public_status=a,b            keys of the campaign's public statuses ("planned", "done");
                                 repeatable like category; an unknown key is refused, named
    min_support=3                support_count ("me too") at least this many; an integer from
                                 0 to 1,000,000 (0 is the same as leaving it out)

The period rule: since is inclusive and until exclusive, so since=2026-05-01&until=2026-06-01
is all of May and nothing of June. A date alone is the start of that day in settings.TIME_ZONE;
a date-time without an offset is in settings.TIME_ZONE; one with an offset (or Z) keeps it.
Every moment is turned into UTC here, so an RFC 3339 offset beyond PostgreSQL's ±15:59 (up to
±23:59:59.999999) names its moment like any other; moments before 1900 or from 9999 on are refused.
Every refusal is a Rejected (HTTP 400) naming the parameter: code "invalid_parameter", except
an unknown status, which keeps the code "unknown_status" of its one parser
(geo_participation.submissions.selectors.parse_public_status, which the submissions API, the OGC
items and the list page use too: geo_participation may not import heatmaps).
Only published posts are ever filtered here, so a status filter cannot reach an unpublished one.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q

from geo_participation.campaigns.models import Campaign
from geo_participation.campaigns.questions import RATING_RANGE, TIME_OF_DAY
from geo_participation.errors import Rejected
from geo_participation.submissions.selectors import parse_public_status

CATEGORY, SINCE, UNTIL = "category", "since", "until"
PUBLIC_STATUS, MIN_SUPPORT = "public_status", "min_support"
# Far above any post's support; below PostgreSQL's integer limit, so no value reaches SQL unchecked.
MAX_SUPPORT = 1_000_000
ANSWER_PREFIX = "answers."
ALIAS = "answer"  # deprecated: answer=<question>:<value>
MAX_ANSWERS = 20
# Moments outside these say nothing about submissions, and near the ends of the calendar a
# change of offset would overflow.
EARLIEST, LATEST = date(1900, 1, 1), date(9999, 1, 1)


def bad(name: str, detail: str) -> Rejected:
    """Return the 400 refusing one parameter, in the project's error shape."""
    return Rejected(f"{name}: {detail}", code="invalid_parameter", parameter=name)


@dataclass(frozen=True)
class Answer:
    """One question filtered by: its accepted values and the JSON documents that match them."""

    question: str
    values: tuple  # as stored in answers: a rating is an int, other answers text
    # JSON objects a submission's answers must contain (jsonb @>), any one of them.
    documents: tuple[str, ...]


@dataclass(frozen=True)
class Filters:
    """Which published submissions an aggregate counts; equal filters compare equal."""

    categories: tuple[str, ...] | None = None  # sorted keys; None: every category
    since: datetime | None = None  # aware, UTC, inclusive
    until: datetime | None = None  # aware, UTC, exclusive
    answers: tuple[Answer, ...] = ()  # sorted by question
    public_statuses: tuple[str, ...] | None = None  # sorted keys; None: every status
    min_support: int | None = None  # support_count >= this; None (never 0): any support

    def describe(self) -> dict:
        """Return the filters as a caller reads them back; parse(**describe()) gives them again."""
        return {
            CATEGORY: list(self.categories) if self.categories is not None else None,
            SINCE: self.since and self.since.isoformat(),
            UNTIL: self.until and self.until.isoformat(),
            # One value plainly, alternatives as a list.
            "answers": {a.question: _one_or_all(a.values) for a in self.answers},
            PUBLIC_STATUS: list(self.public_statuses) if self.public_statuses is not None else None,
            MIN_SUPPORT: self.min_support,
        }

    def query_string(self) -> str:
        """Return the filters as URL query parameters; from_query() reads them back equal.

        What links (exports, the report, tiles) carry to keep a filtered view: one dialect.
        """
        pairs = []
        for name, value in self.describe().items():
            if name == "answers":
                for question, given in value.items():
                    values = given if isinstance(given, list) else [given]
                    pairs += [(f"{ANSWER_PREFIX}{question}", str(v)) for v in values]
            elif isinstance(value, list):
                pairs.append((name, ",".join(value)))
            elif value is not None:
                pairs.append((name, str(value)))
        return urlencode(pairs)

    def key(self) -> str:
        """Return a short stable hash of the filters (part of cache keys and ETags)."""
        text = json.dumps(self.describe(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def category_ids(self, campaign: Campaign) -> list[int] | None:
        """Return the primary keys of the chosen categories (None: every category)."""
        if self.categories is None:
            return None
        return sorted(
            campaign.categories.filter(key__in=self.categories).values_list("pk", flat=True)
        )

    def q(self) -> Q:
        """Return the filters as an ORM condition on submissions."""
        condition = Q()
        if self.categories is not None:
            condition &= Q(category__key__in=self.categories)
        if self.since is not None:
            condition &= Q(created_at__gte=self.since)
        if self.until is not None:
            condition &= Q(created_at__lt=self.until)
        for answer in self.answers:
            alternatives = Q()
            for document in answer.documents:
                alternatives |= Q(answers__contains=json.loads(document))
            condition &= alternatives
        if self.public_statuses is not None:
            condition &= Q(public_status__in=self.public_statuses)
        if self.min_support is not None:
            condition &= Q(support_count__gte=self.min_support)
        return condition


FILTER_NAMES = (CATEGORY, SINCE, UNTIL, ALIAS, PUBLIC_STATUS, MIN_SUPPORT)


def _one_or_all(values: tuple):
    return values[0] if len(values) == 1 else list(values)


def is_filter(name: str) -> bool:
    """Return whether a query parameter belongs to the filters."""
    return name in FILTER_NAMES or name.startswith(ANSWER_PREFIX)


def from_query(campaign: Campaign, query) -> Filters:
    """Return the filters of request query parameters (other parameters are left alone)."""
    return parse(campaign, **query_kwargs(query))


def query_kwargs(query) -> dict:
    """Return the filter parameters of a query as keyword arguments of parse()."""
    values = _getter(query)
    categories = [part for value in values(CATEGORY) for part in value.split(",")]
    answers: dict[str, list[str]] = {}
    for name in query:
        if name.startswith(ANSWER_PREFIX):
            answers.setdefault(name.removeprefix(ANSWER_PREFIX), []).extend(values(name))
    for raw in values(ALIAS):
        question, sep, value = raw.partition(":")
        if not sep or not question or not value:
            raise bad(
                ALIAS,
                f"must be question:value, not {raw[:40]!r} (deprecated alias of "
                f"{ANSWER_PREFIX}<question>=<value>).",
            )
        answers.setdefault(question, []).append(value)
    kwargs = {name: _single(values, name) for name in (SINCE, UNTIL, MIN_SUPPORT)}
    if values(CATEGORY):
        kwargs[CATEGORY] = categories
    if values(PUBLIC_STATUS):
        kwargs[PUBLIC_STATUS] = ",".join(values(PUBLIC_STATUS))
    if answers:
        kwargs["answers"] = answers
    return {name: value for name, value in kwargs.items() if value is not None}


def parse(
    campaign: Campaign,
    *,
    category=None,
    since=None,
    until=None,
    answers=None,
    public_status=None,
    min_support=None,
) -> Filters:
    """Return checked filters from Python values: keys or lists, dates or datetimes, a dict."""
    lower, upper = _moment(SINCE, since), _moment(UNTIL, until)
    if lower and upper and upper <= lower:
        raise bad(UNTIL, "must be after since (since is inclusive, until exclusive).")
    chosen = _categories(campaign, category)
    return Filters(
        categories=chosen,
        since=lower,
        until=upper,
        answers=_answers(campaign, chosen, answers or {}),
        public_statuses=_statuses(campaign, public_status),
        min_support=_min_support(min_support),
    )


def check_names(query, allowed) -> dict[str, str]:
    """Return the single value of each non-filter parameter; refuse unknown and repeated ones."""
    values = _getter(query)
    out = {}
    for name in query:
        if is_filter(name):
            continue
        if name not in allowed:
            names = ", ".join(
                sorted({*allowed, CATEGORY, SINCE, UNTIL, PUBLIC_STATUS, MIN_SUPPORT})
            )
            raise Rejected(
                f"Unknown parameter {str(name)[:60]!r}; allowed: {names}, "
                f"{ANSWER_PREFIX}<question>.",
                code="invalid_parameter",
                parameter=str(name)[:60],
            )
        out[name] = _single(values, name)
    return out


def _getter(query):
    if hasattr(query, "getlist"):
        return query.getlist
    return lambda name: [] if query.get(name) is None else [query[name]]


def _single(values, name):
    given = values(name)
    if len(given) > 1:
        raise bad(name, "given more than once.")
    return given[0] if given else None


def _categories(campaign, value) -> tuple[str, ...] | None:
    if value is None:
        return None
    keys = value.split(",") if isinstance(value, str) else [str(k) for k in value]
    keys = [key for key in keys if key]
    if not keys:
        raise bad(CATEGORY, "names no category; leave it out for every category.")
    known = set(campaign.categories.values_list("key", flat=True))
    for key in keys:
        if key not in known:
            raise bad(CATEGORY, f"unknown key {key[:60]!r}; known: {', '.join(sorted(known))}.")
    return tuple(sorted(set(keys)))


def _statuses(campaign, value) -> tuple[str, ...] | None:
    if value is None or value == "":
        return None  # ?public_status= is every status, as in the submissions API
    # The one parser of the status filter; its refusal names the unknown key and the
    # campaign's statuses.
    raw = value if isinstance(value, str) else ",".join(str(key) for key in value)
    keys = parse_public_status(campaign, raw if raw else ",")
    return tuple(sorted(keys))


def _min_support(value) -> int | None:
    if value is None or value == "":
        return None
    text = str(value)
    if isinstance(value, bool) or not (text.isascii() and text.isdigit()):
        raise bad(
            MIN_SUPPORT, f"must be a whole number from 0 to {MAX_SUPPORT:,}, not {text[:20]!r}."
        )
    number = int(text)
    if number > MAX_SUPPORT:
        raise bad(MIN_SUPPORT, f"must be at most {MAX_SUPPORT:,}, not {text[:20]}.")
    # At least 0 supports is every post: the same filters, so the same cache key.
    return number or None


def _moment(name, value) -> datetime | None:
    """Return the moment a since/until value names, aware and in UTC."""
    if value is None or value == "":
        return None
    try:
        moment = _aware(value)
    except (ValueError, OverflowError, TypeError):
        hint = " (a '+' in a URL is written %2B)" if " " in str(value).strip() else ""
        raise bad(name, f"must be a date (YYYY-MM-DD) or an ISO 8601 date-time{hint}.") from None
    if (
        not datetime.combine(EARLIEST, time(), UTC)
        <= moment
        < datetime.combine(LATEST, time(), UTC)
    ):
        raise bad(name, f"must lie between {EARLIEST} and {LATEST}.")
    return moment


def _aware(value) -> datetime:
    zone = ZoneInfo(settings.TIME_ZONE)
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime.combine(value, time(), zone).astimezone(UTC)
    if not isinstance(value, datetime):
        text = str(value)
        if not (text.isascii() and text.isprintable()):
            # fromisoformat() overlooks a trailing NUL; no moment is written with one.
            raise ValueError(text)
        if len(text) == 10:  # a date alone: the start of that day
            return datetime.combine(date.fromisoformat(text), time(), zone).astimezone(UTC)
        value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(UTC)


def _answers(campaign, categories, given: dict) -> tuple[Answer, ...]:
    if not isinstance(given, dict):
        raise bad("answers", "must map question keys to values.")
    if not given:
        return ()
    total = sum(len(v) if isinstance(v, (list, tuple)) else 1 for v in given.values())
    if total > MAX_ANSWERS:
        raise bad("answers", f"at most {MAX_ANSWERS} answer filters.")
    questions: dict[str, list[dict]] = {}
    for category in campaign.categories.all():
        if categories is None or category.key in categories:
            for question in category.questions:
                questions.setdefault(question["key"], []).append(question)
    return tuple(
        _answer(key, questions, values if isinstance(values, (list, tuple)) else [values])
        for key, values in sorted(given.items())
    )


def _answer(key, questions, values) -> Answer:
    name = f"{ANSWER_PREFIX}{key}"
    if key not in questions:
        known = ", ".join(sorted(questions)) or "none"
        raise bad(name, f"no such question in these categories; known: {known}.")
    texts, documents = set(), set()
    for value in values:
        text = str(value) if not isinstance(value, bool) else ""
        found = {d for q in questions[key] if (d := _document(q, text))}
        if not found:
            accepted = sorted({a for q in questions[key] for a in _allowed(q) or ()})
            hint = f"one of {', '.join(accepted)}" if accepted else "free text is no filter"
            raise bad(name, f"{text[:40]!r} does not answer it ({hint}).")
        # As stored: a rating is a number, a ticked box one value of its list.
        typed = json.loads(min(found))[key]
        texts.add(typed[0] if isinstance(typed, list) else typed)
        documents |= found
    return Answer(
        question=key, values=tuple(sorted(texts, key=str)), documents=tuple(sorted(documents))
    )


def _allowed(question) -> list[str] | None:
    """Return the answers a question can have, as text; None for free text."""
    kind = question["type"]
    if kind == "rating":
        low, high = RATING_RANGE
        return [str(n) for n in range(low, high + 1)]
    if kind == "time_of_day":
        return list(TIME_OF_DAY)
    if kind in ("single_choice", "multiple_choice"):
        return [c["value"] for c in question["choices"]]
    # Free text is no category to aggregate by, and an exact match could single people out.
    return None


def _document(question, text: str) -> str | None:
    """Return the JSON object an answers column contains when it gives this answer, or None."""
    if text not in (_allowed(question) or ()):
        return None
    kind = question["type"]
    if kind == "rating":
        answer = int(text)
    elif kind == "multiple_choice":
        # Stored as a list of values: containment then means "this box was ticked".
        answer = [text]
    else:
        answer = text
    return json.dumps({question["key"]: answer}, ensure_ascii=False)
