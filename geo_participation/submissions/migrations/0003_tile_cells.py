"""Tile cells: approved submissions counted per base grid cell, kept current by PostgreSQL.

Low-zoom tiles sum these cells instead of reading every submission. Statement-level triggers
with transition tables (as in 0002) apply each statement's net change, so ORM writes, the
admin, psql and bulk loads (COPY) all keep the cells equal to a fresh aggregation.
"""

import django.db.models.deletion
from django.db import migrations, models

# The public-position rule, the only place it is written: where a published place is shown to
# someone who gets it generalised (the public, for a sensitive category) is one point, its point
# on surface snapped to the campaign's grid; everyone else sees the geometry itself. Every public
# output calls these functions by name: the ORM through geo_participation.gis_functions, the
# tile SQL, the density binning, the grid and cluster points and the tile-cell triggers below.
# gp_public_point is the same place as a single point (a line or area at its point on surface,
# inside it unlike a centroid), for aggregates. Both are plain SQL expressions, IMMUTABLE, so
# PostgreSQL inlines them into each query: no function call per row.
PUBLIC_POSITION = """
CREATE OR REPLACE FUNCTION gp_public_geom(g geometry, generalised boolean, grid double precision)
RETURNS geometry LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN generalised THEN ST_SnapToGrid(ST_PointOnSurface(g), grid) ELSE g END
$$;
CREATE OR REPLACE FUNCTION gp_public_point(g geometry, generalised boolean, grid double precision)
RETURNS geometry LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN generalised THEN gp_public_geom(g, true, grid)
                WHEN GeometryType(g) = 'POINT' THEN g
                ELSE ST_PointOnSurface(g) END
$$;
"""

# The base cells a submission counts in: (exact, cx, cy) for the exact variant and the public
# one, each at its public point (a sensitive place generalised for the public only). Rows count
# from the north, like tiles. 20037508.342789244 is half the Mercator square,
# 38.21851414258813 its width / 2^20 (models.TILE_CELL_SIZE, written out: a migration must not
# change with the code).
PLACE = """
CREATE FUNCTION gp_tile_cells_of(g geometry, sensitive boolean, grid double precision)
RETURNS TABLE (exact boolean, cx integer, cy integer)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT v.exact,
           floor((ST_X(v.p) + 20037508.342789244) / 38.21851414258813)::integer,
           floor((20037508.342789244 - ST_Y(v.p)) / 38.21851414258813)::integer
    FROM (VALUES (true, gp_public_point(g, false, grid)),
                 (false, gp_public_point(g, sensitive, grid))) v(exact, p)
$$;
"""

# Recount the cells of one campaign (of every campaign for NULL); public variant only if asked.
REBUILD = """
CREATE FUNCTION gp_tile_cells_rebuild(campaign bigint, only_public boolean DEFAULT false)
RETURNS void LANGUAGE sql AS $$
    DELETE FROM submissions_tilecell
    WHERE (campaign IS NULL OR campaign_id = campaign) AND NOT (only_public AND exact);
    INSERT INTO submissions_tilecell (campaign_id, exact, cx, cy, category_id, count, support_sum)
    SELECT s.campaign_id, c.exact, c.cx, c.cy, s.category_id, count(*), sum(s.support_count)
    FROM submissions_submission s
    JOIN campaigns_category k ON k.id = s.category_id
    JOIN campaigns_campaign m ON m.id = s.campaign_id
    CROSS JOIN LATERAL gp_tile_cells_of(s.geom_3857, k.sensitive, m.sensitive_grid_3857) c
    WHERE s.status = 'approved' AND (campaign IS NULL OR s.campaign_id = campaign)
      AND NOT (only_public AND c.exact)
    GROUP BY 1, 2, 3, 4, 5;
$$;
"""

# One statement's net change per cell: old approved rows out, new approved rows in. Rows whose
# cell, category and support did not change cancel out and touch nothing. Upserts go in key
# order, so concurrent writers lock cells in the same order. Emptied cells are removed after.
APPLY = """
CREATE FUNCTION gp_tile_cells_apply() RETURNS trigger LANGUAGE plpgsql AS $f$
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
        delta AS (
            SELECT ch.campaign_id, c.exact, c.cx, c.cy, ch.category_id,
                   sum(ch.sign) AS n, sum(ch.sign * ch.support_count) AS support
            FROM changed ch
            JOIN campaigns_category k ON k.id = ch.category_id
            JOIN campaigns_campaign m ON m.id = ch.campaign_id
            CROSS JOIN LATERAL gp_tile_cells_of(ch.geom_3857, k.sensitive, m.sensitive_grid_3857) c
            WHERE ch.status = 'approved'
            GROUP BY 1, 2, 3, 4, 5
            HAVING sum(ch.sign) <> 0 OR sum(ch.sign * ch.support_count) <> 0
        )
        INSERT INTO submissions_tilecell AS t
            (campaign_id, exact, cx, cy, category_id, count, support_sum)
        SELECT campaign_id, exact, cx, cy, category_id, n, support FROM delta
        ORDER BY campaign_id, exact, cx, cy, category_id
        ON CONFLICT (campaign_id, exact, cx, cy, category_id) DO UPDATE
        SET count = t.count + EXCLUDED.count, support_sum = t.support_sum + EXCLUDED.support_sum
    $q$, changed);
    DELETE FROM submissions_tilecell WHERE count <= 0;
    RETURN NULL;
END
$f$;
"""

# A category turning sensitive (or no longer), or a campaign's grid changing (a new area),
# moves the public places of the whole campaign: recount its public cells.
RECOUNT = """
CREATE FUNCTION gp_tile_cells_recount_public() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    -- Each record's fields are resolved only in the branch that runs.
    IF TG_TABLE_NAME = 'campaigns_campaign' THEN
        PERFORM gp_tile_cells_rebuild(NEW.id, true);
        -- What the public sees moved: every cached public tile of the campaign is stale.
        UPDATE campaigns_campaign SET published_version = published_version + 1
        WHERE id = NEW.id;
    ELSE
        PERFORM gp_tile_cells_rebuild(NEW.campaign_id, true);
        UPDATE campaigns_campaign SET published_version = published_version + 1
        WHERE id = NEW.campaign_id;
    END IF;
    RETURN NULL;
END
$f$;
"""

# PostgreSQL allows transition tables only on single-event triggers: one trigger per event.
TRIGGERS = """
CREATE TRIGGER submission_tile_cells_insert AFTER INSERT ON submissions_submission
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION gp_tile_cells_apply();
CREATE TRIGGER submission_tile_cells_update AFTER UPDATE ON submissions_submission
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION gp_tile_cells_apply();
CREATE TRIGGER submission_tile_cells_delete AFTER DELETE ON submissions_submission
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION gp_tile_cells_apply();
CREATE TRIGGER category_tile_cells_sensitive AFTER UPDATE OF sensitive ON campaigns_category
    FOR EACH ROW WHEN (OLD.sensitive IS DISTINCT FROM NEW.sensitive)
    EXECUTE FUNCTION gp_tile_cells_recount_public();
CREATE TRIGGER campaign_tile_cells_grid AFTER UPDATE OF sensitive_grid_3857 ON campaigns_campaign
    FOR EACH ROW WHEN (OLD.sensitive_grid_3857 IS DISTINCT FROM NEW.sensitive_grid_3857)
    EXECUTE FUNCTION gp_tile_cells_recount_public();
SELECT gp_tile_cells_rebuild(NULL);
ANALYZE submissions_tilecell;
"""

REVERSE = """
DROP TRIGGER IF EXISTS submission_tile_cells_insert ON submissions_submission;
DROP TRIGGER IF EXISTS submission_tile_cells_update ON submissions_submission;
DROP TRIGGER IF EXISTS submission_tile_cells_delete ON submissions_submission;
DROP TRIGGER IF EXISTS category_tile_cells_sensitive ON campaigns_category;
DROP TRIGGER IF EXISTS campaign_tile_cells_grid ON campaigns_campaign;
DROP FUNCTION IF EXISTS gp_tile_cells_recount_public();
DROP FUNCTION IF EXISTS gp_tile_cells_apply();
DROP FUNCTION IF EXISTS gp_tile_cells_rebuild(bigint, boolean);
DROP FUNCTION IF EXISTS gp_tile_cells_of(geometry, boolean, double precision);
DROP FUNCTION IF EXISTS gp_public_point(geometry, boolean, double precision);
DROP FUNCTION IF EXISTS gp_public_geom(geometry, boolean, double precision);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0003_sensitive_grid_3857"),
        ("submissions", "0002_published_version_trigger"),
    ]

    operations = [
        migrations.CreateModel(
            name="TileCell",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "campaign",
                        "exact",
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
                        fields=["campaign", "exact", "cx", "cy"],
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
        migrations.RunSQL(PUBLIC_POSITION + PLACE + REBUILD + APPLY + RECOUNT + TRIGGERS, REVERSE),
    ]
