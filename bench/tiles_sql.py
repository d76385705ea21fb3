"""The tile statement pgbench runs for bench/tiles.py: ours when it exists, else a stand-in.

The statement is rendered with its parameters inlined (psycopg's client-side binding, which is
what Django sends too), so pgbench runs exactly the text our endpoint would.
"""

import os
import re

import psycopg

# Stand-in until layers/tiles/ has its SQL module: the usual ST_AsMVT wrapper over the stored
# Mercator column, filtered with its GiST index, for the approved submissions of one campaign.
PLACEHOLDER_SQL = """
SELECT ST_AsMVT(t, 'submissions', 4096, 'geom', 'id') FROM (
    SELECT s.id, c.key AS category, s.support_count, s.created_at AS created,
           ST_AsMVTGeom(s.geom_3857, ST_TileEnvelope(%(z)s, %(x)s, %(y)s), 4096, 64, true) AS geom
    FROM submissions_submission s JOIN campaigns_category c ON c.id = s.category_id
    WHERE s.campaign_id = %(campaign_id)s AND s.status = 'approved'
      AND s.geom_3857 && ST_TileEnvelope(%(z)s, %(x)s, %(y)s, margin => 64.0 / 4096)
) t
"""


def statement(dsn, *, campaign_id, z, x, y, points=None):
    """Return (SQL text with parameters inlined, where it came from) for tile z/x/y."""
    ours = _ours(campaign_id=campaign_id, z=z, x=x, y=y)
    if ours is not None:
        return ours, "the tile SQL of layers.tiles (captured from tile_bytes)"
    params = {"campaign_id": campaign_id, "z": z, "x": x, "y": y}
    with psycopg.connect(dsn) as conn:
        text = psycopg.ClientCursor(conn).mogrify(PLACEHOLDER_SQL, params)
    return text, "a placeholder ST_AsMVT statement (layers.tiles has no SQL module yet)"


def _ours(*, campaign_id, z, x, y):
    """Return the ST_AsMVT statements our endpoint runs for a public tile, or None."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_participation.settings")
    try:
        import django

        django.setup()
        from layers.tiles.addressing import Tile
        from layers.tiles.render import tile_bytes
    except ImportError:
        return None
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from geo_participation.campaigns.models import Campaign
    from layers.registry import SUBMISSIONS

    campaign = Campaign.objects.get(pk=campaign_id)
    # Render the tile in-process and keep the statements sent: the same text, including any
    # retry the byte cap causes, that the endpoint sends for an anonymous viewer.
    with CaptureQueriesContext(connection) as queries:
        tile_bytes(layer=SUBMISSIONS, campaign=campaign, tile=Tile(z, x, y), exact=False)
    statements = [q["sql"].strip().rstrip(";") for q in queries if "ST_AsMVT" in q["sql"]]
    # Our SET LOCAL preamble goes in the same message as the tile statement (one implicit
    # transaction); pgbench would split it at ";" unless the semicolon is written "\\;".
    return ";\n".join(re.sub(r"(SET LOCAL [^;]+);", r"\1\\;", text) for text in statements)
