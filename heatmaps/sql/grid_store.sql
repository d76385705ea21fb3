-- Store the cells of a run from grid_cells.sql's rows, passed as one array per column, with
-- each cell's polygon made by the grid function's own cell constructor.
INSERT INTO {cells_table}
    (run_id, cell_i, cell_j, geom_3857, total, contributors, support_sum, counts,
     category_contributors, hotspot)
SELECT %(run)s, c.i, c.j, {cell}(%(size)s, c.i, c.j, ST_SetSRID(ST_MakePoint(0, 0), 3857)),
       c.total, c.people, c.support, c.counts::jsonb, c.category_people::jsonb, ''
FROM unnest(%(i)s::int[], %(j)s::int[], %(total)s::int[], %(people)s::int[],
            %(support)s::bigint[], %(counts)s::text[], %(category_people)s::text[])
    AS c(i, j, total, people, support, counts, category_people)
