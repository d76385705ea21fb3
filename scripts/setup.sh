#!/usr/bin/env bash
# Prepare this checkout on Debian 12 (as root): install what is missing, find or start
# PostGIS, create the virtualenv, .env, front-end assets and static files, then migrate and
# compile the translations.
#
#   scripts/setup.sh            every step, in order (what `make setup` runs)
#   scripts/setup.sh STEP...    only these: system venv env database assets migrate messages
#                               basemap (BASEMAP_OSM=path or URL rebuilds it), browser
#                               (Debian's chromium for the browser tests; `make test`), or
#                               vendor (the front-end copies that assets makes, without
#                               collectstatic: the Dockerfile's asset stage), qgis (Debian's
#                               python3-qgis for the "Open in QGIS" tests; `make test`),
#                               nginx (Debian's nginx for the HTTP cache tests; `make test`)
#
# Each step checks before it acts, so a second run installs nothing and is quick.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
VENV=$ROOT/.venv
PY=$VENV/bin/python
export DEBIAN_FRONTEND=noninteractive

# The local development database. Its role is a superuser only because the test runner
# creates a test database and the postgis extension in it; never use these credentials
# for a shared or public database (set DATABASE_URL instead).
LOCAL_DB=geo_participation
LOCAL_HOST=127.0.0.1
LOCAL_PORT=5432
# Debian 12's default PostgreSQL, installed when there is no server at all.
DEFAULT_PG_MAJOR=15

log() { printf '==> %s\n' "$*"; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

as_root() {
    if [[ $(id -u) -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null; then
        sudo "$@"
    else
        die "need root for: $*"
    fi
}

is_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

APT_UPDATED=
# Install the Debian packages among the arguments that are not installed yet.
apt_install() {
    local missing=() pkg
    for pkg in "$@"; do
        is_installed "$pkg" || missing+=("$pkg")
    done
    [[ ${#missing[@]} -eq 0 ]] && return 0
    log "installing ${missing[*]}"
    if [[ -z $APT_UPDATED ]]; then
        as_root apt-get update -q
        APT_UPDATED=1
    fi
    as_root apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# Print the value of NAME from .env (uncommented, non-empty), if any.
dotenv_value() {
    [[ -f $ROOT/.env ]] || return 0
    sed -n -E "s/^(export )?$1=(.+)\$/\\2/p" "$ROOT/.env" | head -n 1
}

# DATABASE_URL from the environment or .env means: use that database as it is.
external_database() {
    [[ -n ${DATABASE_URL:-} || -n $(dotenv_value DATABASE_URL) ]]
}

local_server_ready() {
    command -v pg_isready >/dev/null && pg_isready -q -h "$LOCAL_HOST" -p "$LOCAL_PORT"
}

step_system() {
    # GDAL, GEOS and PROJ are what GeoDjango loads; the -dev packages give it the plain .so names.
    local pkgs=(gdal-bin libgdal-dev libgeos-dev libproj-dev)
    # Node.js may come from elsewhere (nodesource bundles npm): ask for the command, not a package.
    command -v npm >/dev/null || pkgs+=(nodejs npm)
    apt_install "${pkgs[@]}"
}

step_venv() {
    if [[ ! -x $PY ]]; then
        log "creating $VENV"
        if ! python3 -m venv "$VENV"; then
            # Debian ships ensurepip separately.
            rm -rf "$VENV"
            apt_install python3-venv
            python3 -m venv "$VENV"
        fi
    fi
    local stamp=$VENV/.installed
    if [[ ! -f $stamp || $ROOT/pyproject.toml -nt $stamp ]]; then
        log "installing Python packages into $VENV"
        "$PY" -m pip install --progress-bar off -e "$ROOT[dev]"
        touch "$stamp"
    fi
}

step_env() {
    # The settings (geo_participation/settings/) read .env; real environment variables win over it.
    if [[ -n $(dotenv_value GP_SECRET_KEY) ]]; then
        return 0
    fi
    log "writing a random GP_SECRET_KEY to .env"
    local key
    key=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')
    (
        umask 077
        touch "$ROOT/.env"
        # An empty GP_SECRET_KEY= line would shadow the appended one.
        sed -i -E '/^(export )?GP_SECRET_KEY=$/d' "$ROOT/.env"
        if [[ -s $ROOT/.env && -n $(tail -c 1 "$ROOT/.env") ]]; then
            echo >>"$ROOT/.env"
        fi
        printf 'GP_SECRET_KEY=%s\n' "$key" >>"$ROOT/.env"
        chmod 600 "$ROOT/.env"
    )
}

start_local_server() {
    local_server_ready && return 0
    if ! compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null; then
        apt_install postgresql "postgresql-$DEFAULT_PG_MAJOR-postgis-3"
    fi
    local version= name= status=
    read -r version name status < <(
        pg_lsclusters -h 2>/dev/null | awk -v port="$LOCAL_PORT" '$3 == port {print $1, $2, $4; exit}'
    ) || true
    if [[ -z ${version:-} ]]; then
        version=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -n 1)
        [[ -n $version ]] || die "no PostgreSQL server installed"
        name=main
        log "creating PostgreSQL $version cluster $name on port $LOCAL_PORT"
        as_root pg_createcluster --port "$LOCAL_PORT" "$version" "$name"
        status=down
    fi
    if [[ $status != online* ]]; then
        log "starting PostgreSQL $version/$name"
        # No systemd here: start the cluster directly.
        as_root pg_ctlcluster --skip-systemctl-redirect "$version" "$name" start
    fi
    local i
    for i in $(seq 30); do
        local_server_ready && return 0
        sleep 1
    done
    die "PostgreSQL $version/$name does not answer on $LOCAL_HOST:$LOCAL_PORT"
}

ADMIN_VIA=
# psql as the postgres superuser: over the unix socket as the postgres OS user where possible
# (works with Debian's default peer auth), else over TCP as postgres. Never prompts.
admin_psql() {
    if [[ -z $ADMIN_VIA ]]; then
        ADMIN_VIA=tcp
        if [[ $(id -u) -eq 0 ]] && id postgres >/dev/null 2>&1 &&
            (cd / && runuser -u postgres -- psql -X -w -p "$LOCAL_PORT" -Atc 'select 1') >/dev/null 2>&1; then
            ADMIN_VIA=socket
        fi
    fi
    local psql_args=(-X -w -q -At -v ON_ERROR_STOP=1 -p "$LOCAL_PORT")
    if [[ $ADMIN_VIA == socket ]]; then
        (cd / && PGOPTIONS='-c client_min_messages=warning' runuser -u postgres -- psql "${psql_args[@]}" "$@")
    else
        PGOPTIONS='-c client_min_messages=warning' psql "${psql_args[@]}" -h "$LOCAL_HOST" -U postgres "$@"
    fi
}

step_database() {
    if external_database; then
        log "DATABASE_URL is set: using that database as it is"
        return 0
    fi
    start_local_server
    if [[ -z $(admin_psql -d postgres -c "select 1 from pg_available_extensions where name = 'postgis'") ]]; then
        local major
        major=$(($(admin_psql -d postgres -c 'show server_version_num') / 10000))
        apt_install "postgresql-$major-postgis-3"
    fi
    admin_psql -d postgres <<SQL
DO \$\$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$LOCAL_DB') THEN
        CREATE ROLE $LOCAL_DB LOGIN SUPERUSER PASSWORD '$LOCAL_DB';
    ELSIF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$LOCAL_DB' AND rolsuper AND rolcanlogin) THEN
        ALTER ROLE $LOCAL_DB LOGIN SUPERUSER;
    END IF;
END
\$\$;
SQL
    if [[ -z $(admin_psql -d postgres -c "select 1 from pg_database where datname = '$LOCAL_DB'") ]]; then
        log "creating database $LOCAL_DB"
        admin_psql -d postgres -c "CREATE DATABASE $LOCAL_DB OWNER $LOCAL_DB"
    fi
    admin_psql -d "$LOCAL_DB" -c 'CREATE EXTENSION IF NOT EXISTS postgis'
    # The app connects over TCP with a password: check exactly that.
    PGPASSWORD=$LOCAL_DB psql -X -w -q -At -h "$LOCAL_HOST" -p "$LOCAL_PORT" -U "$LOCAL_DB" -d "$LOCAL_DB" \
        -c 'select postgis_lib_version()' >/dev/null ||
        die "cannot log in as $LOCAL_DB on $LOCAL_HOST:$LOCAL_PORT (check pg_hba.conf)"
}

# Print the first static source or settings file changed after $1 (our own code only).
static_sources_newer_than() {
    find "$ROOT" \( -name .git -o -name node_modules -o -path "$VENV" -o -path "$ROOT/staticfiles" \) -prune \
        -o \( -path '*/static/*' -o -path '*/static' -o -path '*/geo_participation/settings/*' \) -newer "$1" -print -quit
}

# Copy the named files of an installed package's directory $1 to static/vendor/$2.
vendor_copy() {
    local from=$1 name=$2 file
    shift 2
    mkdir -p "$ROOT/geo_participation/static/vendor/$name"
    for file in "$@"; do
        cp -p "$from/$file" "$ROOT/geo_participation/static/vendor/$name/"
    done
}

# The front-end packages and our own copies of what the pages load (also the container
# image's asset stage: Dockerfile).
step_vendor() {
    command -v npm >/dev/null || apt_install nodejs npm
    local stamp=$ROOT/node_modules/.installed
    if [[ ! -f $stamp || $ROOT/package-lock.json -nt $stamp || $ROOT/package.json -nt $stamp ]]; then
        log "installing front-end packages (npm ci)"
        npm ci --no-audit --no-fund
        touch "$stamp"
    fi
    # Our own copy of OpenLayers for the admin map widget: nothing is loaded from a CDN.
    local vendor=$ROOT/geo_participation/static/vendor/ol
    mkdir -p "$vendor"
    cp -p node_modules/ol/dist/ol.js node_modules/ol/ol.css "$vendor/"
    if [[ -f node_modules/ol/dist/ol.js.map ]]; then
        cp -p node_modules/ol/dist/ol.js.map "$vendor/"
    fi
    # The citizen map (geo_participation/web): MapLibre GL JS, terra-draw and its MapLibre
    # adapter as ES modules. MapLibre loads its worker from beside its own module file, and
    # collectstatic insists that every sourceMappingURL resolves, so the maps come along.
    vendor_copy node_modules/maplibre-gl/dist maplibre-gl \
        maplibre-gl.mjs maplibre-gl.mjs.map maplibre-gl-worker.mjs maplibre-gl-worker.mjs.map \
        maplibre-gl.css
    vendor_copy node_modules/terra-draw/dist terra-draw terra-draw.module.js terra-draw.module.js.map
    vendor_copy node_modules/terra-draw-maplibre-gl-adapter/dist terra-draw-maplibre-gl-adapter \
        terra-draw-maplibre-gl-adapter.module.js terra-draw-maplibre-gl-adapter.module.js.map
    # The base map: the pmtiles reader (and fflate, which it imports) for MapLibre's pmtiles://
    # protocol, and the styles and glyphs made from @versatiles/style and Debian's Noto fonts.
    vendor_copy node_modules/pmtiles/dist/esm pmtiles index.js index.js.map
    vendor_copy node_modules/fflate/esm fflate browser.js
    apt_install fonts-noto-core
    node scripts/basemap_assets.mjs "$ROOT/geo_participation/static/vendor/basemap"
    # The add flow checks a place against the campaign area before sending (turf's ES modules
    # and their dependencies, each mapped by name in web/includes/module_scripts.html).
    local turf
    for turf in boolean-point-in-polygon helpers invariant; do
        vendor_copy "node_modules/@turf/$turf/dist/esm" "turf-$turf" index.js index.js.map
    done
    vendor_copy node_modules/point-in-polygon-hao/dist/esm point-in-polygon-hao index.js
    vendor_copy node_modules/robust-predicates/esm robust-predicates orient2d.js util.js
}

step_assets() {
    step_vendor
    # collectstatic post-processes every file (hashing, compression): skip it when no static
    # source, installed package or setting changed since the last run.
    local static_root=${GP_STATIC_ROOT:-$(dotenv_value GP_STATIC_ROOT)}
    static_root=${static_root:-$ROOT/staticfiles}
    stamp=$static_root/.collected
    if [[ ! -f $stamp || $VENV/.installed -nt $stamp || -n $(static_sources_newer_than "$stamp") ]]; then
        log "collecting static files into $static_root"
        "$PY" manage.py collectstatic --noinput --verbosity 0
        touch "$stamp"
    fi
}

step_migrate() {
    "$PY" manage.py migrate --noinput
    # The default cache (throttling) lives in a database table, so Redis is not required.
    "$PY" manage.py createcachetable
}

step_messages() {
    # German translations (geo_participation/locale): the .po files are the source, the
    # compiled .mo files are not in git. msgfmt comes with Debian's gettext package.
    command -v msgfmt >/dev/null || apt_install gettext
    # Run inside the package: compilemessages compiles every locale directory under the
    # current one, and the virtualenv's own would be rebuilt needlessly from the project root.
    (cd "$ROOT/geo_participation" && "$PY" ../manage.py compilemessages --verbosity 0)
}

step_basemap() {
    # Debian's tilemaker and osmium build the base map (layers/basemap/build.py). Without an
    # archive yet, the demo's is built from the fixture extract; `make basemap OSM=...` rebuilds.
    apt_install tilemaker osmium-tool
    if [[ -n ${BASEMAP_OSM+set} ]]; then
        "$PY" manage.py build_basemap ${BASEMAP_OSM:+--osm "$BASEMAP_OSM"}
    else
        "$PY" manage.py build_basemap --if-missing
    fi
}

step_browser() {
    # The admin browser tests drive Debian's chromium through Playwright; Playwright's own
    # browser download is never used.
    command -v chromium >/dev/null || apt_install chromium fonts-liberation
}

step_qgis() {
    # The .qgs project tests open the file in QGIS itself (Debian 12's QGIS 3.22, headless).
    # It runs under Debian's /usr/bin/python3, never in our virtualenv: tests call it as a
    # subprocess (tests/qgis_helpers.py).
    apt_install python3-qgis
}

step_nginx() {
    # The HTTP cache tests (tests/nginx_helpers.py) run Debian's nginx as their own process
    # with deploy/nginx/. Installing must not start the system service (it would take port 80):
    # with systemd the unit is still enabled for the next boot (systemctl disable nginx).
    is_installed nginx && return 0
    local policy=/usr/sbin/policy-rc.d made_policy=
    if [[ ! -e $policy ]]; then
        # invoke-rc.d asks this file whether a package may start its service: 101 is "no".
        printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
        as_root chmod 755 "$policy"
        made_policy=1
    fi
    apt_install nginx || { [[ -z $made_policy ]] || as_root rm -f "$policy"; return 1; }
    [[ -z $made_policy ]] || as_root rm -f "$policy"
}

main() {
    local steps=("$@")
    [[ ${#steps[@]} -gt 0 ]] || steps=(system venv env database assets migrate messages basemap)
    local step
    for step in "${steps[@]}"; do
        case $step in
            system | venv | env | database | vendor | assets | migrate | messages | basemap | browser | qgis | nginx) "step_$step" ;;
            *) die "unknown step '$step' (system venv env database vendor assets migrate messages basemap browser qgis nginx)" ;;
        esac
    done
}

main "$@"
