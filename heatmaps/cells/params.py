"""Arguments of the cell layers (grid, hotspots, clusters): checked, normalised and described.

One place turns request query strings and Python arguments alike into a canonical dict, so the
GeoJSON views, the tiles, the exports and the management command key their stored runs the
same way. The filters are heatmaps.filters'; every refusal is a Rejected (HTTP 400) naming the
parameter.
"""

import hashlib
import json
import math

from django.conf import settings

from geo_participation.campaigns.models import Campaign

from .. import filters
from ..filters import bad
from ..models import Kind

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
FILTERS = ("category", "since", "until", "answers", "public_status", "min_support")
# The arguments of each kind besides the filters and k.
OWN = {
    Kind.GRID: ("cell_m", "shape"),
    Kind.HOTSPOTS: ("cell_m", "shape", "permutations", "seed", "fdr"),
    Kind.CLUSTERS: ("eps_m", "min_points", "hull"),
}


def normalise(kind: str, campaign: Campaign, **kwargs) -> tuple[dict, int]:
    """Return the canonical arguments of a run (without k) and the k to apply."""
    unknown = set(kwargs) - set(OWN[kind]) - set(FILTERS) - {"k"}
    if unknown:
        name = sorted(unknown)[0]
        raise bad(name, f"unknown parameter; allowed: {', '.join(OWN[kind] + FILTERS)}, k.")
    out = {"kind": str(kind)}
    for name in OWN[kind]:
        value = kwargs.get(name)
        out[name] = DEFAULTS[name] if value is None else CHECKS[name](name, value)
    chosen = filters.parse(campaign, **{n: kwargs[n] for n in FILTERS if n in kwargs})
    return out | chosen.describe(), _k(kwargs.get("k"))


def filters_of(campaign: Campaign, params: dict) -> filters.Filters:
    """Return the filters of normalised arguments."""
    return filters.parse(campaign, **{name: params.get(name) for name in FILTERS})


def params_key(campaign: Campaign, params: dict) -> str:
    """Return the stable hash a run is stored under."""
    text = json.dumps([campaign.pk, params], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def from_query(kind: str, query) -> dict:
    """Return keyword arguments from request query parameters (strings), refusing repeats."""
    return filters.check_names(query, (*OWN[kind], "k")) | filters.query_kwargs(query)


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
