"""Submission.near: the named street or address nearest to the public position, kept current.

gp_submission_near is the rule: the name of the gazetteer entry gp_place_nearest finds for the
place's PUBLIC point (gp_public_point: a sensitive category's place snapped to its grid cell),
so a sensitive place that moves inside its cell keeps its `near`; the exact position never
names it. gp_refresh_near recomputes it, for every row or those of one submission, category or
campaign, in one set-based UPDATE that writes only rows whose name changes. It runs when the
gazetteer is reloaded (submissions/near.py) and, by the triggers below, whenever the public
position moves: a category turning sensitive (or no longer), a campaign's grid, a geometry.
"""

from django.db import migrations, models

FUNCTIONS = """
CREATE FUNCTION gp_submission_near(g geometry, generalised boolean, grid double precision)
RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce((SELECT p.name FROM places_place p
                     WHERE p.id = gp_place_nearest(gp_public_point(g, generalised, grid))), '')
$$;
CREATE FUNCTION gp_refresh_near(only_column text, only_id bigint)
RETURNS bigint LANGUAGE plpgsql AS $f$
DECLARE
    changed bigint;
BEGIN
    -- Dynamic, so that the filter on one id is planned with its index.
    EXECUTE format($q$
        UPDATE submissions_submission s SET near = v.near
        FROM (SELECT s2.id,
                     gp_submission_near(s2.geom_3857, c.sensitive, k.sensitive_grid_3857) AS near
              FROM submissions_submission s2
              JOIN campaigns_category c ON c.id = s2.category_id
              JOIN campaigns_campaign k ON k.id = s2.campaign_id
              WHERE %s) v
        WHERE s.id = v.id AND s.near IS DISTINCT FROM v.near
    $q$, CASE WHEN only_column IS NULL THEN 'true'
              ELSE format('s2.%I = %L', only_column, only_id) END);
    GET DIAGNOSTICS changed = ROW_COUNT;
    RETURN changed;
END
$f$;
CREATE FUNCTION gp_near_follow_public_position() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    IF TG_TABLE_NAME = 'campaigns_campaign' THEN
        PERFORM gp_refresh_near('campaign_id', NEW.id);
    ELSIF TG_TABLE_NAME = 'campaigns_category' THEN
        PERFORM gp_refresh_near('category_id', NEW.id);
    ELSE
        PERFORM gp_refresh_near('id', NEW.id);
    END IF;
    RETURN NULL;
END
$f$;
CREATE TRIGGER category_near_sensitive AFTER UPDATE OF sensitive ON campaigns_category
    FOR EACH ROW WHEN (OLD.sensitive IS DISTINCT FROM NEW.sensitive)
    EXECUTE FUNCTION gp_near_follow_public_position();
CREATE TRIGGER campaign_near_grid AFTER UPDATE OF sensitive_grid_3857 ON campaigns_campaign
    FOR EACH ROW WHEN (OLD.sensitive_grid_3857 IS DISTINCT FROM NEW.sensitive_grid_3857)
    EXECUTE FUNCTION gp_near_follow_public_position();
CREATE TRIGGER submission_near_position AFTER UPDATE OF geom, category_id
    ON submissions_submission
    FOR EACH ROW WHEN (OLD.geom IS DISTINCT FROM NEW.geom
                       OR OLD.category_id IS DISTINCT FROM NEW.category_id)
    EXECUTE FUNCTION gp_near_follow_public_position();
"""

REVERSE = """
DROP TRIGGER IF EXISTS category_near_sensitive ON campaigns_category;
DROP TRIGGER IF EXISTS campaign_near_grid ON campaigns_campaign;
DROP TRIGGER IF EXISTS submission_near_position ON submissions_submission;
DROP FUNCTION IF EXISTS gp_near_follow_public_position();
DROP FUNCTION IF EXISTS gp_refresh_near(text, bigint);
DROP FUNCTION IF EXISTS gp_submission_near(geometry, boolean, double precision);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0005_public_position"),
        ("places", "0001_gazetteer"),
    ]

    operations = [
        migrations.AddField(
            model_name="submission",
            name="near",
            field=models.CharField(blank=True, db_default="", editable=False, max_length=300),
        ),
        migrations.RunSQL(FUNCTIONS, REVERSE),
        # Rows that exist already, against whatever gazetteer is loaded.
        migrations.RunSQL("SELECT gp_refresh_near(NULL, NULL)", migrations.RunSQL.noop),
    ]
