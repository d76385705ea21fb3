# The `web` service of docker-compose.yml: the app under gunicorn, static files collected at
# build time. The database comes from DATABASE_URL (the `db` service in compose).

# Front-end assets in Node.js 20 (@versatiles/style and fontnik need it; Debian 12 ships 18):
# the same step as `make setup` (scripts/setup.sh vendor), so the copies have one list.
FROM node:20-bookworm-slim AS assets
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-noto-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund && touch node_modules/.installed
COPY scripts ./scripts
RUN bash scripts/setup.sh vendor

FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# GDAL, GEOS and PROJ are loaded by GeoDjango at run time; tilemaker and osmium-tool build the
# base map (manage.py build_basemap, docs/basemap.md).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        gdal-bin libgdal32 libgeos-c1v5 libproj25 gettext tilemaker osmium-tool \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

COPY . .
RUN pip install .

# Our own copies of the front-end libraries, styles and glyphs (no CDN at run time) from the
# asset stage, then the static files and translations. Settings need some secret key to load;
# this one exists only during the build.
COPY --from=assets /app/geo_participation/static/vendor geo_participation/static/vendor
RUN GP_SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput --verbosity 0 \
    && (cd geo_participation && GP_SECRET_KEY=build-only python ../manage.py compilemessages)

# Run unprivileged; the home directory is where gunicorn puts its control socket.
# Uploaded photos live in /app/media and the base map archive in /app/var (volumes in
# docker-compose.yml), owned by that user.
RUN useradd --system --create-home --shell /usr/sbin/nologin app \
    && mkdir -p /app/media /app/var \
    && chown app:app /app/media /app/var
ENV GP_MEDIA_ROOT=/app/media
VOLUME /app/media /app/var
USER app

ENV GP_BIND=0.0.0.0:8000
EXPOSE 8000
ENTRYPOINT ["/bin/sh", "scripts/docker-entrypoint.sh"]
