"""Each submission's `near`: the named street or address nearest to its public position.

The rule is SQL (gp_submission_near, migration 0006), so it is computed where the public
position is; triggers keep it when that position moves. Here: the value for a new submission,
and the refresh of every row after the gazetteer is reloaded.
"""

from django.db import connection
from django.db.models import CharField
from django.db.models.expressions import RawSQL

from geo_participation.campaigns.models import Campaign, Category

NEAR = "gp_submission_near(ST_Transform(ST_GeomFromEWKB(%s), 3857), %s, %s)"


def near_of(*, geom, category: Category, campaign: Campaign) -> RawSQL:
    """Return `near` of a new submission at geom (EPSG:4326) as SQL, for its INSERT to compute
    (no round trip of its own; the INSERT returns the value, `near` having a db_default)."""
    params = [bytes(geom.ewkb), category.sensitive, campaign.sensitive_grid_3857]
    return RawSQL(NEAR, params, output_field=CharField())


def near_name(*, geom, category: Category, campaign: Campaign) -> str:
    """Return the name a new submission at geom (EPSG:4326) is near, or ""."""
    expression = near_of(geom=geom, category=category, campaign=campaign)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {expression.sql}", expression.params)
        return cursor.fetchone()[0]


def refresh_near(**signal) -> int:
    """Recompute `near` of every submission in one UPDATE; return how many rows changed."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT gp_refresh_near(NULL, NULL)")
        return cursor.fetchone()[0]
