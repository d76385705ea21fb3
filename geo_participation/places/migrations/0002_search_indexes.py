"""Search indexes for 200,000 entries: trigrams over named entries only, addresses by key.

Measured by bench/places.py (BENCHMARKS.md): scanning the trigrams of every address for each
search made p95 miss 20 ms; addresses are now found through their street and exact number.
"""

import django.contrib.postgres.indexes
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("places", "0001_gazetteer"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="place",
            name="places_key_trgm",
        ),
        migrations.AddIndex(
            model_name="place",
            index=django.contrib.postgres.indexes.GinIndex(
                condition=models.Q(("kind", "address"), _negated=True),
                fields=["key"],
                name="places_named_key_trgm",
                opclasses=["gin_trgm_ops"],
            ),
        ),
        migrations.AddIndex(
            model_name="place",
            index=models.Index(
                condition=models.Q(("kind", "address")), fields=["key"], name="places_address_key"
            ),
        ),
    ]
