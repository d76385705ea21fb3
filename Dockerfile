# The `web` service of docker-compose.yml: the app under gunicorn, static files collected at
# build time. The database comes from DATABASE_URL (the `db` service in compose).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# GDAL, GEOS and PROJ are loaded by GeoDjango at run time; Node.js and npm fetch OpenLayers.
# tilemaker and osmium-tool build the base map (manage.py build_basemap), and Noto Sans is
# what its glyphs are made from (docs/basemap.md).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        gdal-bin libgdal32 libgeos-c1v5 libproj25 nodejs npm gettext \
        tilemaker osmium-tool fonts-noto-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Front-end packages first, so this layer is rebuilt only when the lockfile changes.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

COPY . .
RUN pip install .

# Our own copies of the front-end libraries (no CDN at run time), as scripts/setup.sh step_assets
# makes them: OpenLayers for the admin map widget; MapLibre GL JS, terra-draw and its MapLibre
# adapter for the citizen map and the moderation page (with their source maps, which
# collectstatic's manifest insists on). Then the static files. Settings need some secret key
# to load; this one exists only during the build.
RUN V=geo_participation/static/vendor \
    && mkdir -p $V/ol $V/maplibre-gl $V/terra-draw $V/terra-draw-maplibre-gl-adapter \
    && cp node_modules/ol/dist/ol.js* node_modules/ol/ol.css $V/ol/ \
    && (cd node_modules/maplibre-gl/dist && cp maplibre-gl.mjs maplibre-gl.mjs.map \
        maplibre-gl-worker.mjs maplibre-gl-worker.mjs.map maplibre-gl.css /app/$V/maplibre-gl/) \
    && (cd node_modules/terra-draw/dist \
        && cp terra-draw.module.js terra-draw.module.js.map /app/$V/terra-draw/) \
    && (cd node_modules/terra-draw-maplibre-gl-adapter/dist \
        && cp terra-draw-maplibre-gl-adapter.module.js \
            terra-draw-maplibre-gl-adapter.module.js.map /app/$V/terra-draw-maplibre-gl-adapter/) \
    && mkdir -p $V/pmtiles $V/fflate \
    && cp node_modules/pmtiles/dist/esm/index.js node_modules/pmtiles/dist/esm/index.js.map $V/pmtiles/ \
    && cp node_modules/fflate/esm/browser.js $V/fflate/ \
    && node scripts/basemap_assets.mjs $V/basemap \
    && GP_SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput --verbosity 0 \
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
