"""Delete idempotency records past their lifetime (run it daily, for example from cron)."""

from django.core.management.base import BaseCommand

from geo_participation.submissions.idempotency import expired


class Command(BaseCommand):
    """Delete expired idempotency records."""

    help = "Delete Idempotency-Key records older than GP_IDEMPOTENCY_TTL_HOURS."

    def handle(self, *args, **options):
        """Delete the expired records and report how many."""
        deleted, _ = expired().delete()
        self.stdout.write(f"Deleted {deleted} expired idempotency record(s).")
