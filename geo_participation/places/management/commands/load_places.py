"""manage.py load_places FILE|URL: (re)fill the gazetteer from an OpenStreetMap extract."""

import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from pyogrio.errors import DataSourceError

from geo_participation.osm_extract import Offline, fetch, is_url
from geo_participation.places.loading import load_places


class Command(BaseCommand):
    """Replace the gazetteer by the named streets, addresses, places and POIs of an extract."""

    help = "Replace the gazetteer by the named places of an OSM extract (path or URL)."

    def add_arguments(self, parser):
        """Take the extract's path or URL."""
        parser.add_argument("file", help="an OpenStreetMap extract, .osm or .osm.pbf, path or URL")

    def handle(self, *args, file, **options):
        """Load the extract and print one line of counts."""
        if not is_url(file) and not Path(file).is_file():
            raise CommandError(f"No such file: {file}")
        with tempfile.TemporaryDirectory(prefix="gp-places-") as tmp:
            try:
                extract = fetch(file, Path(tmp))
            except Offline:
                # As make basemap: the demo must work offline, with the gazetteer it has.
                self.stdout.write(
                    f"places: no internet, cannot fetch {file}; the gazetteer is unchanged"
                )
                return
            try:
                counts = load_places(str(extract))
            except DataSourceError as exc:
                raise CommandError(
                    f"Cannot read {file} as an OpenStreetMap extract: {exc}"
                ) from exc
        summary = ", ".join(f"{counts[kind]} {kind}" for kind in counts)
        self.stdout.write(f"Loaded {sum(counts.values())} places from {file}: {summary}.")
