-- The cells of one campaign's published submissions: counts, support and distinct
-- contributors per cell and per category, in one plain SELECT. The shares (grid_share.sql,
-- one per part of the contributors, joined by UNION ALL) run side by side in PostgreSQL's
-- parallel workers; an INSERT ... SELECT would run without workers, so the caller stores the
-- rows with grid_store.sql.
WITH shares AS (
    {shares}
),
per_category AS (
    SELECT i, j, category_id, whole,
           sum(n) AS n, sum(support) AS support, sum(people) AS people
    FROM shares
    GROUP BY i, j, category_id, whole
),
cells AS (
    -- Category keys joined only now, to the few rows per cell rather than to every place.
    SELECT c.i, c.j,
           sum(c.n) FILTER (WHERE c.whole) AS total,
           sum(c.support) FILTER (WHERE c.whole) AS support,
           sum(c.people) FILTER (WHERE c.whole) AS people,
           jsonb_object_agg(k.key, c.n) FILTER (WHERE NOT c.whole) AS counts,
           jsonb_object_agg(k.key, c.people) FILTER (WHERE NOT c.whole) AS category_people
    FROM per_category c LEFT JOIN {categories} k ON k.id = c.category_id
    GROUP BY c.i, c.j
),
{cover}
SELECT v.i, v.j, coalesce(c.total, 0), coalesce(c.people, 0), coalesce(c.support, 0),
       coalesce(c.counts, '{{}}')::text, coalesce(c.category_people, '{{}}')::text
FROM cover v
LEFT JOIN cells c ON c.i = v.i AND c.j = v.j
-- Stored in cell order: Gi*'s permutations follow the order of the stored cells, so a run
-- repeats exactly whatever plan PostgreSQL chose.
ORDER BY v.i, v.j
