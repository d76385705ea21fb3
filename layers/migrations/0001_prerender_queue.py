"""Queue a background render of a campaign's low-zoom tiles whenever its published_version moves.

A trigger, not hooks in the services: the version itself is bumped by triggers (submissions,
categories, the campaign's grid, reference layers), so every path that changes what a campaign
publishes (the API, the admin, bulk loads, psql, a future trigger) passes through this UPDATE.
The job is a row in procrastinate's table written in the same transaction: it commits with the
change or vanishes with its rollback, and it waits in the table while the worker is down (a
LISTEN would lose what happens while nobody listens). layers.tiles.prerender explains the rest.
"""

from django.db import migrations

# procrastinate_defer_jobs_v1 is the function procrastinate's own client defers jobs with (a
# procrastinate upgrade that renames it fails every approval in the tests, never silently). The
# queueing lock keeps one waiting job per campaign: the changes of the next seconds (a burst of
# approvals) find it waiting and add nothing; it renders the version it finds when it starts.
# The delay comes from GP_PRERENDER_DELAY_S, which Django sets on its connections
# (settings.DATABASES); clients that do not (psql, a bulk load) get one second.
FUNCTION = """
CREATE FUNCTION gp_prerender_queue() RETURNS trigger LANGUAGE plpgsql AS $f$
DECLARE
    waiting text := 'prerender-' || NEW.id;
    delay double precision := coalesce(
        nullif(current_setting('gp.prerender_delay_s', true), ''), '1')::double precision;
BEGIN
    -- Drafts are never public; polls and votes have no map.
    IF NEW.draft OR NEW.kind <> 'map' THEN
        RETURN NULL;
    END IF;
    -- Checked first so that the common case (a job already waits) opens no subtransaction.
    IF NOT EXISTS (
        SELECT 1 FROM procrastinate_jobs WHERE queueing_lock = waiting AND status = 'todo'
    ) THEN
        BEGIN
            PERFORM procrastinate_defer_jobs_v1(ARRAY[ROW(
                'tiles', 'tiles.prerender', 0, NULL, waiting,
                jsonb_build_object('campaign_id', NEW.id),
                clock_timestamp() + make_interval(secs => delay)
            )::procrastinate_job_to_defer_v1]);
        EXCEPTION WHEN unique_violation THEN
            NULL;  -- a concurrent transaction queued it first: one job is enough
        END;
    END IF;
    RETURN NULL;
END
$f$;
CREATE TRIGGER campaign_prerender AFTER UPDATE OF published_version, draft ON campaigns_campaign
    FOR EACH ROW
    WHEN (OLD.published_version IS DISTINCT FROM NEW.published_version
          OR (OLD.draft AND NOT NEW.draft))
    EXECUTE FUNCTION gp_prerender_queue();
"""

REVERSE = """
DROP TRIGGER IF EXISTS campaign_prerender ON campaigns_campaign;
DROP FUNCTION IF EXISTS gp_prerender_queue();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0009_kind_and_results"),
        ("procrastinate", "0041_post_retry_failed_job"),
    ]

    operations = [migrations.RunSQL(FUNCTION, REVERSE)]
