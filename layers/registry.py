"""Which layers exist, their fields, zoom ranges and URLs. Adding a layer is an entry here.

One generic tile view and one generic TileJSON view (layers.tiles.views) serve every entry, at
routes made from the entry (layers.tiles.urls); the tile statement of each kind is built in
layers.tiles.sql, and layers.tiles.sources says what a request of each kind asks for.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy

from geo_participation.campaigns.models import Category
from geo_participation.references.models import ReferenceFeature
from geo_participation.submissions.models import Submission, TileCell
from heatmaps.api import GridCell


@dataclass(frozen=True)
class Field:
    """A property of the features in a layer: its TileJSON type and what it means."""

    type: str  # "Number", "String" or "Boolean", as TileJSON and Mapbox tooling name them
    description: str


# eq=False: layers are compared and hashed by identity, so the tile SQL can be built once per
# layer and cached (a dict field would make a value hash impossible).
@dataclass(frozen=True, eq=False)
class Layer:
    """A vector-tile layer: its name in the tile, the fields it carries and its zoom range."""

    name: str
    description: str
    # How its tiles are made, a statement builder of layers.tiles.sql:
    # - "submissions": published places, one feature each; grid cells with counts below
    #   GP_TILE_AGGREGATE_BELOW_ZOOM. Sensitive places generalised for the public.
    # - "grid_cells": the cells of a stored grid run (heatmaps), cells of fewer than k
    #   contributors left out. Public for everyone.
    # - "sections": the sections of the campaign's reference layers with their rating numbers
    #   (heatmaps.api.section_layer): k-suppressed for the public, whole for planners.
    kind: str
    # What a tile's cache key and ETag hold besides the layer, the campaign's published_version
    # (bumped by triggers whenever what the campaign publishes changes), z/x/y and the SQL
    # revision (layers.tiles.sources reads it from the request):
    # - "viewer": whether the viewer sees exact places (such tiles are never kept server-side);
    # - "aggregate": the normalised filters and k of the aggregate run the tile reads;
    # - "numbers": the filters, whether the viewer sees every number (planners; such tiles are
    #   never kept server-side) and the language of the names.
    key: str
    # For key "aggregate": which heatmaps aggregate (run kind) the tiles read, e.g. "grid".
    aggregate: str = ""
    # The only properties shipped, in tile order; layers.tiles.sql knows how to compute each.
    fields: dict[str, Field] = field(default_factory=dict)
    # A property per category of the campaign, named this prefix plus the category key, where
    # the kind has them; TileJSON lists them for each campaign.
    category_field: tuple[str, Field] | None = None
    minzoom: int = 0
    maxzoom: int = 20
    # Where it is served: /{mount}/{slug}[/{path}]/{z}/{x}/{y}.mvt, and its TileJSON at
    # /{mount}/{slug}[/{path}].json (see route_name).
    mount: str = "tiles"
    path: str = ""
    # Tables and the geometry column the tile SQL reads; quoted there, never from a request.
    table: str = ""
    geom_column: str = ""
    category_table: str = ""
    # The trigger-kept cell counts that aggregated tiles sum (see layers.tiles.sql).
    cell_table: str = ""
    # Below GP_TILE_AGGREGATE_BELOW_ZOOM, a tile is a grid of this many cells per side (each
    # cell 4096 / cells extent units: 128 is 2 px of a 256-px tile, 4 px of a 512-px one; a
    # z10 cell is about 200 m wide in Germany). Finer grids cost bytes and time at low zooms.
    aggregate_cells: int = 128

    def route_name(self, route: str) -> str:
        """Return the URL name of the layer's "tile" or "tilejson" route, within its mount."""
        return f"{self.path}-{route}" if self.path else route

    def field_names(self, *, aggregated: bool) -> tuple[str, ...]:
        """Return the properties a "submissions" tile carries, aggregated or not."""
        only_exact, only_cells = {"id", "created", "public_status"}, {"count"}
        skip = only_exact if aggregated else only_cells
        return tuple(name for name in self.fields if name not in skip)


SUBMISSIONS = Layer(
    name="submissions",
    kind="submissions",
    key="viewer",
    description=(
        "Published submissions; sensitive categories generalised for the public. Below the "
        "aggregation zoom each feature is a grid cell with a count."
    ),
    fields={
        "id": Field("Number", "Submission id (also the feature id); not on aggregated cells."),
        "category": Field(
            "String", "Category key; on an aggregated cell only when all its submissions share it."
        ),
        "support_count": Field("Number", "'Me too' count; on an aggregated cell, the sum."),
        "created": Field("String", "Date submitted, YYYY-MM-DD; not on aggregated cells."),
        "generalised": Field(
            "Boolean",
            "True when the position is not the exact geometry: a sensitive place snapped to the "
            "privacy grid, or an aggregated cell.",
        ),
        "count": Field("Number", "Submissions in the cell; aggregated cells only."),
        # The key only (a few bytes): labels and the answer come from the API or OGC item.
        "public_status": Field(
            "String", "Key of the public status (received, planned, ...); not on aggregated cells."
        ),
    },
    table=Submission._meta.db_table,
    geom_column="geom_3857",
    category_table=Category._meta.db_table,
    cell_table=TileCell._meta.db_table,
)

GRID_CELLS = Layer(
    name="grid",
    kind="grid_cells",
    key="aggregate",
    aggregate="grid",
    description=(
        "Hexagonal or square cells of published submissions (query parameters as for "
        "grid.geojson); cells and category counts of fewer than k contributors left out."
    ),
    fields={
        "id": Field("Number", "Stored cell id (also the feature id); changes with every run."),
        "cell_i": Field("Number", "Column index of the cell (ST_HexagonGrid / ST_SquareGrid)."),
        "cell_j": Field("Number", "Row index of the cell."),
        "count": Field("Number", "Published submissions in the cell."),
        "contributors": Field("Number", "Distinct contributors in the cell, at least k."),
        "support_sum": Field("Number", "Sum of the cell's 'me too' counts."),
    },
    category_field=(
        "count_",
        Field("Number", "Submissions of this category; only where at least k people make it."),
    ),
    mount="heatmaps",
    path="grid",
    table=GridCell._meta.db_table,
    geom_column="geom_3857",
)

SECTIONS = Layer(
    name="sections",
    kind="sections",
    key="numbers",
    description=(
        "Sections of the campaign's reference layers with their published ratings (filters as "
        "for sections.geojson); for the public, numbers of sections rated by fewer than k "
        "people are left out."
    ),
    fields={
        "id": Field("Number", "Section id (also the feature id)."),
        "name": Field("String", "Name of the section, in the request's language."),
        "layer": Field("Number", "Reference layer id."),
        "ratings": Field("Number", "Published ratings; only where at least k people rated."),
        "contributors": Field("Number", "Distinct people who rated it; only from k on."),
        "mean": Field("Number", "Mean answer to the first rating question (1 to 5)."),
        "support_sum": Field("Number", "Sum of the ratings' 'me too' counts."),
    },
    mount="heatmaps",
    path="sections",
    table=ReferenceFeature._meta.db_table,
    geom_column="geom_3857",
)

LAYERS = {layer.name: layer for layer in (SUBMISSIONS, GRID_CELLS, SECTIONS)}

# Posts per grid cell, in every drawing of the grid (the workspace map, the QGIS project):
# sequential ColorBrewer YlOrRd, 5 classes, light for few. GRID_NOTE is its legend's words.
GRID_RAMP = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
GRID_NOTE = gettext_lazy(
    "From light yellow (few posts) to dark red (most posts in a cell). Cells of fewer than 3 "
    "contributors are left out."
)

# The Gi* hotspot classes every drawing of them uses (the report's map, the QGIS project):
# (hotspot and confidence) -> label and colour; ColorBrewer RdBu, red for hot.
HOTSPOT_CLASSES = (
    (("hot", 99), gettext_lazy("hot, 99 %"), "#b2182b"),
    (("hot", 95), gettext_lazy("hot, 95 %"), "#ef8a62"),
    (("hot", 90), gettext_lazy("hot, 90 %"), "#fddbc7"),
    (("cold", 90), gettext_lazy("cold, 90 %"), "#d1e5f0"),
    (("cold", 95), gettext_lazy("cold, 95 %"), "#67a9cf"),
    (("cold", 99), gettext_lazy("cold, 99 %"), "#2166ac"),
)

# Sections by mean rating, in every drawing of them (the workspace map): five equal classes of
# the 1-5 scale, ColorBrewer RdYlBu (colour-blind safe), red for poorly rated. Each class is
# (lowest mean, colour); a class runs up to the next one's lowest mean, the last to 5.
SECTION_CLASSES = (
    (1.0, "#d7191c"),
    (1.8, "#fdae61"),
    (2.6, "#ffffbf"),
    (3.4, "#abd9e9"),
    (4.2, "#2c7bb6"),
)
SECTION_NOTE = gettext_lazy(
    "Mean rating from red (1, poor) to blue (5, good); grey: no rating yet. Lines have a dark "
    "edge so that the light classes stay visible."
)
