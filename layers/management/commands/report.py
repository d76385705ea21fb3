"""manage.py report <slug> --output report.html"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from geo_participation.campaigns.models import Campaign
from layers.exports.access import operator
from layers.reports.document import build_report


class Command(BaseCommand):
    """Write a campaign's planner report to a self-contained HTML file."""

    # System checks import every URLconf and view (and with them geopandas, scipy, esda):
    # seconds and a hundred megabytes an export does not need.
    requires_system_checks = []
    help = "Write a campaign's planner report (self-contained HTML map and summary)."

    def add_arguments(self, parser):
        """Declare the campaign slug and --output."""
        parser.add_argument("slug", help="campaign slug")
        parser.add_argument("--output", required=True, type=Path, help="HTML file to write")

    def handle(self, *args, **options):
        """Write the campaign's report, as a planner sees it, to --output."""
        campaign = Campaign.objects.filter(slug=options["slug"]).first()
        if campaign is None:
            raise CommandError(f"No campaign {options['slug']!r}.")
        html = build_report(campaign=campaign, viewer=operator())
        options["output"].write_text(html, encoding="utf-8")
        self.stdout.write(f"Wrote {options['output']} ({len(html.encode()):,} bytes).")
