-- The flat-topped hexagon of ST_HexagonGrid holding each point, by arithmetic instead of a
-- spatial join: hexagon (i, j) has its centre at (1.5 i size, height (j + |i| mod 2 / 2)),
-- height = sqrt(3) size. A point lies between the centre columns a and a + 1, and in each
-- column near the row it rounds to; hexagons are the Voronoi cells of their centres, so the
-- nearer of the two candidate centres is its cell. OFFSET 0 keeps PostgreSQL from pulling the
-- innermost subquery up: it would repeat the point expression in every use of x and y.
located AS (
    SELECT category_id, who, support_count,
           CASE WHEN da <= db THEN a ELSE a + 1 END AS i,
           CASE WHEN da <= db THEN ja ELSE jb END AS j
    FROM (
        SELECT *,
               (x - %(column)s * a) ^ 2 + (y - %(height)s * (ja + oa)) ^ 2 AS da,
               (x - %(column)s * (a + 1)) ^ 2 + (y - %(height)s * (jb + ob)) ^ 2 AS db
        FROM (
            SELECT *, floor(y / %(height)s - oa + 0.5)::int AS ja,
                      floor(y / %(height)s - ob + 0.5)::int AS jb
            FROM (
                SELECT *, mod(abs(a), 2)::float8 / 2 AS oa, mod(abs(a + 1), 2)::float8 / 2 AS ob
                FROM (
                    SELECT *, floor(x / %(column)s)::int AS a
                    FROM (
                        SELECT category_id, who, support_count, ST_X(p) AS x, ST_Y(p) AS y
                        FROM points
                        OFFSET 0
                    ) coordinates
                ) xy
            ) parity
        ) rows
    ) candidates
)
