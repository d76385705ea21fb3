"""The table, ratios and target checks of bench/tiles.py, printed and written to BENCHMARKS.md."""

import json
from dataclasses import asdict
from pathlib import Path

from report import replace_section

MARK = "<!-- bench/tiles.py -->"
TILES = ("z14 dense", "z17 sparse", "z10 city", "z6 city")
RESULTS = Path(__file__).resolve().parent / "results"


def write(run, output):
    """Print the report and put it into output as this benchmark's section."""
    section = "\n".join(lines(run)) + "\n"
    print("\n" + section)
    replace_section(output, section, MARK)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "tiles.json").write_text(json.dumps(run, default=_json, indent=1))


def _json(value):
    return asdict(value) if hasattr(value, "__dataclass_fields__") else str(value)


def lines(run):
    """Return the report's lines: how the run was made, then every table and check."""
    m, args = run["machine"], run["args"]
    out = [
        MARK,
        "## Vector tiles and OGC API items against TiPg and the raw tile SQL",
        "",
        f"Run {run['started']:%Y-%m-%d %H:%M} UTC on {m['node']} ({m['cores']} cores, "
        f"{m['memory_gib']} GiB, PostgreSQL {m['postgresql']}, PostGIS {m['postgis']}, "
        f"TiPg {m['tipg']}, {m['wrk']}), with `make bench-tiles` (`bench/tiles.py --seconds "
        f"{args['seconds']}`): database `{run['database']}`, 1,000,000 generated `hitzepunkte` "
        "submissions (80 % approved), everything on 127.0.0.1.",
        "",
        f"Servers: ours is gunicorn with 2 `{run['worker_class']}` workers"
        + (" × 8 threads" if run["worker_class"] == "gthread" else "")
        + f" (one Django connection per thread: {run['pool']} per worker); TiPg is uvicorn with "
        f"2 workers and an asyncpg pool of {run['pool']} per worker (min = max). Raw SQL is "
        f"pgbench running {run['ours_sql']}. Each figure is a {args['seconds']} s wrk run after "
        f"a {args['warmup']} s warm-up; p50 with 1 connection, tiles/s and p99 at 10 and 50.",
        "",
        *targets_table(run),
        "",
        *results_table(run),
        "",
        *ratio_table(run),
        "",
        *worker_table(run),
        *check_lines(run),
        "",
        *goal_lines(run),
    ]
    return out


def targets_table(run):
    """Return the Markdown table of the measured tiles and the items bbox."""
    out = ["| measured | what |", "|---|---|"]
    for name in TILES:
        t = run["targets"][name]
        out.append(f"| {name} | tile {t['z']}/{t['x']}/{t['y']}, {t['points']:,} approved points |")
    out.append(f"| items | bbox {run['targets']['items']['bbox']} (the z14 tile), limit=1000 |")
    return out


def cell(results, name, c, field):
    """Return one table cell: a measurement's field at c connections, or why there is none."""
    entry = results.get(name, {})
    if "skipped" in entry:
        return entry["skipped"]
    m = entry.get(c)
    if m is None:
        return "n/a"
    value = getattr(m, field)
    if value is None:
        return "—"
    return f"{value:,.0f}" if field == "rate" and value >= 100 else f"{value:,.1f}"


def results_table(run):
    """Return the Markdown table of each server's p50, throughput and p99 per target."""
    out = [
        "| target | server | p50 ms (1 conn) | tiles/s @10 | p99 ms @10 "
        "| tiles/s @50 | p99 ms @50 |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    servers = (
        ("ours uncached", run["ours"]),
        ("ours cached (z6–z10: as pre-rendered)", run["cached"]),
        ("TiPg", run["tipg"]),
        ("raw SQL (pgbench)", run["raw"]),
    )
    for name in (*TILES, "items"):
        for label, results in servers:
            if name not in results:
                continue
            row = [cell(results, name, 1, "p50")]
            for c in (10, 50):
                row += [cell(results, name, c, "rate"), cell(results, name, c, "p99")]
            out.append(f"| {name} | {label} | " + " | ".join(row) + " |")
    out.append("")
    out.append(
        "TiPg has no server-side tile cache: its cached figures are its uncached ones, so the "
        "table shows no cached TiPg row. Items are uncached on both servers."
    )
    return out


def ratio(a, b, field="rate"):
    """Return a's field over b's, or None when either is missing or zero."""
    va, vb = getattr(a, field, None), getattr(b, field, None)
    if not va or not vb:
        return None
    return va / vb


def fmt_ratio(value):
    """Return a ratio with two decimals, or n/a."""
    return "n/a" if value is None else f"{value:.2f}"


def get(results, name, c):
    """Return the measurement of target name at c connections, or None if skipped or missing."""
    entry = results.get(name, {})
    return None if "skipped" in entry else entry.get(c)


def ratio_table(run):
    """Return the Markdown table of throughput ratios: ours against TiPg and raw SQL."""
    out = [
        "Ratios of throughput (higher is better for ours):",
        "",
        "| target | ours/TiPg @10 | ours/TiPg @50 | ours/raw SQL @10 | ours/raw SQL @50 "
        "| cached/TiPg @50 |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name in (*TILES, "items"):
        ours, tipg, raw, cached = (run[k] for k in ("ours", "tipg", "raw", "cached"))
        row = [
            ratio(get(ours, name, 10), get(tipg, name, 10)),
            ratio(get(ours, name, 50), get(tipg, name, 50)),
            ratio(get(ours, name, 10), get(raw, name, 10)),
            ratio(get(ours, name, 50), get(raw, name, 50)),
            ratio(get(cached, name, 50), get(tipg, name, 50)),
        ]
        out.append(f"| {name} | " + " | ".join(fmt_ratio(v) for v in row) + " |")
    return out


def worker_table(run):
    """Return the sync against gthread table, or nothing when the worker class was given."""
    if not run["workers"]:
        return []
    out = [
        "Worker class of ours (uncached), tiles/s and p99 ms; the better one was used above:",
        "",
        "| target | sync @10 | sync @50 | gthread×8 @10 | gthread×8 @50 |",
        "|---|---:|---:|---:|---:|",
    ]
    for name in ("z14 dense", "z17 sparse"):
        row = []
        for wc in ("sync", "gthread"):
            for c in (10, 50):
                m = get(run["workers"][wc], name, c)
                row.append("n/a" if m is None else f"{m.rate:,.1f} / {m.p99 or 0:,.0f}")
        out.append(f"| {name} | " + " | ".join(row) + " |")
    return [*out, ""]


def check_lines(run):
    """Return the feature comparison with TiPg and what the capped tiles carried."""
    out = []
    for name, c in run["check"].items():
        if c["equal"] is None:
            out.append(f"Correctness, {name}: a tile could not be fetched; no comparison.")
            continue
        verdict = "the same feature ids" if c["equal"] else "different feature ids"
        extra = (
            ""
            if c["equal"]
            else f" ({c['only_ours']:,} only in ours, {c['only_tipg']:,} only in TiPg)"
        )
        out.append(
            f"Correctness, {name} tile (decoded with mapbox-vector-tile): ours has "
            f"{c['ours'] - c['ours_in_buffer']:,} features that meet the tile (and "
            f"{c['ours_in_buffer']:,} only in its 64/4096 buffer), TiPg {c['tipg']:,}: "
            f"{verdict}{extra}."
        )
    out.append(
        "Both sides ran with their caps lifted for this check (ours: GP_TILE_MAX_FEATURES and "
        "GP_TILE_MAX_BYTES; TiPg: 2,000,000 features). TiPg selects rows that meet the tile, ours "
        "also those in the tile's buffer (so that symbols at tile edges are drawn whole): the "
        "comparison is on the features that meet the tile, as PostGIS's ST_Intersects decides."
    )
    for name, c in run.get("capped", {}).items():
        if "features" not in c:
            continue
        kind = f"{c['cells']:,} grid cells" if c["cells"] else f"{c['features']:,} submissions"
        out.append(
            f"Served with the default caps, the {name} tile carries {kind} ({c['bytes']:,} bytes)."
        )
    return out


def goal_lines(run):
    """Return the Markdown table of the targets, met or not."""
    out = ["| target | met? | figures |", "|---|---|---|"]
    for text, met, detail in goals(run):
        out.append(f"| {text} | {'yes' if met else ('no' if met is False else 'n/a')} | {detail} |")
    return out


def goals(run):
    """Return (target, met or None, figures) for each target of the benchmark."""
    ours, tipg, raw, cached = (run[k] for k in ("ours", "tipg", "raw", "cached"))
    result = []

    def check(text, pairs, test):
        values = [(n, a, b) for n, a, b in pairs if a is not None and b is not None]
        if not values:
            result.append((text, None, "not measured"))
            return
        met = all(test(a, b) for _, a, b in values)
        result.append((text, met, "; ".join(f"{n}: {describe(a, b)}" for n, a, b in values)))

    def describe(a, b):
        if hasattr(b, "rate"):
            return f"{a.rate:,.1f} vs {b.rate:,.1f}/s, p99 {ms(a.p99)} vs {ms(b.p99)}"
        return f"{a:,.1f} vs {b:,.1f}"

    pairs = [(n, get(ours, n, 10), get(tipg, n, 10)) for n in TILES]
    check(
        "uncached tiles/s ≥ TiPg's at 10 connections, p99 no worse",
        pairs,
        lambda a, b: a.rate >= b.rate and (a.p99 or 1e9) <= (b.p99 or 1e9),
    )
    for c in (10, 50):
        pairs = [(n, get(ours, n, c), get(raw, n, c)) for n in TILES]
        check(
            f"uncached ≥ 80 % of raw-SQL throughput at {c} connections",
            [(n, a.rate if a else None, 0.8 * b.rate if b else None) for n, a, b in pairs],
            lambda a, b: a >= b,
        )
    # Issue 15: z17 uncached ≥ 80 % of raw SQL (pgbench, the same prepared statement) and ≥ 2x
    # TiPg at 10 connections; cached ≥ 2,000 tiles/s through gunicorn; z6–z10 p99 ≤ 50 ms when
    # pre-rendered, measured here with the tile cache warm.
    z17 = "z17 sparse"
    a, b, t = get(ours, z17, 10), get(raw, z17, 10), get(tipg, z17, 10)
    check(
        "z17 uncached ≥ 80 % of raw SQL (prepared) at 10 connections",
        [(z17, a.rate if a else None, 0.8 * b.rate if b else None)],
        lambda a, b: a >= b,
    )
    check(
        "z17 uncached ≥ 2× TiPg at 10 connections",
        [(z17, a.rate if a else None, 2 * t.rate if t else None)],
        lambda a, b: a >= b,
    )
    for c in (10, 50):
        pairs = [(n, (get(cached, n, c) or _none).p99, 50.0) for n in ("z10 city", "z6 city")]
        check(
            f"z6–z10 pre-rendered / cached p99 ≤ 50 ms at {c} connections",
            pairs,
            lambda a, b: a <= b,
        )
    for c in (10, 50):
        pairs = [(n, (get(cached, n, c) or _none).rate, 2000.0) for n in TILES]
        check(
            f"cached ≥ 2,000 tiles/s through gunicorn ({c} connections)", pairs, lambda a, b: a >= b
        )
    pairs = [(f"@{c}", get(ours, "items", c), get(tipg, "items", c)) for c in (10, 50)]
    check("items throughput ≥ TiPg's", pairs, lambda a, b: a.rate >= b.rate)
    return result


def ms(value):
    """Return milliseconds rounded, or a dash when not measured."""
    return "—" if value is None else f"{value:,.0f} ms"


class _None:
    rate = None
    p99 = None


_none = _None()
