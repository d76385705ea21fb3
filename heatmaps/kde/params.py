"""Parameters of a density surface: the filters (heatmaps.filters), the weight and the kernel.

weight=count|support    support: each submission weighs 1 + support_count
bandwidth=250           kernel standard deviation in ground metres
"""

import hashlib
import math
import re
from dataclasses import dataclass

from django.conf import settings

from geo_participation.campaigns.models import Campaign

from .. import filters as f
from .grid import GRID_SIZE, min_sigma

DEFAULT_BANDWIDTH_M = 250.0
MAX_BANDWIDTH_M = 5000.0
# Below this a surface over a few dozen metres only redraws single places.
MIN_BANDWIDTH_M = 25.0
WEIGHTS = ("count", "support")
OWN = ("weight", "bandwidth")
_NUMBER = re.compile(r"[0-9]{1,7}(\.[0-9]{1,6})?")


@dataclass(frozen=True)
class KdeParams:
    """Checked density parameters: the filters, resolved categories, weight and bandwidth."""

    filters: f.Filters
    category_ids: tuple[int, ...]  # the chosen categories (all of them without a filter)
    category_keys: tuple[str, ...]
    sensitive_ids: tuple[int, ...]  # chosen categories published only generalised
    weight: str
    bandwidth_m: float
    sigma: float  # the bandwidth in EPSG:3857 units at the campaign's latitude

    def key(self) -> str:
        """Return a short hash naming these parameters (part of cache keys and ETags)."""
        text = repr((self.filters.key(), self.weight, self.bandwidth_m))
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def describe(self) -> dict:
        """Return the parameters as the caller can read them back (legend, GeoTIFF metadata)."""
        described = self.filters.describe()
        described["category"] = list(self.category_keys)
        return described | {"weight": self.weight, "bandwidth_m": self.bandwidth_m}

    def unit(self) -> str:
        """Return the unit of the densities, as legends and files name it."""
        if self.weight == "support":
            return "weighted places per km² (1 + supports each)"
        return "places per km²"


def parse_params(campaign: Campaign, query, *, extra=()) -> KdeParams:
    """Return the checked parameters of a request's query, or raise Rejected (400)."""
    own = f.check_names(query, (*OWN, *extra))
    filters = f.from_query(campaign, query)
    every = list(campaign.categories.all())
    chosen = [c for c in every if filters.categories is None or c.key in filters.categories]
    weight = own.get("weight") or "count"
    if weight not in WEIGHTS:
        raise f.bad("weight", f"must be one of {', '.join(WEIGHTS)}, not {weight[:20]!r}.")
    sensitive = tuple(sorted(c.pk for c in chosen if c.sensitive))
    bandwidth = _bandwidth(campaign, own.get("bandwidth"), sensitive=bool(sensitive))
    return KdeParams(
        filters=filters,
        category_ids=tuple(sorted(c.pk for c in chosen)),
        category_keys=tuple(sorted(c.key for c in chosen)),
        sensitive_ids=sensitive,
        weight=weight,
        bandwidth_m=bandwidth,
        sigma=bandwidth * campaign.mercator_scale(),
    )


def _bandwidth(campaign, raw, *, sensitive):
    # Sensitive places are public only on the GP_SENSITIVE_GRID_M grid: a narrower kernel
    # would draw that grid, and around a lone place it would point at it.
    floor = max(MIN_BANDWIDTH_M, min_sigma(extent_3857(campaign)) / campaign.mercator_scale())
    if sensitive:
        floor = max(floor, settings.GP_SENSITIVE_GRID_M)
    floor = math.ceil(floor)
    if floor > MAX_BANDWIDTH_M:
        raise f.bad(
            "bandwidth",
            f"this campaign's area needs at least {floor} m on a {GRID_SIZE}-cell grid, more "
            f"than the {MAX_BANDWIDTH_M:.0f} m allowed.",
        )
    if raw is None:
        return max(DEFAULT_BANDWIDTH_M, floor)
    if not _NUMBER.fullmatch(raw):
        raise f.bad("bandwidth", f"must be a number of metres, not {raw[:20]!r}.")
    value = float(raw)
    if not floor <= value <= MAX_BANDWIDTH_M:
        why = (
            " (sensitive categories are selected)" if sensitive and floor > MIN_BANDWIDTH_M else ""
        )
        raise f.bad(
            "bandwidth", f"must be between {floor} and {MAX_BANDWIDTH_M:.0f} m{why}, got {raw}."
        )
    return value


def extent_3857(campaign: Campaign) -> tuple[float, float, float, float]:
    """Return the campaign area's extent in EPSG:3857."""
    return campaign.area.transform(3857, clone=True).extent
