#!/bin/sh
# Container start: bring the database schema up to date, optionally load the demo, then
# run the given command, or gunicorn when there is none.
set -eu

python manage.py migrate --noinput
python manage.py createcachetable
if [ "${GP_LOAD_DEMO:-0}" = "1" ]; then
    python manage.py load_demo
fi
# The demo's base map from the fixture extract, once; a city's own:
# docker compose exec web python manage.py build_basemap --osm <URL of its .osm.pbf>
python manage.py build_basemap --if-missing

if [ "$#" -eq 0 ]; then
    exec bash scripts/serve.sh
fi
exec "$@"
