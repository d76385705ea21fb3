"""manage.py build_basemap [--osm PATH|URL] [--out PATH]"""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from geo_participation.osm_extract import Offline
from layers.basemap.build import build

FIXTURE = settings.BASE_DIR / "fixtures" / "osm" / "kaiserslautern.osm"


class Command(BaseCommand):
    """Build the PMTiles base map for the campaigns' bounding box from an OSM extract."""

    help = (
        "Build the base map archive (PMTiles, OpenMapTiles schema) from an .osm.pbf or .osm "
        "extract, by path or URL, cut to every campaign's area plus 2 km."
    )

    def add_arguments(self, parser):
        """Declare --osm, --out and --if-missing."""
        parser.add_argument(
            "--osm",
            default="",
            help="extract path or http(s) URL; default: the demo's Kaiserslautern fixture",
        )
        parser.add_argument(
            "--out", type=Path, default=None, help="archive to write; default: GP_BASEMAP_ARCHIVE"
        )
        parser.add_argument(
            "--if-missing", action="store_true", help="do nothing when the archive exists"
        )

    def handle(self, *args, **options):
        """Build the archive; say in one line, and succeed, when a URL cannot be fetched."""
        source = options["osm"] or str(FIXTURE)
        out = options["out"] or Path(settings.GP_BASEMAP_ARCHIVE)
        if options["if_missing"] and out.exists():
            return
        started = time.monotonic()
        try:
            result = build(source, out)
        except Offline:
            # The demo must still work offline: the map then shows its no-base-map note.
            self.stdout.write(
                f"basemap: no internet, cannot fetch {source}; the map shows without a basemap"
            )
            return
        except (FileNotFoundError, RuntimeError) as exc:
            raise CommandError(f"basemap: {exc}") from exc
        if options["verbosity"] == 0:
            return
        box = ", ".join(f"{value:.4f}" for value in result.bbox)
        self.stdout.write(
            f"basemap: wrote {result.path} ({result.size:,} bytes, bbox {box}) "
            f"in {time.monotonic() - started:.1f} s"
        )
