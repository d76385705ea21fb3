#!/bin/bash
# Run once by the postgis image when the db service's data volume is new
# (/docker-entrypoint-initdb.d/): a role that may stream to replicas, and the pg_hba rule
# that lets it (docs/operations.md "Read replicas"). For an existing volume, run the two
# steps by hand.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v password="${GP_REPLICATION_PASSWORD:-replicator}" \
    -c "CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'password'"
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
