"""The pgbench script of bench/tiles.py: our tile statements as our endpoint runs them.

Our endpoint runs each tile statement as a server-side prepared statement, in one pipeline with
its set_config preamble (layers/tiles/database.py). The script does the same: `pgbench -M
prepared` with \\startpipeline ... \\endpipeline, the statement text as sent, its
parameters as pgbench variables (`:name`, given with -D), so the physical limit it measures is
that of the same prepared statement. A stand-in is used before layers.tiles exists.
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
    """Return (pgbench script and its pgbench options, where it came from) for tile z/x/y."""
    ours = _ours(campaign_id=campaign_id, z=z, x=x, y=y)
    if ours is not None:
        return ours, "the tile SQL of layers.tiles, prepared (`pgbench -M prepared`, pipelined)"
    params = {"campaign_id": campaign_id, "z": z, "x": x, "y": y}
    with psycopg.connect(dsn) as conn:
        text = psycopg.ClientCursor(conn).mogrify(PLACEHOLDER_SQL, params)
    return (text.strip() + ";\n", []), "a placeholder ST_AsMVT statement (no layers.tiles yet)"


def _ours(*, campaign_id, z, x, y):
    """Return the pgbench script and options of our public tile's statements, or None."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_participation.settings")
    try:
        import django

        django.setup()
        from layers.tiles.addressing import Tile
        from layers.tiles.render import tile_bytes
        from layers.tiles.sql import PREAMBLE
    except ImportError:
        return None
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from geo_participation.campaigns.models import Campaign
    from layers.registry import SUBMISSIONS

    campaign = Campaign.objects.get(pk=campaign_id)
    # Render the tile in-process and keep the statements sent with their parameters: the same
    # text, including any retry the byte cap causes, that the endpoint sends for the public.
    with CaptureQueriesContext(connection) as queries:
        tile_bytes(layer=SUBMISSIONS, campaign=campaign, tile=Tile(z, x, y), exact=False)
    script, options = [], ["-M", "prepared"]
    for i, query in enumerate(q for q in queries if "ST_AsMVT" in q["sql"]):
        # One round trip per statement, as ours: the preamble and the statement, then Sync.
        text = re.sub(r"%\((\w+)\)s", rf":s{i}_\1", query["sql"]).replace("%%", "%")
        script += ["\\startpipeline", PREAMBLE + ";", text.strip() + ";", "\\endpipeline"]
        options += [f"-Ds{i}_{name}={value}" for name, value in query["params"].items()]
    return "\n".join(script) + "\n", options
