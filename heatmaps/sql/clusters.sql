-- DBSCAN over the campaign's published places (at their public positions) and the clusters
-- of one run stored in one statement: members, distinct contributors, support, counts per
-- category, and an outline. Noise (no cluster) is not stored. Labels number the clusters by
-- size, largest first, ties by DBSCAN's own order.
WITH {points},
labelled AS (
    SELECT *, ST_ClusterDBSCAN(p, eps => %(eps)s, minpoints => %(min_points)s) OVER () AS cid
    FROM points
),
clustered AS (SELECT * FROM labelled WHERE cid IS NOT NULL),
per_category AS (
    SELECT m.cid, k.key, count(*) AS n, count(DISTINCT m.who) AS people
    FROM clustered m JOIN {categories} k ON k.id = m.category_id
    GROUP BY m.cid, k.key
),
clusters AS (
    SELECT cid, count(*) AS members, count(DISTINCT who) AS people,
           sum(support_count) AS support, {hull} AS hull
    FROM clustered
    GROUP BY cid
)
INSERT INTO {clusters_table}
    (run_id, label, members, contributors, support_sum, counts, category_contributors, hull)
SELECT %(run)s, row_number() OVER (ORDER BY c.members DESC, c.cid), c.members, c.people,
       c.support,
       (SELECT jsonb_object_agg(pc.key, pc.n) FROM per_category pc WHERE pc.cid = c.cid),
       (SELECT jsonb_object_agg(pc.key, pc.people) FROM per_category pc WHERE pc.cid = c.cid),
       -- Places on one spot or one line have no area: their outline is the hull widened by
       -- half the DBSCAN distance, so every output is a polygon (never a bare point).
       ST_Transform(
           CASE WHEN GeometryType(c.hull) = 'POLYGON' THEN c.hull
                ELSE ST_Buffer(ST_ConvexHull(c.hull), %(pad)s, 'quad_segs=4') END,
           4326)
FROM clusters c
