"""Query parameters: each one parsed and checked here, so a bad value is a 400, never a 500."""

import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from django.contrib.gis.geos import Polygon
from django.http import QueryDict

from .crs import CRS84, Crs, bbox_polygon, crs_from_param
from .errors import InvalidParameter

FORMATS = ("json", "html")
COMMON = frozenset({"f"})
ITEM = COMMON | {"crs"}
ITEMS = ITEM | {"bbox", "bbox-crs", "datetime", "limit", "offset", "category", "public_status"}

DEFAULT_LIMIT = 10
MAX_LIMIT = 10_000
# Far beyond any collection, and well inside PostgreSQL's bigint OFFSET.
MAX_OFFSET = 2**53

_UNSIGNED = re.compile(r"[0-9]+\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
# RFC 3339 date-time: the offset (Z or ±hh:mm) is required.
_DATE_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})\Z"
)
_OPEN = ("", "..")


@dataclass(frozen=True)
class TimeFilter:
    """Bounds on created_at; `upper` is inclusive unless `upper_exclusive` (whole days)."""

    lower: datetime | None
    upper: datetime | None
    upper_exclusive: bool = False


@dataclass(frozen=True)
class ItemsQuery:
    """What an items request asks for, checked."""

    limit: int = DEFAULT_LIMIT
    offset: int = 0
    bbox: Polygon | None = None
    time: TimeFilter | None = None
    crs: Crs = CRS84
    category: str | None = None
    # Checked against the campaign's statuses in queries (comma-separated keys).
    public_status: str | None = None


def single_values(query: QueryDict, allowed: frozenset) -> dict[str, str]:
    """Return the query parameters as a dict, refusing unknown and repeated ones."""
    unknown = sorted(set(query) - allowed)
    if unknown:
        raise InvalidParameter(
            f"Unknown query parameter(s): {', '.join(unknown)}. "
            f"Allowed here: {', '.join(sorted(allowed))}."
        )
    repeated = sorted(name for name, values in query.lists() if len(values) > 1)
    if repeated:
        raise InvalidParameter(f"Query parameter(s) given more than once: {', '.join(repeated)}.")
    return {name: query[name] for name in query}


def output_format(params: dict[str, str]) -> str | None:
    """Return the format the `f` parameter asks for (json or html), or None when absent."""
    raw = params.get("f")
    if raw is None:
        return None
    value = raw.lower()
    if value not in FORMATS:
        raise InvalidParameter(f"f must be one of {', '.join(FORMATS)}, not {raw!r}.")
    return value


def items_query(params: dict[str, str]) -> ItemsQuery:
    """Return the checked parameters of an items request."""
    bbox = None
    # Checked with or without a bbox: a value that means nothing is refused wherever it stands.
    bbox_crs = crs_from_param(params.get("bbox-crs"), name="bbox-crs")
    if "bbox" in params:
        bbox = bbox_polygon(parse_bbox(params["bbox"]), bbox_crs)
    return ItemsQuery(
        limit=parse_limit(params.get("limit")),
        offset=parse_offset(params.get("offset")),
        bbox=bbox,
        time=parse_datetime(params.get("datetime")),
        crs=crs_from_param(params.get("crs"), name="crs"),
        category=params.get("category"),
        public_status=params.get("public_status"),
    )


def parse_limit(raw: str | None) -> int:
    """Return the page size: default 10, at least 1, larger values clamped to 10,000."""
    if raw is None:
        return DEFAULT_LIMIT
    if not _UNSIGNED.match(raw) or int(raw) < 1:
        raise InvalidParameter(f"limit must be an integer of at least 1, not {raw!r}.")
    # The specification says a limit above the maximum is reduced to it, not refused.
    return min(int(raw), MAX_LIMIT)


def parse_offset(raw: str | None) -> int:
    """Return the number of features to skip (default 0)."""
    if raw is None:
        return 0
    if not _UNSIGNED.match(raw) or int(raw) > MAX_OFFSET:
        raise InvalidParameter(f"offset must be an integer from 0 to {MAX_OFFSET}, not {raw!r}.")
    return int(raw)


def parse_bbox(raw: str) -> list[float]:
    """Return the four numbers of a bbox; a 3-D bbox is refused (the data is 2-D)."""
    try:
        values = [float(part) for part in raw.split(",")]
    except ValueError:
        values = []
    if len(values) == 6:
        raise InvalidParameter("A 3-D bbox (six numbers) is not supported: the data is 2-D.")
    if len(values) != 4 or not all(math.isfinite(v) for v in values):
        raise InvalidParameter(f"bbox must be four numbers separated by commas, not {raw!r}.")
    return values


def parse_datetime(raw: str | None) -> TimeFilter | None:
    """Return the time filter for an instant, a closed interval a/b or an open one (../b, a/..)."""
    if raw is None:
        return None
    if "/" not in raw:
        start, end, exclusive = _instant(raw)
        return TimeFilter(start, end, exclusive)
    first, _, last = raw.partition("/")
    if first in _OPEN and last in _OPEN:
        # "../..", "/" or "../": open at both ends is no filter; leave datetime out for that.
        raise InvalidParameter(
            f"datetime interval {raw!r} has no bound; give a start, an end or both "
            "(a/b, ../b, a/..), or leave datetime out."
        )
    lower = None if first in _OPEN else _instant(first)[0]
    upper, exclusive = (None, False) if last in _OPEN else _instant(last)[1:]
    if lower is not None and upper is not None and lower > upper:
        raise InvalidParameter(f"datetime interval {raw!r} ends before it starts.")
    return TimeFilter(lower, upper, exclusive)


def _instant(raw: str) -> tuple[datetime, datetime, bool]:
    # A date-time is an instant; a date stands for the whole UTC day, so its upper bound is the
    # next midnight, exclusive.
    try:
        if _DATE_TIME.match(raw.upper()):
            # In UTC: PostgreSQL refuses offsets beyond ±15:59, which RFC 3339 allows.
            moment = datetime.fromisoformat(raw.upper()).astimezone(UTC)
            return moment, moment, False
        if _DATE.match(raw):
            day = datetime.combine(datetime.fromisoformat(raw).date(), time(), tzinfo=UTC)
            return day, day + timedelta(days=1), True
    except (ValueError, OverflowError):
        pass
    hint = " (encode '+' as %2B in the URL)" if " " in raw else ""
    raise InvalidParameter(
        f"datetime {raw!r} is not an RFC 3339 date-time with offset, a date, or an interval "
        f"of them (a/b, ../b, a/..){hint}."
    )
