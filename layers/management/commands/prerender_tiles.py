"""manage.py prerender_tiles [slug ...]"""

from django.core.management.base import BaseCommand, CommandError

from geo_participation.campaigns.models import Campaign
from layers.tiles.prerender import render_campaign


class Command(BaseCommand):
    """Render the low-zoom public tiles of published map campaigns now, in this process."""

    help = (
        "Render the aggregated public tiles of published map campaigns (all, or those named) "
        "into the tile cache now, as the worker does after each change: after a deploy that "
        "changed the tile code or settings, or a cleared cache."
    )

    def add_arguments(self, parser):
        """Declare the optional campaign slugs."""
        parser.add_argument("slugs", nargs="*", help="campaign slugs; default: every one")

    def handle(self, *args, **options):
        """Render each campaign and say what was done, one line each."""
        campaigns = Campaign.objects.maps().order_by("slug")
        if options["slugs"]:
            campaigns = campaigns.filter(slug__in=options["slugs"])
            missing = set(options["slugs"]) - {c.slug for c in campaigns}
            if missing:
                raise CommandError(f"No published map campaign {', '.join(sorted(missing))}.")
        for campaign in campaigns:
            self.stdout.write(f"{campaign.slug}: {render_campaign(campaign.pk)}")
