"""A migration that is never applied: readyz must call it pending."""

from django.db import migrations


class Migration(migrations.Migration):
    operations = [migrations.RunSQL(migrations.RunSQL.noop)]
