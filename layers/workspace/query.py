"""What the workspace page's GET form asks for: the filters and analysis parameters, checked.

The form's fields carry the names the API uses (heatmaps.filters' dialect, and each layer's own
parameters), so the page's URL is shareable and its query string is what every layer and every
download gets. Each value is checked by its owner: the filters by heatmaps.filters, cell size,
bandwidth and the cluster arguments by heatmaps.api. This module only collects the values, asks
those owners and puts each refusal, in plain words, next to its field.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.translation import gettext as _

from geo_participation.errors import Rejected
from heatmaps import api, filters

# The filter fields of the form, as the dialect names them (answers.<question> besides).
# Several ticked boxes of a list field become one comma-separated value, as the API takes it.
LIST_FILTERS = ("category", "public_status")
SINGLE_FILTERS = ("since", "until", "min_support")
# Each analysis parameter and the layers that take it (no other layer is sent it).
PARAMETERS = api.LAYER_PARAMETERS
# Gi* confidence levels: hotspots.geojson carries every cell's level, the page draws those
# at or above the chosen one. Not sent to any layer.
CONFIDENCES = (90, 95, 99)
DEFAULT_CONFIDENCE = 90


@dataclass
class WorkspaceQuery:
    """The checked request of the workspace page: filter pairs, parameters and errors."""

    pairs: list[tuple[str, str]] = field(default_factory=list)  # filters, as sent to layers
    params: dict[str, str] = field(default_factory=dict)  # analysis parameters given
    confidence: int = DEFAULT_CONFIDENCE
    errors: dict[str, str] = field(default_factory=dict)  # form field name -> message
    chosen: filters.Filters | None = None  # the filters, when they are valid

    def query(self, layer: str = "") -> str:
        """Return the query string of a layer: the filters plus the parameters it takes."""
        own = [(name, value) for name, value in self.params.items() if layer in PARAMETERS[name]]
        # The checked filters as the dialect writes them (one writer for every link).
        written = self.chosen.query_string() if self.chosen else urlencode(self.pairs)
        return "&".join(part for part in (written, urlencode(own)) if part)

    def page_query(self) -> str:
        """Return the query string of the page itself (filters, parameters, confidence)."""
        extra = [] if self.confidence == DEFAULT_CONFIDENCE else [("confidence", self.confidence)]
        return urlencode(self.pairs + list(self.params.items()) + extra)

    def value(self, name: str) -> list[str]:
        """Return the values of a filter field as given (list fields split at commas)."""
        found = [value for key, value in self.pairs if key == name]
        if name in LIST_FILTERS:
            return [part for value in found for part in value.split(",") if part]
        return found


def parse(campaign, get: QueryDict) -> WorkspaceQuery:
    """Return the page's request checked; refusals land in errors, nothing is raised."""
    checked = WorkspaceQuery(pairs=_filter_pairs(get))
    try:
        checked.chosen = filters.from_query(campaign, QueryDict(urlencode(checked.pairs)))
    except Rejected as exc:
        name = _field_of(exc, checked.pairs)
        checked.errors[name] = _message(name, exc)
    for name in PARAMETERS:
        raw = (get.get(name) or "").strip()
        if not raw:
            continue
        checked.params[name] = raw
        # Checked alone (with valid filters only): a bad filter is named once, at its field.
        query = QueryDict(urlencode((checked.pairs if checked.chosen else []) + [(name, raw)]))
        try:
            api.check_parameter(campaign, name, query)
        except Rejected as exc:
            checked.errors[name] = _message(name, exc)
    _confidence(checked, get.get("confidence"))
    return checked


def _filter_pairs(get: QueryDict) -> list[tuple[str, str]]:
    """Return the filter values given, empty fields left out and lists joined."""
    pairs = []
    for name in LIST_FILTERS:
        values = [v.strip() for v in get.getlist(name) if v.strip()]
        if values:
            pairs.append((name, ",".join(values)))
    for name in SINGLE_FILTERS:
        pairs += [(name, v.strip()) for v in get.getlist(name) if v.strip()]
    for name in sorted(get):
        if name.startswith(filters.ANSWER_PREFIX):
            pairs += [(name, v) for v in get.getlist(name) if v.strip()]
    return pairs


def _confidence(checked: WorkspaceQuery, raw: str | None) -> None:
    if not raw:
        return
    if raw not in {str(level) for level in CONFIDENCES}:
        checked.errors["confidence"] = _("Choose one of the listed confidence levels.")
        return
    checked.confidence = int(raw)


def _field_of(exc: Rejected, pairs) -> str:
    name = str(exc.context.get("parameter") or "")
    if name == "answers":  # too many answer filters: named at the first
        name = next((key for key, _v in pairs if key.startswith(filters.ANSWER_PREFIX)), "")
    return name or "__all__"


def _message(name: str, exc: Rejected) -> str:
    """Return a plain refusal for the field, in the page's language."""
    limits = {key: {"low": low, "high": high} for key, (low, high) in api.PARAMETER_LIMITS.items()}
    if name == "until" and "after" in str(exc.detail):
        return _("The end of the period must come after its start.")
    if name.startswith(filters.ANSWER_PREFIX):
        return _("Choose one of the listed answers (for the chosen categories).")
    plain = {
        "category": _("Choose categories from the list."),
        "since": _("Enter a date as YYYY-MM-DD, from 1900 on."),
        "until": _("Enter a date as YYYY-MM-DD, from 1900 on."),
        "public_status": _("Choose statuses from the list."),
        "min_support": _("Enter a whole number of supports, 0 or more."),
        "cell_m": _("Enter a cell size in metres from %(low)d to %(high)d.") % limits["cell_m"],
        "bandwidth": _(
            "Enter a bandwidth in metres up to %(high)d. Large areas and sensitive categories "
            "need more than %(low)d: the default always works."
        )
        % limits["bandwidth"],
        "eps_m": _("Enter a distance in metres from %(low)d to %(high)d.") % limits["eps_m"],
        "min_points": _("Enter a whole number of posts from %(low)d to %(high)d.")
        % limits["min_points"],
    }
    return plain.get(name) or _("The filter could not be applied: %(detail)s") % {
        "detail": exc.detail
    }
