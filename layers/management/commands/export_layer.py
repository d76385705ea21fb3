"""manage.py export_layer <slug> <layer> --format gpkg --crs EPSG:25832 --output path"""

import shutil
import tempfile
from contextlib import closing
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from geo_participation.errors import Rejected
from layers.exports.access import operator
from layers.exports.files import write_export
from layers.exports.formats import FORMATS
from layers.exports.geojson import geojson_stream
from layers.exports.requests import export_request
from layers.exports.sources import SOURCES


class Command(BaseCommand):
    """Export a campaign's layer to a file with the operator's rights, as /exports/ does."""

    # System checks import every URLconf and view (and with them geopandas, scipy, esda):
    # seconds and a hundred megabytes an export does not need.
    requires_system_checks = []
    help = "Export a layer of a campaign to a file, as the /exports/ endpoint does for planners."

    def add_arguments(self, parser):
        """Declare slug and layer, and --format, --crs, --category, --param and --output."""
        parser.add_argument("slug", help="campaign slug")
        parser.add_argument("layer", help=f"one of: {', '.join(SOURCES)}")
        parser.add_argument("--format", default="gpkg", help=f"one of: {', '.join(FORMATS)}")
        parser.add_argument("--crs", default="EPSG:4326", help="EPSG:4326 or EPSG:25832")
        parser.add_argument(
            "--category", action="append", default=[], help="category key (repeatable)"
        )
        parser.add_argument(
            "--param",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="a layer parameter as in the URL (cell_m=250, k=5, levels=1,2); repeatable",
        )
        parser.add_argument("--output", required=True, type=Path, help="file to write")

    def handle(self, *args, **options):
        """Write the export to --output, streaming GeoJSON where the source allows it."""
        try:
            export = export_request(
                slug=options["slug"],
                layer=options["layer"],
                fmt=options["format"],
                query=query_of(options),
                viewer=operator(),
            )
        except Rejected as refusal:
            raise CommandError(str(refusal.detail)) from None
        output = options["output"]
        if export.format.key == "geojson" and export.source.streamed:
            with output.open("wb") as handle, closing(geojson_stream(export)) as pieces:
                for piece in pieces:
                    handle.write(piece)
        else:
            directory = Path(tempfile.mkdtemp(prefix="gp-export-"))
            try:
                shutil.move(write_export(export, directory), output)
            finally:
                shutil.rmtree(directory)
        self.stdout.write(f"Wrote {output} ({output.stat().st_size:,} bytes).")


def query_of(options) -> QueryDict:
    """Return the options as the query string the web endpoint would get."""
    query = QueryDict(mutable=True)
    query["crs"] = options["crs"]
    for key in options["category"]:
        query.appendlist("category", key)
    for pair in options["param"]:
        name, equals, value = pair.partition("=")
        if not equals:
            raise CommandError(f"--param needs NAME=VALUE, not {pair!r}.")
        query.appendlist(name, value)
    return query
