-- The flat-topped hexagon of ST_HexagonGrid holding each point, by arithmetic instead of a
-- spatial join: hexagon (i, j) has its centre at (1.5 i size, height (j + (i & 1) / 2)),
-- height = sqrt(3) size. A point lies between the centre columns a and a + 1, and in each
-- column near the row it rounds to; hexagons are the Voronoi cells of their centres, so the
-- nearer of the two candidate centres is its cell. Plain float8 arithmetic throughout (an
-- -- untyped parameter would be numeric, several times slower per place). Each OFFSET 0 keeps
-- PostgreSQL from pulling a subquery up, which would repeat its expressions (the point, then
-- the arithmetic) in every use of its columns: computed once per place, they cost far less.
located AS (
    SELECT category_id, who, support_count,
           CASE WHEN da <= db THEN a ELSE a + 1 END AS i,
           CASE WHEN da <= db THEN ja ELSE jb END AS j
    FROM (
        SELECT *, dxa * dxa + dya * dya AS da, dxb * dxb + dyb * dyb AS db
        FROM (
            SELECT *,
                   x - %(column)s::float8 * a AS dxa,
                   y - %(height)s::float8 * (ja + oa) AS dya,
                   x - %(column)s::float8 * (a + 1) AS dxb,
                   y - %(height)s::float8 * (jb + ob) AS dyb
            FROM (
                SELECT *, floor(y / %(height)s::float8 - oa + 0.5::float8)::int AS ja,
                          floor(y / %(height)s::float8 - ob + 0.5::float8)::int AS jb
                FROM (
                    SELECT *, (a & 1)::float8 / 2 AS oa, ((a + 1) & 1)::float8 / 2 AS ob
                    FROM (
                        SELECT *, floor(x / %(column)s::float8)::int AS a
                        FROM (
                            SELECT category_id, who, support_count, ST_X(p) AS x, ST_Y(p) AS y
                            FROM points
                            OFFSET 0
                        ) coordinates
                    ) xy
                ) parity
                OFFSET 0
            ) rows
            OFFSET 0
        ) offsets
        OFFSET 0
    ) candidates
)
