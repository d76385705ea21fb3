"""The public-position rule as SQL functions, and the tile cells computed through them.

0003 now defines gp_public_geom and gp_public_point, and gp_tile_cells_of calls them; this
migration brings databases that applied the earlier 0003 (which wrote the rule inline) to the
same functions. Where a place is counted does not change, so the cells need no recount.
"""

import importlib

from django.db import migrations

tile_cells = importlib.import_module("geo_participation.submissions.migrations.0003_tile_cells")

FORWARD = tile_cells.PUBLIC_POSITION + tile_cells.PLACE.replace(
    "CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1
)


class Migration(migrations.Migration):
    dependencies = [("submissions", "0004_tile_cell_levels")]

    # Backwards: the functions stay (0003 creates them too), so there is nothing to undo.
    operations = [migrations.RunSQL(FORWARD, migrations.RunSQL.noop)]
