"""Arguments of the aggregate layers: checked, normalised and described.

One place turns request query strings and Python arguments alike into a canonical dict, so the
GeoJSON views, the tiles, the exports and the management command key their stored runs the
same way. Every refusal is a Rejected (HTTP 400) naming the parameter.
"""

import hashlib
import json
import math
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from geo_participation.campaigns.models import Campaign
from geo_participation.campaigns.questions import RATING_RANGE, TIME_OF_DAY
from geo_participation.errors import Rejected

from .models import Kind

CELL_M = (25.0, 5000.0)
EPS_M = (5.0, 2000.0)
MIN_POINTS = (2, 1000)
PERMUTATIONS = (99, 999)
SHAPES = ("hexagon", "square")
HULLS = ("convex", "concave")
DEFAULTS = {
    "cell_m": 250.0,
    "shape": "hexagon",
    "permutations": 999,
    "seed": 12345,
    "fdr": False,
    "eps_m": 100.0,
    "min_points": 5,
    "hull": "convex",
}
FILTERS = ("category", "since", "until", "answers", "k")
# The arguments of each kind besides the filters.
OWN = {
    Kind.GRID: ("cell_m", "shape"),
    Kind.HOTSPOTS: ("cell_m", "shape", "permutations", "seed", "fdr"),
    Kind.CLUSTERS: ("eps_m", "min_points", "hull"),
}
ANSWER_PREFIX = "answers."


def bad(name: str, detail: str) -> Rejected:
    """Return the 400 error for one parameter."""
    return Rejected(f"{name}: {detail}", code="invalid_parameter", parameter=name)


def normalise(kind: str, campaign: Campaign, **kwargs) -> tuple[dict, int]:
    """Return the canonical arguments of a run (without k) and the k to apply."""
    unknown = set(kwargs) - set(OWN[kind]) - set(FILTERS)
    if unknown:
        name = sorted(unknown)[0]
        raise bad(name, f"unknown parameter; allowed: {', '.join(OWN[kind] + FILTERS)}.")
    out = {"kind": str(kind)}
    for name in OWN[kind]:
        value = kwargs.get(name)
        out[name] = DEFAULTS[name] if value is None else CHECKS[name](name, value)
    out["category"] = _categories(campaign, kwargs.get("category"))
    out["since"] = _moment(campaign, "since", kwargs.get("since"))
    out["until"] = _moment(campaign, "until", kwargs.get("until"))
    if out["since"] and out["until"] and bounds(out)[1] <= bounds(out)[0]:
        raise bad("until", "must not be before since.")
    out["answers"] = _answers(campaign, out["category"], kwargs.get("answers"))
    return out, _k(kwargs.get("k"))


def params_key(campaign: Campaign, params: dict) -> str:
    """Return the stable hash a run is stored under."""
    text = json.dumps([campaign.pk, params], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def bounds(params: dict) -> tuple[datetime | None, datetime | None]:
    """Return the creation-time range as [lower, upper) aware datetimes (None: open)."""
    lower = upper = None
    if params["since"]:
        lower = _parse_moment(params["since"], end=False)
    if params["until"]:
        upper = _parse_moment(params["until"], end=True)
    return lower, upper


def _number(name, value, low, high, cast=float):
    try:
        if isinstance(value, bool):
            raise ValueError
        number = cast(value)
    except (TypeError, ValueError):
        raise bad(name, f"must be a number from {low:g} to {high:g}.") from None
    if not (math.isfinite(number) and low <= number <= high):
        raise bad(name, f"must be from {low:g} to {high:g}, not {value}.")
    return number


def _int(name, value, low, high):
    if isinstance(value, str) and not value.strip().lstrip("-").isdigit():
        raise bad(name, f"must be an integer from {low} to {high}.")
    if isinstance(value, float) and not value.is_integer():
        raise bad(name, f"must be an integer from {low} to {high}.")
    return int(_number(name, value, low, high, cast=int))


def _choice(name, value, options):
    if value not in options:
        raise bad(name, f"must be one of {', '.join(options)}.")
    return value


def _bool(name, value):
    if isinstance(value, bool):
        return value
    if value in ("true", "1"):
        return True
    if value in ("false", "0"):
        return False
    raise bad(name, "must be true or false.")


CHECKS = {
    "cell_m": lambda n, v: _number(n, v, *CELL_M),
    "shape": lambda n, v: _choice(n, v, SHAPES),
    "permutations": lambda n, v: _int(n, v, *PERMUTATIONS),
    "seed": lambda n, v: _int(n, v, 0, 2**32 - 1),
    "fdr": _bool,
    "eps_m": lambda n, v: _number(n, v, *EPS_M),
    "min_points": lambda n, v: _int(n, v, *MIN_POINTS),
    "hull": lambda n, v: _choice(n, v, HULLS),
}


def _k(value) -> int:
    floor = settings.GP_AGGREGATE_MIN_CONTRIBUTORS
    if value is None:
        return floor
    # Only upwards: the configured minimum protects contributors from every caller.
    return _int("k", value, floor, 1_000_000)


def _categories(campaign, value) -> list[str] | None:
    if value is None or value == "":
        return None
    keys = value.split(",") if isinstance(value, str) else list(value)
    known = {c.key for c in campaign.categories.all()}
    for key in keys:
        if key not in known:
            raise bad(
                "category", f"unknown key {str(key)[:60]!r}; known: {', '.join(sorted(known))}."
            )
    return sorted(set(keys))


def _moment(campaign, name, value) -> str | None:
    # Stored as ISO text: a date stays a date (the whole day), a date-time is made aware.
    if value is None or value == "":
        return None
    try:
        text = _iso(value)
        # Checked now, so that an end of time fails here and not in the query.
        _parse_moment(text, end=name == "until")
    except (ValueError, OverflowError, TypeError):
        raise bad(name, "must be a date (YYYY-MM-DD) or an ISO 8601 date-time.") from None
    return text


def _iso(value) -> str:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value)
        if len(text) == 10:
            return date.fromisoformat(text).isoformat()
        moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
    return moment.astimezone(UTC).isoformat()


def _parse_moment(text: str, *, end: bool) -> datetime:
    if len(text) == 10:
        day = date.fromisoformat(text) + timedelta(days=1 if end else 0)
        return datetime.combine(day, time(), tzinfo=ZoneInfo(settings.TIME_ZONE))
    # PostgreSQL keeps microseconds: the next one makes an inclusive end exclusive.
    return datetime.fromisoformat(text) + (timedelta(microseconds=1) if end else timedelta())


def _answers(campaign, categories, value) -> dict:
    if not value:
        return {}
    if not isinstance(value, dict):
        raise bad("answers", "must map question keys to values.")
    questions = {}
    for category in campaign.categories.all():
        if categories is None or category.key in categories:
            for question in category.questions:
                questions.setdefault(question["key"], question)
    out = {}
    for key, answer in sorted(value.items()):
        name = f"{ANSWER_PREFIX}{key}"
        if key not in questions:
            known = ", ".join(sorted(questions)) or "none"
            raise bad(name, f"no such question in these categories; known: {known}.")
        out[key] = _answer(name, questions[key], answer)
    return out


def _answer(name, question, value):
    kind = question["type"]
    if kind == "rating":
        return _int(name, value, *RATING_RANGE)
    if kind == "time_of_day":
        return _choice(name, value, TIME_OF_DAY)
    if kind == "single_choice":
        return _choice(name, value, [c["value"] for c in question["choices"]])
    if kind == "multiple_choice":
        # Stored as a list of values: the containment test matches a list holding this one.
        return [_choice(name, value, [c["value"] for c in question["choices"]])]
    # Free text is no category to aggregate by, and could single people out.
    raise bad(name, f"cannot filter by a {kind} question.")


def answers_filter(params: dict) -> str:
    """Return the JSON document a submission's answers must contain (jsonb @>)."""
    return json.dumps(params["answers"])


def from_query(kind: str, query) -> dict:
    """Return keyword arguments from request query parameters (strings), refusing repeats."""
    allowed = set(OWN[kind]) | set(FILTERS)
    kwargs, answers = {}, {}
    for name in query:
        values = query.getlist(name) if hasattr(query, "getlist") else [query[name]]
        if len(values) != 1:
            raise bad(name, "given more than once.")
        if name.startswith(ANSWER_PREFIX):
            answers[name.removeprefix(ANSWER_PREFIX)] = values[0]
        elif name in allowed:
            kwargs[name] = values[0]
        else:
            raise bad(
                str(name)[:60],
                f"unknown parameter; allowed: {', '.join(sorted(allowed))}, "
                f"{ANSWER_PREFIX}<question>.",
            )
    if answers:
        kwargs["answers"] = answers
    return kwargs
