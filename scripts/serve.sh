#!/usr/bin/env bash
# Serve the app with gunicorn and run the task queue's worker beside it (`make serve`, `make
# demo` and the container); Ctrl+C, or either one ending, stops both. GP_BIND (host:port,
# default 127.0.0.1:8000), GP_WORKERS (default 2) and GP_RUN_WORKER (default 1; 0 where the
# worker runs on its own, as the compose `worker` service does) come from the environment or .env.
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
run_worker=${GP_RUN_WORKER:-$(dotenv_value GP_RUN_WORKER)}
run_worker=${run_worker:-1}

gunicorn=.venv/bin/gunicorn
[[ -x $gunicorn ]] || gunicorn=gunicorn # the container installs into the system Python
python=.venv/bin/python
[[ -x $python ]] || python=python

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
Mails (notifications) are sent by the task queue's worker$( ((run_worker)) && echo ", started beside it" || echo " (GP_RUN_WORKER=0: run it yourself)").
Stop with Ctrl+C.

TEXT

pids=()
stop_all() {
    trap - EXIT INT TERM
    ((${#pids[@]})) && kill -TERM "${pids[@]}" 2>/dev/null
    wait
}
trap stop_all EXIT INT TERM

if ((run_worker)); then
    # Sends the notification mails and renders low-zoom tiles ahead; it logs every job
    # (docs/operations.md, "Task queue").
    GP_QUEUE_LOG_LEVEL=${GP_QUEUE_LOG_LEVEL:-INFO} "$python" manage.py procrastinate worker &
    pids+=($!)
fi
"$gunicorn" geo_participation.wsgi:application \
    --bind "$bind" --workers "$workers" --access-logfile - &
pids+=($!)
# When either ends (a crash, or a signal to it), stop the other too: the trap does it.
wait -n "${pids[@]}"
