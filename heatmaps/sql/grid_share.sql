-- One share of the contributors, counted per cell completely: submissions, support and
-- distinct contributors per cell and category (whole = false) and per cell (whole = true).
-- Shares split the contributors, never a contributor, so the shares' counts of distinct
-- contributors add up exactly, and PostgreSQL can run each share in its own parallel worker
-- (see grid_cells.sql). The grouping sets group the places by (cell, contributor, category)
-- and by (cell, contributor) in one pass, so every count below is a count of grouped rows.
SELECT i, j, category_id, whole, sum(n) AS n, sum(support) AS support, count(*) AS people
FROM (
    WITH {points},
    {located}
    SELECT i, j, category_id, GROUPING(category_id) = 1 AS whole,
           count(*) AS n, sum(support_count) AS support
    FROM located
    GROUP BY GROUPING SETS ((i, j, who, category_id), (i, j, who))
) per_who
GROUP BY i, j, category_id, whole
