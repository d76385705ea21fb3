"""Store each campaign's sensitive grid in EPSG:3857 units, for the tile-cell triggers."""

import math

from django.conf import settings
from django.db import migrations, models


def fill(apps, schema_editor):
    Campaign = apps.get_model("campaigns", "Campaign")
    for campaign in Campaign.objects.only("id", "area"):
        scale = 1.0 / math.cos(math.radians(campaign.area.centroid.y))
        campaign.sensitive_grid_3857 = settings.GP_SENSITIVE_GRID_M * scale
        campaign.save(update_fields=["sensitive_grid_3857"])


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0002_published_version")]

    operations = [
        migrations.AddField(
            model_name="campaign",
            name="sensitive_grid_3857",
            field=models.FloatField(default=0.0, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
