-- The square of ST_SquareGrid holding each point: cell (i, j) spans [i size, (i + 1) size) by
-- [j size, (j + 1) size) from the origin. OFFSET 0: the point expression is computed once.
located AS (
    SELECT category_id, who, support_count,
           floor(x / %(size)s::float8)::int AS i, floor(y / %(size)s::float8)::int AS j
    FROM (
        SELECT category_id, who, support_count, ST_X(p) AS x, ST_Y(p) AS y
        FROM points
        OFFSET 0
    ) coordinates
)
