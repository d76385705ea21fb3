-- The square of ST_SquareGrid holding each point: cell (i, j) spans [i size, (i + 1) size) by
-- [j size, (j + 1) size) from the origin. generate_series(1, 1): the coordinates are computed
-- once (see points.sql).
located AS (
    SELECT category_id, who, support_count,
           floor(x / %(size)s::float8)::int AS i, floor(y / %(size)s::float8)::int AS j
    FROM (
        SELECT category_id, who, support_count, ST_X(p) AS x, ST_Y(p) AS y,
               generate_series(1, 1) AS once
        FROM points
    ) coordinates
)
