"""Recount the tile cells from scratch (after changing GP_SENSITIVE_GRID_M, for example)."""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from geo_participation.campaigns.models import Campaign
from geo_participation.submissions.models import TileCell


class Command(BaseCommand):
    """Rebuild the tile cells from the submissions, with each campaign's grid stored anew."""

    help = "Store each campaign's sensitive grid from settings and recount every tile cell."

    def handle(self, *args, **options):
        """Store each campaign's grid from settings, then recount every tile cell, atomically."""
        with transaction.atomic():
            # The grid first: the cells are generalised with the stored value.
            for campaign in Campaign.objects.only("id", "area", "sensitive_grid_3857"):
                grid = campaign.computed_sensitive_grid()
                Campaign.objects.filter(pk=campaign.pk).update(sensitive_grid_3857=grid)
            with connection.cursor() as cursor:
                # TRUNCATE refuses while foreign-key checks of earlier writes are pending.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f"TRUNCATE {TileCell._meta.db_table}")
                cursor.execute("SELECT gp_tile_cells_rebuild(NULL)")
                cursor.execute(f"ANALYZE {TileCell._meta.db_table}")
            count = TileCell.objects.count()
        self.stdout.write(f"Rebuilt {count} tile cell(s).")
