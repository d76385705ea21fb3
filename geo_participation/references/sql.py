"""The splitting SQL: lines (WKB in EPSG:4326, with their feature's index) in, pieces out.

Each query returns (feature index, WKB) in order along each feature; pieces of no length are
left out. Parameters: sources (int[]), wkbs (bytea[]), metres, srid (a metric CRS).
"""

# Equal pieces of about `metres`, measured and cut in the metric CRS.
LENGTH = """
WITH src AS (
    SELECT t.source, t.ord, ST_GeomFromWKB(t.wkb, 4326) AS g
    FROM unnest(%(sources)s::int[], %(wkbs)s::bytea[]) WITH ORDINALITY AS t(source, wkb, ord)
)
SELECT src.source, ST_AsBinary(ST_Transform(
    ST_LineSubstring(m.g, (n - 1)::float8 / c.k, n::float8 / c.k), 4326))
FROM src
CROSS JOIN LATERAL (SELECT ST_Transform(src.g, %(srid)s) AS g) m
CROSS JOIN LATERAL (SELECT GREATEST(1, round(ST_Length(m.g) / %(metres)s))::int AS k) c
CROSS JOIN LATERAL generate_series(1, c.k) AS n
ORDER BY src.ord, n
"""

VERTICES = """
WITH src AS (
    SELECT t.source, t.ord, ST_GeomFromWKB(t.wkb, 4326) AS g
    FROM unnest(%(sources)s::int[], %(wkbs)s::bytea[]) WITH ORDINALITY AS t(source, wkb, ord)
)
SELECT src.source, ST_AsBinary(d.geom)
FROM src CROSS JOIN LATERAL ST_DumpSegments(src.g) AS d
WHERE ST_Length(d.geom) > 0
ORDER BY src.ord, d.path
"""

# ST_Node cuts the layer's lines where they meet or cross; each piece goes back to the
# feature it lies on (the nearest to its middle), in order along that feature.
JUNCTIONS = """
WITH src AS (
    SELECT t.source, t.ord, ST_GeomFromWKB(t.wkb, 4326) AS g
    FROM unnest(%(sources)s::int[], %(wkbs)s::bytea[]) WITH ORDINALITY AS t(source, wkb, ord)
)
, pieces AS (
    SELECT (ST_Dump(ST_Node(ST_Collect(g)))).geom AS piece FROM src
)
SELECT owner.source, ST_AsBinary(pieces.piece)
FROM pieces
CROSS JOIN LATERAL (
    SELECT src.source, src.ord, src.g FROM src
    ORDER BY ST_Distance(src.g, ST_LineInterpolatePoint(pieces.piece, 0.5)), src.ord
    LIMIT 1
) owner
WHERE ST_Length(pieces.piece) > 0
ORDER BY owner.ord, ST_LineLocatePoint(owner.g, ST_LineInterpolatePoint(pieces.piece, 0.5))
"""

SPLIT_SQL = {"length": LENGTH, "vertices": VERTICES, "junctions": JUNCTIONS}
