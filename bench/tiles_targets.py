"""The tiles bench/tiles.py measures, found in SQL: the densest z14, z10 and z6 tiles, the
fullest z17 tile with at most five points, and the z14 tile's bbox for OGC items."""

import psycopg

TILE_COUNTS = """
WITH p AS (
    SELECT ST_X(geom_3857) AS mx, ST_Y(geom_3857) AS my FROM submissions_submission
    WHERE campaign_id = %(campaign)s AND status = 'approved'
)
SELECT floor((mx + 20037508.342789244) / (40075016.68557849 / 2 ^ %(z)s))::int AS x,
       floor((20037508.342789244 - my) / (40075016.68557849 / 2 ^ %(z)s))::int AS y,
       count(*) AS n
FROM p GROUP BY 1, 2
"""


def pick_targets(libpq_url, campaign_id):
    """Return the tiles to measure (z, x, y, points) and the items bbox, found in SQL."""
    with psycopg.connect(libpq_url) as conn:

        def tile(z, order):
            query = f"SELECT * FROM ({TILE_COUNTS}) t {order} LIMIT 1"  # noqa: S608
            x, y, n = conn.execute(query, {"campaign": campaign_id, "z": z}).fetchone()
            return {"z": z, "x": x, "y": y, "points": n}

        targets = {
            "z14 dense": tile(14, "ORDER BY n DESC, x, y"),
            # "Few points": the fullest z17 tile with at most five, so it is not empty by luck.
            "z17 sparse": tile(17, "WHERE n <= 5 ORDER BY n DESC, x, y"),
            "z10 city": tile(10, "ORDER BY n DESC, x, y"),
            "z6 city": tile(6, "ORDER BY n DESC, x, y"),
        }
        dense = targets["z14 dense"]
        bbox = conn.execute(
            "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM"
            " (SELECT ST_Transform(ST_TileEnvelope(%s, %s, %s), 4326) AS e) t",
            [dense["z"], dense["x"], dense["y"]],
        ).fetchone()
    targets["items"] = {"bbox": ",".join(f"{v:.6f}" for v in bbox)}
    return targets
