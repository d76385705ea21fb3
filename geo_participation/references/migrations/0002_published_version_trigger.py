"""Bump a campaign's published_version whenever its reference layers or sections change.

Sections are published with their campaign (API, tiles, exports key their caches on
published_version), so an upload, a rename or a deletion must change it, whatever writes it.
Statement-level triggers with transition tables, like submissions 0002: one bump per statement.
"""

from django.db import migrations

FUNCTION = """
CREATE FUNCTION gp_bump_reference_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE campaigns_campaign SET published_version = published_version + 1
        WHERE id IN (SELECT campaign_id FROM new_rows);
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE campaigns_campaign SET published_version = published_version + 1
        WHERE id IN (SELECT campaign_id FROM old_rows);
    ELSE
        UPDATE campaigns_campaign SET published_version = published_version + 1
        WHERE id IN (SELECT campaign_id FROM new_rows UNION SELECT campaign_id FROM old_rows);
    END IF;
    RETURN NULL;
END
$$;
"""

TABLES = ("references_referencefeature", "references_referencelayer")
# PostgreSQL allows transition tables only on single-event triggers: one trigger per event.
EVENTS = {
    "insert": "REFERENCING NEW TABLE AS new_rows",
    "update": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "delete": "REFERENCING OLD TABLE AS old_rows",
}
TRIGGERS = "".join(
    f"CREATE TRIGGER {table}_published_{event} AFTER {event.upper()} ON {table} {referencing}"
    " FOR EACH STATEMENT EXECUTE FUNCTION gp_bump_reference_version();\n"
    for table in TABLES
    for event, referencing in EVENTS.items()
)
REVERSE = "".join(
    f"DROP TRIGGER IF EXISTS {table}_published_{event} ON {table};\n"
    for table in TABLES
    for event in EVENTS
) + ("DROP FUNCTION IF EXISTS gp_bump_reference_version();\n")


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0009_kind_and_results"),
        ("references", "0001_initial"),
    ]

    operations = [migrations.RunSQL(FUNCTION + TRIGGERS, REVERSE)]
