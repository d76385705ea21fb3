"""Benchmark: grid aggregation and Getis-Ord Gi* over a million published places.

    .venv/bin/python bench/analytics_grid.py [--database gp_bench] [--count 1000000]
        [--cell-m 250] [--gi-cells 50000] [--peer-sample 100000] [--repeat 3]
        [--output BENCHMARKS.md]

On a dedicated database (`gp_bench`, created and filled with `hitzepunkte` submissions as
bench/tiles.py does when needed), one run measures:
- grid: `grid_layer` end to end, cold (the run is deleted first): one SQL statement that
  counts and stores the cells, then the GeoDataFrame read back; and the GeoJSON answer;
- peer: the same counts done the naive way, reading the points into geopandas and joining them
  to the hexagons with `sjoin`, on a subsample, extrapolated to every row;
- Gi*: `hotspot_layer` with 999 permutations at the cell size that gives about --gi-cells
  cells over the campaign area, split into SQL, weights + esda, and storing; the peer for the
  weights is libpysal's Queen contiguity built from the cell polygons.
A smaller --count (and another --database) gives a quick sanity run.
"""

import argparse
import math
import os
import statistics
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
SLUG = "hitzepunkte"

from analytics_grid_report import write_report  # noqa: E402 - bench/ is on the path now

ADMIN = "postgresql://geo_participation:geo_participation@127.0.0.1:5432/{}"


def parse_args():
    """Return the command line: database, rows, cell sizes, peer sample, repeats and output."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="gp_bench")
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--cell-m", type=float, default=250.0)
    parser.add_argument("--gi-cells", type=int, default=50_000)
    parser.add_argument("--peer-sample", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    return parser.parse_args()


def setup_django(database):
    """Create the bench database if missing, set Django up on it and migrate it."""
    os.environ["DATABASE_URL"] = (
        f"postgis://geo_participation:geo_participation@127.0.0.1:5432/{database}"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_participation.settings")
    with psycopg.connect(ADMIN.format("postgres"), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone():
            conn.execute(f'CREATE DATABASE "{database}" OWNER geo_participation')
    with psycopg.connect(ADMIN.format(database), autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def prepare(count):
    """Return the campaign, generating submissions up to count when it has fewer."""
    from django.core.management import call_command
    from django.db import connection

    from geo_participation.campaigns.models import Campaign

    campaign = Campaign.objects.filter(slug=SLUG).first()
    if campaign is None:
        call_command("load_demo", verbosity=0)
        campaign = Campaign.objects.get(slug=SLUG)
    rows = campaign.submissions.count()
    if rows < count:
        print(f"{SLUG} has {rows:,} rows; generating {count - rows:,} ...", flush=True)
        call_command(
            "generate_submissions", "--campaign", SLUG, "--count", str(count - rows), "--seed", "1"
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE submissions_submission")
    return Campaign.objects.get(pk=campaign.pk)


def timed(fn):
    """Return fn()'s result and the seconds it took."""
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def forget_runs(campaign):
    """Delete the campaign's stored aggregate runs, so that the next one is computed cold."""
    from heatmaps.models import AggregateRun

    AggregateRun.objects.filter(campaign=campaign).delete()


def bench_grid(campaign, args):
    """Time grid_layer cold and grid.geojson cold and stored; return medians and sizes."""
    from django.test import Client

    from heatmaps.api import grid_layer

    cold, geojson, sizes = [], [], []
    client = Client(HTTP_HOST="127.0.0.1")
    # The first request imports the views and their libraries: not part of any figure.
    client.get(f"/heatmaps/{SLUG}/grid.geojson", {"cell_m": 5000})
    for _ in range(args.repeat):
        forget_runs(campaign)
        frame, seconds = timed(lambda: grid_layer(campaign, cell_m=args.cell_m))
        cold.append(seconds)
        sizes.append(len(frame))
        forget_runs(campaign)
        response, seconds = timed(
            lambda: client.get(f"/heatmaps/{SLUG}/grid.geojson", {"cell_m": args.cell_m})
        )
        assert response.status_code == 200, response.content[:300]
        geojson.append(seconds)
    sql_ms = frame.attrs["run"]["duration_ms"]
    warm = timed(lambda: client.get(f"/heatmaps/{SLUG}/grid.geojson", {"cell_m": args.cell_m}))[1]
    planned, launched = parallel_workers(campaign, args.cell_m, "grid")
    return {
        "workers": (planned, launched),
        "cells": sizes[-1],
        "suppressed": frame.attrs["suppressed"],
        "points": int(frame["count"].sum()),
        "cold_s": statistics.median(cold),
        "sql_s": sql_ms / 1000,
        "geojson_cold_s": statistics.median(geojson),
        "geojson_warm_s": warm,
        "bytes": len(response.content),
    }


def parallel_workers(campaign, cell_m, kind):
    """Return (planned, launched) workers of the grid statement, from EXPLAIN ANALYZE."""
    import re

    from django.db import connection, transaction

    from heatmaps.cells import grid
    from heatmaps.cells.params import normalise

    params, _ = normalise(kind, campaign, cell_m=cell_m)
    whole = kind == "hotspots"
    text, values = grid.statement(
        params["shape"], whole_area=whole, campaign=campaign, params=params
    )
    with transaction.atomic(), connection.cursor() as cursor:
        # The settings store_cells makes for the statement.
        cursor.execute(grid.WORK_MEM)
        with grid.parallel_by_share(cursor):
            cursor.execute(
                "EXPLAIN (ANALYZE) " + text, values | grid.statement_values(campaign, params)
            )
            plan = "\n".join(row[0] for row in cursor.fetchall())
    planned = sum(int(n) for n in re.findall(r"Workers Planned: (\d+)", plan))
    launched = sum(int(n) for n in re.findall(r"Workers Launched: (\d+)", plan))
    return planned, launched


def bench_peer(campaign, args):
    """Count per hexagon the naive way: points into geopandas, sjoin against hexagons."""
    import geopandas as gpd
    import numpy as np
    import shapely
    from django.db import connection

    from heatmaps.cells.grid import cell_size_3857

    size = cell_size_3857(campaign, args.cell_m)

    def run():
        with connection.cursor() as cursor:
            cursor.execute(
                """SELECT ST_AsBinary(geom_3857), coalesce(author_id::text, client_id)
                   FROM submissions_submission
                   WHERE campaign_id = %s AND status = 'approved' LIMIT %s""",
                [campaign.pk, args.peer_sample],
            )
            rows = cursor.fetchall()
        points = gpd.GeoDataFrame(
            {"who": [r[1] for r in rows]},
            geometry=shapely.point_on_surface(shapely.from_wkb([bytes(r[0]) for r in rows])),
            crs=3857,
        )
        hexagons = _hexagons(points.total_bounds, size)
        joined = gpd.sjoin(points, hexagons, predicate="within")
        return joined.groupby("index_right").agg(n=("who", "size"), people=("who", "nunique"))

    counts, seconds = timed(run)
    approved = campaign.submissions.filter(status="approved").count()
    sample = min(args.peer_sample, approved)
    return {
        "sample": sample,
        "seconds": seconds,
        "cells": len(counts),
        "extrapolated_s": seconds * approved / sample,
        "approved": approved,
        "np": np.__version__,
    }


def _hexagons(bounds, size):
    # The hexagons ST_HexagonGrid makes, built in numpy for the peer.
    import geopandas as gpd
    import numpy as np
    import shapely

    height = math.sqrt(3) * size
    i = np.arange(math.floor(bounds[0] / (1.5 * size)) - 1, math.ceil(bounds[2] / (1.5 * size)) + 2)
    j = np.arange(math.floor(bounds[1] / height) - 1, math.ceil(bounds[3] / height) + 2)
    ii, jj = (a.ravel() for a in np.meshgrid(i, j))
    cx = 1.5 * size * ii
    cy = height * (jj + (np.abs(ii) % 2) / 2)
    ux = np.array([-1, -0.5, 0.5, 1, 0.5, -0.5, -1]) * size
    uy = np.array([0, -0.5, -0.5, 0, 0.5, 0.5, 0]) * height
    rings = np.stack([cx[:, None] + ux, cy[:, None] + uy], axis=-1)
    return gpd.GeoDataFrame(geometry=shapely.polygons(rings), crs=3857)


def gi_cell_m(campaign, cells):
    """Return the hexagon size in ground metres that gives about this many cells."""
    area = campaign.area.transform(3857, clone=True).area / campaign.mercator_scale() ** 2
    return round(math.sqrt(area / (1.5 * math.sqrt(3) * cells)), 1)


def bench_gi(campaign, args):
    """Time hotspot_layer cold, then its parts, and libpysal's Queen weights on the same cells."""
    import numpy as np
    from django.db import transaction
    from libpysal.weights import Queen

    from heatmaps.api import hotspot_layer
    from heatmaps.cells import grid, hotspots
    from heatmaps.cells.params import normalise
    from heatmaps.models import AggregateRun, GridCell, Kind

    cell_m = gi_cell_m(campaign, args.gi_cells)
    forget_runs(campaign)
    frame, total = timed(lambda: hotspot_layer(campaign, cell_m=cell_m, permutations=999))
    run_id = frame.attrs["run"]["id"]
    rows = np.array(
        GridCell.objects.filter(run_id=run_id)
        .order_by("id")
        .values_list("cell_i", "cell_j", "total")
    )
    # The parts on their own: the grid statement (into a scratch run, rolled back), the
    # weights, and esda's Gi* with 999 permutations.
    params, _ = normalise(Kind.HOTSPOTS, campaign, cell_m=cell_m)
    with transaction.atomic():
        scratch = AggregateRun.objects.create(
            campaign=campaign,
            kind=Kind.HOTSPOTS,
            params={},
            params_key="bench",
            published_version=0,
        )
        _, sql_s = timed(lambda: grid.store_cells(scratch, campaign, params, whole_area=True))
        transaction.set_rollback(True)
    _, weights_s = timed(lambda: hotspots.adjacency(rows[:, 0], rows[:, 1], "hexagon"))
    _, gi_s = timed(
        lambda: hotspots.gi_star(
            rows[:, 2], rows[:, 0], rows[:, 1], shape="hexagon", permutations=999, seed=1, fdr=False
        )
    )
    polygons = _cells_frame(run_id)
    _, queen_s = timed(
        lambda: Queen.from_dataframe(polygons, use_index=False, silence_warnings=True)
    )
    return {
        "workers": parallel_workers(campaign, cell_m, "hotspots"),
        "cell_m": cell_m,
        "cells": len(rows),
        "total_s": total,
        "sql_s": sql_s,
        "weights_s": weights_s,
        "gi_s": gi_s,
        "queen_s": queen_s,
        "hot": int((frame["hotspot"] == "hot").sum()),
        "shown": len(frame),
    }


def _cells_frame(run_id):
    import geopandas as gpd
    import shapely
    from django.contrib.gis.db.models.functions import AsWKB

    from heatmaps.models import GridCell

    wkb = (
        GridCell.objects.filter(run_id=run_id)
        .order_by("id")
        .values_list(AsWKB("geom_3857"), flat=True)
    )
    return gpd.GeoDataFrame(geometry=shapely.from_wkb([bytes(w) for w in wkb]), crs=3857)


def main():
    """Run the grid, peer and Gi* benchmarks and write their report section."""
    args = parse_args()
    setup_django(args.database)
    campaign = prepare(args.count)
    grid_result = bench_grid(campaign, args)
    print("grid", grid_result, flush=True)
    peer = bench_peer(campaign, args)
    print("peer", peer, flush=True)
    gi = bench_gi(campaign, args)
    print("gi", gi, flush=True)
    forget_runs(campaign)
    write_report(args, SLUG, grid_result, peer, gi)


if __name__ == "__main__":
    main()
