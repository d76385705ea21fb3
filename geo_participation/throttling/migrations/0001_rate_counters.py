"""The throttles' counters: one row per budget and time bucket, in an UNLOGGED table.

UNLOGGED: counting writes no WAL, so a request's count commits without waiting for a disk
flush; after a crash PostgreSQL empties the table, which only gives every client a fresh
budget. The table has no model: it is written and read by one statement (counters.py).
"""

from django.db import migrations

TABLE = """
CREATE UNLOGGED TABLE throttling_rate_counter (
    key text NOT NULL,
    bucket bigint NOT NULL,
    count integer NOT NULL,
    expires double precision NOT NULL,
    PRIMARY KEY (key, bucket)
);
CREATE INDEX throttling_rate_counter_expires ON throttling_rate_counter (expires);
"""


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunSQL(TABLE, "DROP TABLE IF EXISTS throttling_rate_counter;")]
