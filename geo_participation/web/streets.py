"""Street names with one approximate point each, for placing a submission without a map."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.gis.geos import Point

# Demo data for Kaiserslautern (see fixtures/README.md): hand-placed, approximate points.
STREETS_FILE = Path(settings.BASE_DIR) / "fixtures" / "kaiserslautern_streets.geojson"


@dataclass(frozen=True)
class Street:
    """A street name and its approximate WGS 84 point."""

    name: str
    lon: float
    lat: float


@cache
def all_streets() -> tuple[Street, ...]:
    """Return every street of the gazetteer file, sorted by name."""
    features = json.loads(STREETS_FILE.read_text(encoding="utf-8"))["features"]
    streets = (Street(f["properties"]["name"], *f["geometry"]["coordinates"][:2]) for f in features)
    return tuple(sorted(streets, key=lambda s: s.name))


def campaign_streets(campaign) -> list[Street]:
    """Return the streets whose point lies inside the campaign's area."""
    # Only points that intake would accept are offered: a street outside the area would
    # lead straight to a refusal.
    area = campaign.area.prepared
    return [s for s in all_streets() if area.contains(Point(s.lon, s.lat, srid=4326))]
