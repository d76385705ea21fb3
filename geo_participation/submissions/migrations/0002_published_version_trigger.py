"""Bump a campaign's published_version whenever what it publishes changes.

Statement-level triggers with transition tables: a COPY of a million rows bumps each campaign
once, and no write path (ORM, admin, bulk load, psql) can forget to do it.
"""

from django.db import migrations

FUNCTION = """
CREATE FUNCTION gp_bump_published_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE campaigns_campaign SET published_version = published_version + 1
        WHERE id IN (SELECT campaign_id FROM new_rows WHERE status = 'approved');
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE campaigns_campaign SET published_version = published_version + 1
        WHERE id IN (SELECT campaign_id FROM old_rows WHERE status = 'approved');
    ELSE
        UPDATE campaigns_campaign SET published_version = published_version + 1
        WHERE id IN (
            SELECT campaign_id FROM new_rows WHERE status = 'approved'
            UNION SELECT campaign_id FROM old_rows WHERE status = 'approved'
        );
    END IF;
    RETURN NULL;
END
$$;
"""

# PostgreSQL allows transition tables only on single-event triggers: one trigger per event.
TRIGGERS = """
CREATE TRIGGER submission_published_insert AFTER INSERT ON submissions_submission
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION gp_bump_published_version();
CREATE TRIGGER submission_published_update AFTER UPDATE ON submissions_submission
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION gp_bump_published_version();
CREATE TRIGGER submission_published_delete AFTER DELETE ON submissions_submission
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION gp_bump_published_version();
"""

REVERSE = """
DROP TRIGGER IF EXISTS submission_published_insert ON submissions_submission;
DROP TRIGGER IF EXISTS submission_published_update ON submissions_submission;
DROP TRIGGER IF EXISTS submission_published_delete ON submissions_submission;
DROP FUNCTION IF EXISTS gp_bump_published_version();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0002_published_version"),
        ("submissions", "0001_initial"),
    ]

    operations = [migrations.RunSQL(FUNCTION + TRIGGERS, REVERSE)]
