"""The BENCHMARKS.md section of bench/analytics_grid.py: the machine line and the table."""

import os
import platform
from datetime import UTC, datetime
from pathlib import Path

MARK = "<!-- bench/analytics_grid.py -->"


def machine():
    """Return the host, cores, memory and the versions the figures depend on."""
    from django.db import connection

    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    with connection.cursor() as cursor:
        cursor.execute("SELECT split_part(version(), ' ', 2), postgis_lib_version()")
        pg, postgis = cursor.fetchone()
    import esda
    import libpysal

    try:
        import numba

        jit = f"numba {numba.__version__}"
    except ImportError:
        jit = "no numba"
    return (
        f"{platform.node()} ({os.cpu_count()} cores, {round(mem_kb / 2**20)} GiB, "
        f"CPython {platform.python_version()}, PostgreSQL {pg}, PostGIS {postgis}, "
        f"esda {esda.__version__}, libpysal {libpysal.__version__}, {jit})"
    )


def write_report(args, slug, grid_result, peer, gi):
    """Write the grid and Gi* table, with the peers, into the report section."""
    from django.conf import settings
    from report import replace_section

    g, p = grid_result, peer
    shares = settings.GP_AGGREGATE_SHARES
    lines = [
        MARK,
        "## Grid cells and Getis-Ord Gi* hotspots",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine()}, with "
        f"`make bench-analytics-grid` (`bench/analytics_grid.py --database {args.database} "
        f"--count {args.count} --cell-m {args.cell_m:g} --gi-cells {args.gi_cells} "
        f"--peer-sample {args.peer_sample} --repeat {args.repeat}`): {p['approved']:,} approved "
        f"`{slug}` submissions. Cold means the stored run was deleted first; medians of "
        f"{args.repeat} runs.",
        "",
        "| measured | seconds | goal | notes |",
        "|---|---:|---:|---|",
        f"| grid {args.cell_m:g} m hexagons, `grid_layer` cold | {g['cold_s']:.2f} | 1.5 | "
        f"{g['cells']:,} cells shown, {g['suppressed']:,} suppressed (k = 3), "
        f"{g['points']:,} places in shown cells |",
        f"| of which the grid statement (count + store) | {g['sql_s']:.2f} | | "
        f"one SELECT in {shares} shares, then one INSERT; parallel workers planned "
        f"{g['workers'][0]}, launched {g['workers'][1]} |",
        f"| `grid.geojson` cold, through Django | {g['geojson_cold_s']:.2f} | | "
        f"{g['bytes'] / 2**20:.1f} MiB |",
        f"| `grid.geojson` stored run | {g['geojson_warm_s']:.2f} | | |",
        f"| peer: geopandas `sjoin` on {p['sample']:,} points | {p['seconds']:.2f} | | "
        f"extrapolated to {p['approved']:,}: {p['extrapolated_s']:.1f} s, "
        f"{p['extrapolated_s'] / g['cold_s']:.1f} x ours |",
        f"| Gi* {gi['cell_m']:g} m hexagons, `hotspot_layer` cold, 999 permutations | "
        f"{gi['total_s']:.2f} | 15 | {gi['cells']:,} cells over the campaign area, "
        f"{gi['hot']:,} hot, {gi['shown']:,} shown |",
        f"| of which the grid statement | {gi['sql_s']:.2f} | | workers planned "
        f"{gi['workers'][0]}, launched {gi['workers'][1]} |",
        f"| of which contiguity weights from cell indexes | {gi['weights_s']:.3f} | | |",
        f"| of which esda `G_Local` (star, 999 permutations) | {gi['gi_s']:.2f} | | |",
        f"| peer: libpysal `Queen.from_dataframe` on the same cells | {gi['queen_s']:.2f} | | "
        f"{gi['queen_s'] / max(gi['weights_s'], 1e-6):,.0f} x our weights |",
        "",
        "The grid statement finds each place's cell by arithmetic on its coordinates (no "
        "spatial join)\nand groups by (cell, contributor, category) and (cell, contributor) "
        "in one hashed pass; the\ncontributors are split into "
        f"`GP_AGGREGATE_SHARES` = {shares} shares that PostgreSQL counts side by side in\n"
        "parallel workers (a plain SELECT: an INSERT ... SELECT gets no workers), and one "
        "INSERT stores\nthe cells. The peer reads the points out of PostgreSQL and joins "
        "them to polygons.",
    ]
    replace_section(args.output, "\n".join(lines) + "\n", MARK)
