-- Hotspot runs: every cell over the campaign area, empty ones too (Gi* compares each
-- neighbourhood with the whole study area, so the zeros matter), and any cell holding a
-- place that generalisation moved just outside the area.
area AS MATERIALIZED (
    -- Transformed once: inlined, it would be transformed again for every cell tested.
    SELECT ST_Transform(area, 3857) AS g FROM {campaigns} WHERE id = %(campaign)s
),
cover AS (
    SELECT t.i, t.j FROM area, {grid}(%(size)s, area.g) t WHERE ST_Intersects(t.geom, area.g)
    UNION
    SELECT i, j FROM cells
)
