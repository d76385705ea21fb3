"""Ratings per section of a campaign's reference layers: counts, contributors, means, choices.

A rating is a published (approved) submission pointing at a section (Submission.reference);
the filters of heatmaps.filters apply to it like to any post. One statement (sql/sections.sql)
counts every section; the numbers are laid out here, and the k rule applied, in one place:

    section_layer(campaign, filters, *, exact) -> geopandas.GeoDataFrame (EPSG:4326)

One row per section (rated or not), in the order of its layer and position, with columns
    id, layer, layer_name, name, section     the section (id of references.ReferenceFeature)
    ratings, contributors, support_sum       published ratings, distinct contributors (author,
                                             else anonymous client), sum of their supports
    mean                                     mean of the first rating question (what maps colour)
    q_<key>_mean                             per rating question: its mean answer
    q_<key>_<value>                          per rating, choice and time-of-day question: how
                                             often each value was given (a ticked box counts once)
and the section's geometry. For the public (exact=False) a section of fewer than k distinct
contributors (none included) keeps only its name and geometry (every number null), and a
question answered by fewer than k of them has its mean and counts null: nobody's rating can be
told apart. Planners (exact=True) see every number. k is GP_AGGREGATE_MIN_CONTRIBUTORS (3).
While the campaign's results are not public (Campaign.results_visible(): closed, or staff chose
to show them early) the public sees no numbers at all, as if every section were below k.
"""

import json
from dataclasses import dataclass
from functools import cache

import geopandas as gpd
import pandas as pd
import shapely
from django.conf import settings
from django.contrib.gis.db.models.functions import AsWKB
from django.db import connection
from django.utils.translation import gettext as _

from geo_participation.campaigns.models import Campaign, Category
from geo_participation.campaigns.questions import RATING_RANGE, label_of
from geo_participation.campaigns.translation import localized
from geo_participation.references.models import ReferenceFeature, ReferenceLayer
from geo_participation.submissions.models import Status, Submission
from geo_participation.web.fields import TIME_OF_DAY_LABELS

from . import store
from .filters import Filters
from .sql import CONDITIONS, filter_conditions, load

# The question types counted per value; free text is no category to count.
COUNTED = ("rating", "single_choice", "multiple_choice", "time_of_day")
BASE = ("id", "layer", "layer_name", "name", "section")
NUMBERS = ("ratings", "contributors", "support_sum", "mean")
NOBODY = {"ratings": 0, "contributors": 0, "support_sum": 0, "questions": {}}
# Means to three decimals: finer says nothing about a 1-5 scale, and every output agrees.
DIGITS = 3


@dataclass(frozen=True)
class Question:
    """A counted question of the rating categories: key, label, type and its possible values."""

    key: str
    label: str
    type: str
    values: tuple[tuple[str, str], ...]  # (value as text, label)

    @property
    def rated(self) -> bool:
        """Return whether the question is a 1-5 rating (it has a mean)."""
        return self.type == "rating"

    def columns(self) -> list[str]:
        """Return the question's column names: its mean (ratings) and a count per value."""
        mean = [f"q_{self.key}_mean"] if self.rated else []
        return mean + [f"q_{self.key}_{value}" for value, _label in self.values]


def questions(campaign: Campaign, filters: Filters) -> list[Question]:
    """Return the counted questions of the campaign's (filtered) categories, first of each key."""
    categories = Category.objects.filter(campaign=campaign).order_by("position", "key")
    if filters.categories is not None:
        categories = categories.filter(key__in=filters.categories)
    found: dict[str, Question] = {}
    for category in categories:
        for question in category.questions:
            if question["type"] in COUNTED and question["key"] not in found:
                found[question["key"]] = Question(
                    key=question["key"],
                    label=label_of(question),
                    type=question["type"],
                    values=tuple(_values(question)),
                )
    return list(found.values())


def _values(question) -> list[tuple[str, str]]:
    kind = question["type"]
    if kind == "rating":
        low, high = RATING_RANGE
        return [(str(n), str(n)) for n in range(low, high + 1)]
    if kind == "time_of_day":
        return [(value, str(label)) for value, label in TIME_OF_DAY_LABELS.items()]
    return [(c["value"], label_of(c)) for c in question["choices"]]


def columns(campaign: Campaign, filters: Filters) -> list[tuple[str, str, str]]:
    """Return (name, kind, description) of every column of the layer, in its order.

    kind is "integer", "real" or "text"; descriptions are in the active language.
    """
    return _described(questions(campaign, filters))


def _described(asked: list[Question]) -> list[tuple[str, str, str]]:
    described = [
        ("id", "integer", _("Section id.")),
        ("layer", "integer", _("Reference layer id.")),
        ("layer_name", "text", _("Name of the reference layer.")),
        ("name", "text", _("Name of the section.")),
        ("section", "integer", _("Number of the section along its feature (0: not split).")),
        ("ratings", "integer", _("Published ratings of the section.")),
        ("contributors", "integer", _("Distinct people who rated it.")),
        ("support_sum", "integer", _("Sum of the ratings' 'me too' counts.")),
        ("mean", "real", _("Mean answer to the first rating question (1 to 5).")),
    ]
    for question in asked:
        if question.rated:
            text = _("Mean answer to “%(label)s” (1 to 5).") % {"label": question.label}
            described.append((f"q_{question.key}_mean", "real", text))
        for value, label in question.values:
            text = _("Ratings answering “%(label)s” with “%(value)s”.") % {
                "label": question.label,
                "value": label,
            }
            described.append((f"q_{question.key}_{value}", "integer", text))
    return described


def section_layer(campaign: Campaign, filters: Filters, *, exact: bool) -> gpd.GeoDataFrame:
    """Return every section of the campaign with its rating numbers (EPSG:4326)."""
    asked = questions(campaign, filters)
    numbers = _numbers(campaign, filters, asked)
    k = settings.GP_AGGREGATE_MIN_CONTRIBUTORS
    features = (
        ReferenceFeature.objects.filter(campaign=campaign)
        .order_by("layer__position", "layer_id", "position", "id")
        .values_list(
            "id",
            "layer_id",
            localized("layer__name"),
            localized("name"),
            "section",
            AsWKB("geom"),
        )
    )
    described = _described(asked)
    names = [name for name, _kind, _text in described]
    visible = _public(campaign, exact=exact)
    rows, geometries, suppressed = [], [], 0
    for *base, wkb in features:
        counted = numbers.get(base[0], NOBODY)
        # Unrated sections too: the public must not tell "nobody" from "one or two people".
        shown = exact or (visible and counted["contributors"] >= k)
        suppressed += not shown
        row = dict(zip(BASE, base, strict=True))
        if shown:
            row |= _row(counted, asked, exact=exact, k=k)
        rows.append(row)
        geometries.append(bytes(wkb))
    frame = pd.DataFrame(rows, columns=names)
    for name, kind, _text in described:
        if kind == "integer":
            frame[name] = pd.array(frame[name], dtype="Int64")
        elif kind == "real":
            frame[name] = pd.array(frame[name], dtype="Float64")
    layer = gpd.GeoDataFrame(frame, geometry=shapely.from_wkb(geometries), crs="EPSG:4326")
    layer.attrs = {
        "kind": "sections",
        "parameters": {
            "filters": filters.describe(),
            "k": k,
            "exact": exact,
            "results_visible": visible,
        },
        "published_version": campaign.published_version,
        "suppressed": suppressed,
    }
    return layer


def _row(counted: dict, asked: list[Question], *, exact: bool, k: int) -> dict:
    row = {name: counted[name] for name in ("ratings", "contributors", "support_sum")}
    for question in asked:
        given = counted["questions"].get(question.key)
        if given is None:
            continue  # nobody answered it: no mean, and counts of 0 say the same as null
        if not exact and given["contributors"] < k:
            continue  # too few to show how they answered
        counts = given["counts"]
        for value, _label in question.values:
            row[f"q_{question.key}_{value}"] = counts.get(value, 0)
        if question.rated:
            row[f"q_{question.key}_mean"] = _mean(counts)
    # The first rating question of the campaign is what maps colour by.
    first = next((question for question in asked if question.rated), None)
    row["mean"] = row.get(f"q_{first.key}_mean") if first else None
    return row


def _mean(counts: dict[str, int]) -> float | None:
    given = {int(value): n for value, n in counts.items() if value.isdigit()}
    total = sum(given.values())
    if not total:
        return None
    return round(sum(value * n for value, n in given.items()) / total, DIGITS)


def _numbers(campaign: Campaign, filters: Filters, asked: list[Question]) -> dict[int, dict]:
    """Return {section id: {"ratings", "contributors", "support_sum", "questions"}}."""
    where, values = filter_conditions(filters, campaign)
    text = load("sections").format(
        submissions=connection.ops.quote_name(Submission._meta.db_table), filters=where
    )
    values |= {
        "campaign": campaign.pk,
        "published": Status.APPROVED.value,
        "keys": [question.key for question in asked],
    }
    with connection.cursor() as cursor:
        cursor.execute(text, values)
        return {
            section: {
                "ratings": ratings,
                "contributors": people,
                "support_sum": support,
                "questions": json.loads(counted),
            }
            for section, ratings, people, support, counted in cursor.fetchall()
        }


def identity(campaign: Campaign, filters: Filters, *, exact: bool) -> tuple:
    """Return what the layer depends on, for ETags: version, filters, viewer, k and code."""
    k = settings.GP_AGGREGATE_MIN_CONTRIBUTORS
    # Visibility flips at closes_at without a version bump: part of every key and ETag.
    visible = _public(campaign, exact=exact)
    return (campaign.pk, campaign.published_version, filters.key(), exact, visible, k, revision())


def _public(campaign: Campaign, *, exact: bool) -> bool:
    """Return whether the viewer may see numbers at all: planners always, the public once the
    campaign's results are visible (the one home of that rule: Campaign.results_visible)."""
    return exact or campaign.results_visible()


@cache
def revision() -> str:
    """Return the hash of the code that shapes the numbers besides the data."""
    tables = (ReferenceFeature._meta.db_table, ReferenceLayer._meta.db_table)
    return store.revision(load("sections"), CONDITIONS, BASE, NUMBERS, DIGITS, tables)
