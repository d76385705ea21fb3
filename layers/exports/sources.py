"""What can be exported: approved submissions, and the aggregate layers of heatmaps/.

Adding an exportable layer is an entry in SOURCES. Each source checks its own query parameters
(`parse`) and returns its data without encoding it. Submissions, which may be a million rows,
return a queryset (`rows`) that layers.exports.encode reads in chunks; the aggregate layers,
bounded by their cell and level limits, return a GeoDataFrame (`frame`) from heatmaps.
"""

from dataclasses import dataclass

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from geo_participation.campaigns.models import GEOJSON_TYPE
from geo_participation.campaigns.translation import localized
from geo_participation.submissions.selectors import submission_list
from heatmaps.filters import check_names, from_query

from .aggregates import Aggregate, Contours, Sections
from .columns import (
    DATETIME,
    INTEGER,
    TEXT,
    Column,
    answer_expression,
    question_columns,
)

# Named from the public position (sensitive places generalised), as the public sees it.
NEAR = _("The named street or address within 150 m of the public position, or empty.")


# The descriptions go into the Shapefile zip's fields.csv, in the language of the request.
# What became of each post: every row is published, so its status and answer are public.
STATUS_COLUMNS = [
    (Column("public_status", TEXT, _("Key of the public status.")), F("public_status")),
    (
        Column("public_status_label", TEXT, _("Label of the public status.")),
        F("public_status_label"),
    ),
    (Column("answer", TEXT, _("The city's public answer, empty if none.")), F("answer")),
    (
        Column("responded_at", DATETIME, _("When status or answer last changed (UTC).")),
        F("responded_at"),
    ),
]


@dataclass(frozen=True)
class Rows:
    """A layer's rows ready to encode: the queryset, its columns and their expressions."""

    queryset: object
    columns: list[Column]
    expressions: list
    # GeoJSON geometry types the rows may have: "Point", "LineString", "Polygon".
    geometry_types: tuple[str, ...]


@dataclass(frozen=True)
class Submissions:
    """Approved submissions, one column per question of the chosen categories."""

    name: str = "submissions"
    description: str = "Approved submissions with their answers, one column per question."
    streamed = True

    def parse(self, campaign, query) -> dict:
        """Return {"categories", "filters"}: the chosen categories and heatmaps.filters."""
        check_names(query, ())
        chosen = from_query(campaign, query)
        everything = list(campaign.categories.order_by("position", "key"))
        if chosen.categories is not None:
            everything = [c for c in everything if c.key in chosen.categories]
        return {"categories": everything, "filters": chosen}

    def rows(self, *, campaign, viewer, params) -> Rows:
        """Return the approved submissions of the chosen categories, as the viewer may see them."""
        categories = params["categories"]
        # The one read path: it decides what is published and what is generalised. Exports
        # are for planners, whom it shows sensitive places exactly.
        qs = submission_list(
            campaign=campaign,
            viewer=viewer,
            client_id=None,
            own_pending=False,
        )
        # The filters (status and support included) on published rows only, as listed above.
        # No order: sorting a million rows costs more than any reader gains from it.
        qs = qs.filter(params["filters"].q(), category__in=categories)
        qs = qs.order_by().annotate(export_geom=F("out_geom"))
        base = [
            (Column("id", INTEGER, _("Submission id.")), F("id")),
            (Column("category", TEXT, _("Category key.")), F("category__key")),
            (Column("category_label", TEXT, _("Category label.")), localized("category__label")),
            (Column("comment", TEXT, _("The citizen's comment.")), F("comment")),
            (Column("near", TEXT, NEAR), F("near")),
            (Column("support_count", INTEGER, _("'Me too' count.")), F("support_count")),
            (Column("created", DATETIME, _("When it was submitted (UTC).")), F("created_at")),
            *STATUS_COLUMNS,
        ]
        answers = [
            (column, answer_expression(column, key)) for column, key in question_columns(categories)
        ]
        pairs = base + answers
        kinds = {GEOJSON_TYPE[category.geometry_kind] for category in categories}
        order = ("Point", "LineString", "Polygon")
        return Rows(
            queryset=qs,
            columns=[column for column, _ in pairs],
            expressions=[expression for _, expression in pairs],
            geometry_types=tuple(kind for kind in order if kind in kinds),
        )


SOURCES = {
    source.name: source
    for source in (
        Submissions(),
        Aggregate("grid", "Grid cells with counts per category (k-suppressed)."),
        Aggregate("hotspots", "Grid cells with Getis-Ord Gi* z, p and hot/cold class."),
        Aggregate("clusters", "DBSCAN clusters of submissions as hull polygons."),
        Contours("contours", "Areas where the kernel density reaches each level (places per km²)."),
        Sections(
            "sections",
            "Sections of the reference layers with their ratings: count, contributors, mean and "
            "answers per question (fewer than k contributors suppressed unless for planners).",
        ),
    )
}
