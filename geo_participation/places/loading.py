"""Replace the gazetteer with the entries of an extract, in one transaction."""

from collections import Counter

from django.db import connection, transaction
from django.dispatch import Signal

from . import osm
from .models import Kind

# Sent inside the loading transaction once the new entries are in, so that what is derived
# from the gazetteer (each submission's `near`) changes in the same commit.
places_loaded = Signal()

# Ways of one name closer than this (metres) are one street; further apart they are two
# streets of the same name (every town has its Bahnhofstraße).
STREET_GAP_M = 300

STAGE = """
CREATE TEMP TABLE places_stage (name text, kind text, label text, key text, wkb bytea)
"""
# Each entry with a point to show it at: inside an area, on a line (halfway along when it is
# one line). Same-name ways within STREET_GAP_M of each other (DBSCAN in Web Mercator, whose
# unit is 1/cos(latitude) metres, hence the eps passed in) become one street, merged into as
# few lines as they join up to.
INSERT = """
INSERT INTO places_place (name, kind, label, key, geom, point)
SELECT name, kind, label, key, geom, CASE
    WHEN GeometryType(geom) = 'LINESTRING' THEN ST_LineInterpolatePoint(geom, 0.5)
    WHEN GeometryType(geom) = 'MULTILINESTRING' THEN ST_ClosestPoint(geom, ST_Centroid(geom))
    ELSE ST_PointOnSurface(geom) END
FROM (
    SELECT name, kind, label, key, ST_GeomFromWKB(wkb, 4326) AS geom
    FROM places_stage WHERE kind <> 'street'
    UNION ALL
    SELECT name, 'street', name, key, ST_LineMerge(ST_Collect(geom))
    FROM (
        SELECT name, key, geom,
               ST_ClusterDBSCAN(ST_Transform(geom, 3857), eps := %(eps)s, minpoints := 1)
                   OVER (PARTITION BY name) AS cluster
        FROM (SELECT name, key, ST_GeomFromWKB(wkb, 4326) AS geom
              FROM places_stage WHERE kind = 'street') ways
    ) clustered
    GROUP BY name, key, cluster
) entries
"""
MERCATOR_SCALE = """
SELECT 1 / cos(radians(coalesce(ST_Y(ST_Centroid(ST_Extent(ST_GeomFromWKB(wkb, 4326)))), 0)))
FROM places_stage
"""


def load_places(path: str) -> Counter:
    """Replace every gazetteer entry by those of the extract at path; return the counts by kind."""
    entries = osm.entries(path)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(STAGE)
        with cursor.copy("COPY places_stage (name, kind, label, key, wkb) FROM STDIN") as copy:
            for e in entries:
                copy.write_row((e.name, e.kind, e.label, e.key, e.wkb))
        cursor.execute(MERCATOR_SCALE)
        eps = STREET_GAP_M * cursor.fetchone()[0]
        # DELETE, not TRUNCATE: readers keep seeing the old entries until this commits
        # (TRUNCATE would lock them out for the whole load).
        cursor.execute("DELETE FROM places_place")
        cursor.execute(INSERT, {"eps": eps})
        tidy(cursor)
        cursor.execute("SELECT kind, count(*) FROM places_place GROUP BY kind")
        counts = Counter({kind: 0 for kind in Kind.values} | dict(cursor.fetchall()))
        # Dropped here, not ON COMMIT: the load may run inside a longer transaction (tests).
        cursor.execute("DROP TABLE places_stage")
        places_loaded.send(sender=load_places)
    return counts


def tidy(cursor) -> None:
    """Merge the trigram index's pending entries and refresh the planner's statistics.

    A bulk insert leaves new keys in the GIN index's unsorted pending list, which every search
    would scan until autovacuum merges it; both work inside the loading transaction.
    """
    cursor.execute("SELECT gin_clean_pending_list('places_named_key_trgm'::regclass)")
    cursor.execute("ANALYZE places_place")
