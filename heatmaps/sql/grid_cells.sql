-- Count the published submissions of one campaign per grid cell and store the cells of a run,
-- in one statement: counts and distinct contributors per cell and per category, support sums.
-- Grouping by (cell, category, contributor) first lets every later count be a plain count of
-- grouped rows instead of a sort-based count(DISTINCT) over all points.
WITH {points},
{located},
per_who AS (
    SELECT i, j, category_id, who, count(*) AS n, sum(support_count) AS support
    FROM located
    GROUP BY i, j, category_id, who
),
per_category AS (
    SELECT i, j, category_id, sum(n) AS n, sum(support) AS support, count(*) AS people
    FROM per_who
    GROUP BY i, j, category_id
),
people AS (
    SELECT i, j, count(*) AS people
    FROM (SELECT DISTINCT i, j, who FROM per_who) d
    GROUP BY i, j
),
cells AS (
    -- Category keys joined only now, to the few rows per cell rather than to every place.
    SELECT c.i, c.j, sum(c.n) AS total, sum(c.support) AS support,
           jsonb_object_agg(k.key, c.n) AS counts,
           jsonb_object_agg(k.key, c.people) AS category_people
    FROM per_category c JOIN {categories} k ON k.id = c.category_id
    GROUP BY c.i, c.j
),
{cover}
INSERT INTO {cells_table}
    (run_id, cell_i, cell_j, geom_3857, total, contributors, support_sum, counts,
     category_contributors, hotspot)
SELECT %(run)s, v.i, v.j, g.geom,
       coalesce(c.total, 0), coalesce(p.people, 0), coalesce(c.support, 0),
       coalesce(c.counts, '{{}}'), coalesce(c.category_people, '{{}}'), ''
FROM cover v
LEFT JOIN cells c ON c.i = v.i AND c.j = v.j
LEFT JOIN people p ON p.i = v.i AND p.j = v.j
CROSS JOIN LATERAL (
    SELECT {cell}(%(size)s, v.i, v.j, ST_SetSRID(ST_MakePoint(0, 0), 3857)) AS geom
) g
