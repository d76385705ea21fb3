"""A base map archive built once from the fixture extract, by the same code `make basemap` runs."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "osm" / "kaiserslautern.osm"


@pytest.fixture(scope="session")
def built_archive(tmp_path_factory, django_db_setup, django_db_blocker) -> Path:
    """Return an archive built from the fixture extract (no campaigns: the extract's bounds)."""
    out = tmp_path_factory.mktemp("basemap") / "basemap.pmtiles"
    with django_db_blocker.unblock():
        call_command("build_basemap", "--osm", str(FIXTURE), "--out", str(out), verbosity=0)
    return out


@pytest.fixture
def archive(built_archive, settings) -> Path:
    """Serve the built archive as the site's base map (GP_BASEMAP "self")."""
    settings.GP_BASEMAP = "self"
    settings.GP_BASEMAP_ARCHIVE = str(built_archive)
    return built_archive
