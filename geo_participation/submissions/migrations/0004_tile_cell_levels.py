"""Tile cells at levels 20 down to 13: an aggregated tile reads one stored cell per cell shown.

Level 20 is the base grid of 0003; each level L < 20 holds the unions of 2^(20-L) x 2^(20-L)
base cells, derived from each statement's level-20 change (or the level-20 recount), so one
statement still costs one pass over the changed rows. The cells are derived data: the table
is recreated with its new key and refilled.
"""

import importlib

import django.db.models.deletion
from django.db import migrations, models

previous = importlib.import_module("geo_participation.submissions.migrations.0003_tile_cells")

# The levels are written out (20 down to 13, in the VALUES lists): a migration must not change
# with the code (models.TILE_CELL_LEVELS).
REBUILD = """
CREATE OR REPLACE FUNCTION gp_tile_cells_rebuild(campaign bigint, only_public boolean DEFAULT false)
RETURNS void LANGUAGE sql AS $$
    DELETE FROM submissions_tilecell
    WHERE (campaign IS NULL OR campaign_id = campaign) AND NOT (only_public AND exact);
    WITH base AS (
        SELECT s.campaign_id, c.exact, c.cx, c.cy, s.category_id,
               count(*) AS n, sum(s.support_count) AS support
        FROM submissions_submission s
        JOIN campaigns_category k ON k.id = s.category_id
        JOIN campaigns_campaign m ON m.id = s.campaign_id
        CROSS JOIN LATERAL gp_tile_cells_of(s.geom_3857, k.sensitive, m.sensitive_grid_3857) c
        WHERE s.status = 'approved' AND (campaign IS NULL OR s.campaign_id = campaign)
          AND NOT (only_public AND c.exact)
        GROUP BY 1, 2, 3, 4, 5
    )
    INSERT INTO submissions_tilecell
        (campaign_id, exact, level, cx, cy, category_id, count, support_sum)
    SELECT b.campaign_id, b.exact, l.level, b.cx >> (20 - l.level), b.cy >> (20 - l.level),
           b.category_id, sum(b.n), sum(b.support)
    FROM base b CROSS JOIN (VALUES (20), (19), (18), (17), (16), (15), (14), (13)) AS l(level)
    GROUP BY 1, 2, 3, 4, 5, 6;
$$;
"""

# As in 0003, with the level-20 delta rolled up to every level before the upsert. A coarse
# cell's delta can cancel out although its fine cells' do not (a move within it): skipped.
APPLY = """
CREATE OR REPLACE FUNCTION gp_tile_cells_apply() RETURNS trigger LANGUAGE plpgsql AS $f$
DECLARE
    changed text := CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT *, 1 AS sign FROM new_rows'
        WHEN 'DELETE' THEN 'SELECT *, -1 AS sign FROM old_rows'
        ELSE 'SELECT *, -1 AS sign FROM old_rows UNION ALL SELECT *, 1 FROM new_rows'
    END;
BEGIN
    -- Dynamic SQL, because each event has only its own transition tables.
    EXECUTE format($q$
        WITH changed AS (%s),
        base AS (
            SELECT ch.campaign_id, c.exact, c.cx, c.cy, ch.category_id,
                   sum(ch.sign) AS n, sum(ch.sign * ch.support_count) AS support
            FROM changed ch
            JOIN campaigns_category k ON k.id = ch.category_id
            JOIN campaigns_campaign m ON m.id = ch.campaign_id
            CROSS JOIN LATERAL gp_tile_cells_of(ch.geom_3857, k.sensitive, m.sensitive_grid_3857) c
            WHERE ch.status = 'approved'
            GROUP BY 1, 2, 3, 4, 5
        ),
        delta AS (
            SELECT b.campaign_id, b.exact, l.level, b.cx >> (20 - l.level) AS cx,
                   b.cy >> (20 - l.level) AS cy, b.category_id,
                   sum(b.n) AS n, sum(b.support) AS support
            FROM base b
            CROSS JOIN (VALUES (20), (19), (18), (17), (16), (15), (14), (13)) AS l(level)
            GROUP BY 1, 2, 3, 4, 5, 6
            HAVING sum(b.n) <> 0 OR sum(b.support) <> 0
        )
        INSERT INTO submissions_tilecell AS t
            (campaign_id, exact, level, cx, cy, category_id, count, support_sum)
        SELECT campaign_id, exact, level, cx, cy, category_id, n, support FROM delta
        ORDER BY campaign_id, exact, level, cx, cy, category_id
        ON CONFLICT (campaign_id, exact, level, cx, cy, category_id) DO UPDATE
        SET count = t.count + EXCLUDED.count, support_sum = t.support_sum + EXCLUDED.support_sum
    $q$, changed);
    DELETE FROM submissions_tilecell WHERE count <= 0;
    RETURN NULL;
END
$f$;
"""

REFILL = "SELECT gp_tile_cells_rebuild(NULL); ANALYZE submissions_tilecell;"

# Back to 0003's single level: its functions (replaced in place, the triggers keep pointing at
# them), then, once its table is back, its recount.
RESTORE = "".join(
    text.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1)
    for text in (previous.REBUILD, previous.APPLY)
)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0003_sensitive_grid_3857"),
        ("submissions", "0003_tile_cells"),
    ]

    operations = [
        migrations.RunSQL(migrations.RunSQL.noop, REFILL),
        migrations.DeleteModel(name="TileCell"),
        migrations.CreateModel(
            name="TileCell",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "campaign",
                        "exact",
                        "level",
                        "cx",
                        "cy",
                        "category",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("exact", models.BooleanField()),
                ("level", models.SmallIntegerField()),
                ("cx", models.IntegerField()),
                ("cy", models.IntegerField()),
                ("count", models.IntegerField()),
                ("support_sum", models.IntegerField()),
                (
                    "campaign",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="campaigns.campaign",
                    ),
                ),
                (
                    "category",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="campaigns.category",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["campaign", "exact", "level", "cx", "cy"],
                        include=["category", "count", "support_sum"],
                        name="tilecell_tile_cover",
                    ),
                    models.Index(
                        condition=models.Q(("count__lte", 0)),
                        fields=["count"],
                        name="tilecell_emptied",
                    ),
                ],
            },
        ),
        migrations.RunSQL(REBUILD + APPLY + REFILL, RESTORE),
    ]
