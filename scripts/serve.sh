#!/usr/bin/env bash
# Serve the app with gunicorn in the foreground (`make serve`, `make demo` and the container).
# GP_BIND (host:port, default 127.0.0.1:8000) and GP_WORKERS (default 2) come from the
# environment or .env.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

dotenv_value() {
    [[ -f .env ]] || return 0
    sed -n -E "s/^(export )?$1=(.+)\$/\\2/p" .env | head -n 1
}

bind=${GP_BIND:-$(dotenv_value GP_BIND)}
bind=${bind:-127.0.0.1:8000}
workers=${GP_WORKERS:-$(dotenv_value GP_WORKERS)}
workers=${workers:-2}

gunicorn=.venv/bin/gunicorn
[[ -x $gunicorn ]] || gunicorn=gunicorn # the container installs into the system Python

host=${bind%:*}
port=${bind##*:}
case $host in
    0.0.0.0 | '[::]' | '') host=127.0.0.1 ;; # listening everywhere: open it locally
esac
base=http://$host:$port

cat <<TEXT

geo_participation is starting on $bind; open:
  $base/api/campaigns/    campaigns (REST API)
  $base/api/docs/         API documentation
  $base/admin/            admin: moderation, campaign areas on a map
Stop with Ctrl+C.

TEXT

exec "$gunicorn" geo_participation.wsgi:application \
    --bind "$bind" --workers "$workers" --access-logfile -
