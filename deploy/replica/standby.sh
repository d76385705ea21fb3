#!/bin/bash
# The replica service (docker compose --profile replica): on first start, copy the db service
# with pg_basebackup -R (standby.signal and primary_conninfo), then run as a hot standby.
set -euo pipefail
export PGPASSWORD="${GP_REPLICATION_PASSWORD:-replicator}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    until pg_basebackup -h db -U replicator -D "$PGDATA" -R -X stream -c fast; do
        echo "waiting for the primary..." >&2
        rm -rf "${PGDATA:?}"/*
        sleep 2
    done
    chmod 700 "$PGDATA"
fi
# The copy keeps the primary's postgresql.conf; a standby needs at least its limits, which
# the copy has. hot_standby_feedback: vacuum on the primary does not cancel long tile reads.
exec postgres -c hot_standby=on -c hot_standby_feedback=on
