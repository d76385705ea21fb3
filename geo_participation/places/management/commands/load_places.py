"""manage.py load_places FILE: (re)fill the gazetteer from an OpenStreetMap extract."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from pyogrio.errors import DataSourceError

from geo_participation.places.loading import load_places


class Command(BaseCommand):
    """Replace the gazetteer by the named streets, addresses, places and POIs of an extract."""

    help = "Replace the gazetteer by the named places of an OSM extract (.osm or .osm.pbf)."

    def add_arguments(self, parser):
        """Take the extract's path."""
        parser.add_argument("file", help="an OpenStreetMap extract, .osm or .osm.pbf")

    def handle(self, *args, file, **options):
        """Load the extract and print one line of counts."""
        if not Path(file).is_file():
            raise CommandError(f"No such file: {file}")
        try:
            counts = load_places(file)
        except DataSourceError as exc:
            raise CommandError(f"Cannot read {file} as an OpenStreetMap extract: {exc}") from exc
        summary = ", ".join(f"{counts[kind]} {kind}" for kind in counts)
        self.stdout.write(f"Loaded {sum(counts.values())} places from {file}: {summary}.")
