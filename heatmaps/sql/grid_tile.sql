-- One vector tile of a stored grid run: cells with at least k contributors, clipped to the
-- tile and its buffer. A category's count is a property only where at least k people make it
-- (jsonb keys become MVT properties). Ordered by id, so the same run gives the same bytes.
SELECT ST_AsMVT(t, 'grid', 4096, 'geom', 'id') FROM (
    SELECT c.id, c.cell_i, c.cell_j, c.total AS count, c.contributors, c.support_sum,
           (SELECT jsonb_object_agg('count_' || n.key, n.value)
            FROM jsonb_each(c.counts) n
            WHERE coalesce((c.category_contributors ->> n.key)::int, 0) >= %(k)s
           ) AS categories,
           ST_AsMVTGeom(c.geom_3857, ST_TileEnvelope(%(z)s, %(x)s, %(y)s), 4096, 64, true)
               AS geom
    FROM {cells_table} c
    WHERE c.run_id = %(run)s AND c.contributors >= %(k)s
      AND c.geom_3857 && ST_TileEnvelope(%(z)s, %(x)s, %(y)s, margin => 64.0 / 4096)
    ORDER BY c.id
) t
