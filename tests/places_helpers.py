"""The gazetteer of the fixture extract, loaded the way `manage.py load_places` loads it."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from geo_participation.places.models import Place

FIXTURE_OSM = Path(__file__).resolve().parent.parent / "fixtures" / "osm" / "kaiserslautern.osm"


def load_fixture_gazetteer() -> str:
    """Run load_places on fixtures/osm/kaiserslautern.osm; return its summary line."""
    out = io.StringIO()
    call_command("load_places", str(FIXTURE_OSM), stdout=out)
    return out.getvalue().strip()


@pytest.fixture
def gazetteer(db):
    """The gazetteer filled from the fixture extract (33 streets, 148 addresses, places, POIs)."""
    load_fixture_gazetteer()
    return Place.objects.all()
