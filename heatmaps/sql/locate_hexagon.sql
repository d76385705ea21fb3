-- The flat-topped hexagon of ST_HexagonGrid holding each point, by arithmetic instead of a
-- spatial join. Hexagon (i, j) has its centre at (1.5 i size, height (j + (i & 1) / 2)),
-- height = sqrt(3) size: the even columns' centres form the lattice (3 size m, height n), the
-- odd columns' the same lattice moved by half a step both ways. Hexagons are the Voronoi
-- cells of their centres, so a point's cell is the nearer of its nearest centre in each
-- lattice. In lattice steps (p, q), with u and v the distances of the point from the middle
-- of its lattice square, the even centre is nearer exactly when 3 u + v >= 1 (the squared
-- distances weigh p three times q, as (3 size)^2 = 3 height^2). A point on an edge, which
-- ST_HexagonGrid puts in both cells, goes to the even column. Plain float8 arithmetic (an
-- untyped parameter would be numeric, several times slower per place); each step's
-- generate_series(1, 1) keeps it computed once (see points.sql).
located AS (
    SELECT category_id, who, support_count,
           CASE WHEN even THEN 2 * floor(p + 0.5::float8)::int ELSE 2 * floor(p)::int + 1 END AS i,
           CASE WHEN even THEN floor(q + 0.5::float8)::int ELSE floor(q)::int END AS j
    FROM (
        SELECT *,
               3 * abs(p - floor(p) - 0.5::float8) + abs(q - floor(q) - 0.5::float8) >= 1 AS even,
               generate_series(1, 1) AS once
        FROM (
            SELECT category_id, who, support_count,
                   ST_X(p) / %(lattice)s::float8 AS p, ST_Y(p) / %(height)s::float8 AS q,
                   generate_series(1, 1) AS once
            FROM points
        ) steps
    ) lattice
)
