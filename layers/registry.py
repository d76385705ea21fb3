"""Which layers exist, their fields and zoom ranges. Adding a layer is an entry here."""

from dataclasses import dataclass, field

from geo_participation.campaigns.models import Category
from geo_participation.submissions.models import Submission, TileCell


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
    # The only properties shipped, in tile order; layers.tiles.sql knows how to compute each.
    fields: dict[str, Field] = field(default_factory=dict)
    minzoom: int = 0
    maxzoom: int = 20
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

    def field_names(self, *, aggregated: bool) -> tuple[str, ...]:
        """Return the properties a tile of this layer carries, aggregated or not."""
        only_exact, only_cells = {"id", "created"}, {"count"}
        skip = only_exact if aggregated else only_cells
        return tuple(name for name in self.fields if name not in skip)


SUBMISSIONS = Layer(
    name="submissions",
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
    },
    table=Submission._meta.db_table,
    geom_column="geom_3857",
    category_table=Category._meta.db_table,
    cell_table=TileCell._meta.db_table,
)

LAYERS = {layer.name: layer for layer in (SUBMISSIONS,)}
