-- The square of ST_SquareGrid holding each point: cell (i, j) spans [i size, (i + 1) size) by
-- [j size, (j + 1) size) from the origin.
located AS (
    SELECT category_id, who, support_count,
           floor(ST_X(p) / %(size)s)::int AS i, floor(ST_Y(p) / %(size)s)::int AS j
    FROM points
)
