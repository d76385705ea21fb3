"""Every model change has its migration."""

from django.core.management import call_command


def test_no_model_change_lacks_a_migration(db):
    # --check exits non-zero (SystemExit) when makemigrations would write a migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
