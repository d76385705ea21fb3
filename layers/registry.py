"""Which layers exist, their fields and zoom ranges. Adding a layer is an entry here."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Layer:
    """A vector-tile layer: its name in the tile, the fields it carries and its zoom range."""

    name: str
    description: str
    # Field name -> TileJSON type ("Number", "String", "Boolean"); the only properties shipped.
    fields: dict[str, str] = field(default_factory=dict)
    minzoom: int = 0
    maxzoom: int = 20


SUBMISSIONS = Layer(
    name="submissions",
    description="Published submissions; sensitive categories generalised for the public.",
    fields={
        "id": "Number",
        "category": "String",
        "support_count": "Number",
        "created": "String",
        "generalised": "Boolean",
        "count": "Number",
    },
)

LAYERS = {layer.name: layer for layer in (SUBMISSIONS,)}
