"""Recompute the stored grid, hotspot and cluster results of campaigns at their current version."""

from django.core.management.base import BaseCommand, CommandError

from geo_participation.campaigns.models import Campaign
from heatmaps.cells.services import refresh_aggregates


class Command(BaseCommand):
    """manage.py refresh_aggregates [--campaign SLUG]."""

    help = (
        "Recompute every grid, hotspot and cluster result requested before (or the defaults) "
        "for the current published version, and delete results of older versions."
    )

    def add_arguments(self, parser):
        """Add --campaign."""
        parser.add_argument("--campaign", metavar="SLUG", help="only this campaign")

    def handle(self, *args, campaign=None, **options):
        """Recompute the runs of every campaign (or one) and print each run made."""
        campaigns = Campaign.objects.order_by("slug")
        if campaign:
            campaigns = campaigns.filter(slug=campaign)
            if not campaigns.exists():
                raise CommandError(f"No campaign {campaign!r}.")
        for each in campaigns:
            runs = refresh_aggregates(campaign=each)
            for run in runs:
                self.stdout.write(
                    f"{each.slug}: {run.kind} v{run.published_version} "
                    f"({run.duration_ms} ms, run {run.pk})"
                )
