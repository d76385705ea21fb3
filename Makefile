# Development, demo and CI entry points. Shell logic lives in scripts/; see `make help`.

VENV   := .venv
PYTHON := $(VENV)/bin/python
RUFF   := $(VENV)/bin/ruff
SETUP  := bash scripts/setup.sh

.DEFAULT_GOAL := help
# The steps of `test` and `demo` depend on each other's order.
.NOTPARALLEL:
.PHONY: help setup demo serve basemap test lint format check-migrations schema-check migrate bench-load bench-tiles bench-cache bench-analytics-grid bench-analytics-kde bench-analytics-export bench-lighthouse bench-places chaos clean venv bench-prerender bench-intake bench-replicas


help: ## Show the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-17s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

setup: ## Install what is missing, find or start PostGIS, build assets, migrate
	$(SETUP)

demo: setup ## Set up, load the demo data and serve it on http://127.0.0.1:8000
	$(PYTHON) manage.py load_demo
	bash scripts/serve.sh

basemap: venv ## Build the base map for the campaigns (OSM=path or URL of an .osm.pbf/.osm; default: the fixture)
	BASEMAP_OSM="$(OSM)" $(SETUP) basemap

serve: ## Serve with gunicorn (GP_BIND, GP_WORKERS) without setting up again
	bash scripts/serve.sh

test: setup lint check-migrations ## Set up, lint, check migrations, run the whole test suite
	$(SETUP) browser qgis nginx
	GP_REQUIRE_BROWSER=1 $(VENV)/bin/pytest -p no:cacheprovider

lint: venv ## Check the code with ruff (lint and format)
	$(RUFF) check .
	$(RUFF) format --check .

format: venv ## Fix what ruff can fix and reformat the code
	$(RUFF) check --fix .
	$(RUFF) format .

check-migrations: venv ## Fail when a model change has no migration
	$(PYTHON) manage.py makemigrations --check --dry-run

schema-check: setup ## Check every API operation against /api/schema/ with schemathesis, anonymous and per role
	$(VENV)/bin/pytest -p no:cacheprovider tests/geo_participation/test_openapi_conformance.py

migrate: ## Apply migrations and create the cache table
	$(SETUP) migrate

bench-load: setup ## Benchmark loading 1,000,000 generated submissions (into BENCHMARKS.md; not part of test)
	$(PYTHON) manage.py load_demo
	$(PYTHON) bench/load.py --count 1000000 --orm-count 50000

bench-tiles: setup ## Benchmark tiles and OGC items against TiPg and raw SQL (into BENCHMARKS.md; not part of test)
	$(PYTHON) bench/tiles.py

bench-cache: setup ## Benchmark cached tiles through gunicorn and through nginx, same run (into BENCHMARKS.md; not part of test)
	$(SETUP) nginx
	$(PYTHON) bench/cache.py
bench-prerender: setup ## Benchmark approve-to-visible of low-zoom tiles rendered by the worker, on a copy of gp_bench (into BENCHMARKS.md; not part of test)
	$(PYTHON) bench/prerender.py

bench-analytics-grid: setup ## Benchmark grid cells and Gi* over 1,000,000 places (into BENCHMARKS.md; not part of test)
	$(PYTHON) bench/analytics_grid.py

bench-analytics-kde: setup ## Benchmark the 1024x1024 density heatmap over 1,000,000 places against gaussian_kde (into BENCHMARKS.md; not part of test)
	$(PYTHON) bench/analytics_kde.py

bench-analytics-export: setup ## Benchmark GeoJSON and GeoPackage exports of 1,000,000 submissions against ogr2ogr (into BENCHMARKS.md; not part of test)
	$(PYTHON) bench/analytics_export.py

bench-lighthouse: setup ## Lighthouse (mobile) on the citizen pages in Debian's chromium (into BENCHMARKS.md; not part of test)
	$(SETUP) browser
	$(PYTHON) bench/lighthouse.py
bench-replicas: setup ## Benchmark tiles read from a streaming replica against the primary, and the router's cost (into BENCHMARKS.md; not part of test)
	$(PYTHON) bench/replicas.py

bench-places: setup ## Benchmark place search over a gazetteer of 200,000 entries, HTTP and SQL (into BENCHMARKS.md; not part of test)
	$(PYTHON) bench/places.py

bench-intake: setup ## Benchmark intake POSTs (with and without Idempotency-Key) against pgbench single-row INSERTs, with the profile (into BENCHMARKS.md; not part of test)
	$(PYTHON) bench/intake.py

chaos: setup ## Post 2,000 submissions while PostgreSQL restarts and workers die (into RELIABILITY.md; not part of test)
	$(PYTHON) bench/chaos.py

clean: ## Remove the virtualenv, node_modules and collected static files
	rm -rf $(VENV) node_modules staticfiles geo_participation/static/vendor

venv:
	@$(SETUP) venv env
