"""Benchmark: bulk-loading generated submissions, against raw COPY and the ORM's bulk_create.

    .venv/bin/python bench/load.py [--count 1000000] [--orm-count 50000] [--output BENCHMARKS.md]

Three ways to put the same generated rows into the submissions table, in one run:
- ours: `generate_submissions` (generate in chunks and stream into one COPY);
- raw COPY: the same rows generated beforehand and only copied (the physical limit);
- ORM: Django's bulk_create of a subsample (what a naive loader would do), extrapolated.
Every added row is deleted again afterwards, so the demo database keeps its size.
"""

import argparse
import json
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_participation.settings")

import django  # noqa: E402

django.setup()

from django.contrib.gis.geos import GEOSGeometry  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from report import replace_section  # noqa: E402

from fixtures.generator import COLUMNS, append_submissions, copy_rows, generate_rows  # noqa: E402
from geo_participation.campaigns.models import Campaign  # noqa: E402
from geo_participation.submissions.models import Submission  # noqa: E402

SLUG = "hitzepunkte"
SEED = 20261128
MARK = "<!-- bench/load.py -->"
EXPLANATION = (
    "Most of a row's cost is on the database side, which raw COPY pays too: PostgreSQL computes\n"
    "the generated `geom_3857` column (ST_Transform), checks ST_IsValid and the other\n"
    "constraints, maintains two GiST indexes and, per statement, the published-version and\n"
    "tile-cell triggers. Generating the rows in Python adds the rest."
)


def timed(fn):
    """Return fn()'s result and the seconds it took."""
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def delete_since(last_id):
    """Delete the rows a stage added, and let PostgreSQL reclaim their space."""
    with connection.cursor() as cursor:
        # The table name comes from the model, never from input.
        table = Submission._meta.db_table
        cursor.execute(f"DELETE FROM {table} WHERE id > %s", [last_id])  # noqa: S608
        cursor.execute(f"VACUUM ANALYZE {table}")


def last_id():
    """Return the highest submission id so far (0 for none)."""
    return Submission.objects.order_by("-id").values_list("id", flat=True).first() or 0


def ours(campaign, count):
    """Time append_submissions (what generate_submissions runs); return rows and seconds."""
    written, seconds = timed(lambda: append_submissions(campaign=campaign, count=count, seed=SEED))
    return written, seconds


def raw_copy(campaign, count):
    """Generate the rows beforehand, then time only their COPY; return rows and seconds."""
    rows = list(
        generate_rows(
            campaign=campaign, categories=campaign.categories.all(), count=count, seed=SEED
        )
    )

    def load():
        with transaction.atomic():
            return copy_rows(rows)

    return timed(load)


def orm(campaign, count):
    """Build the rows as model instances, then time their bulk_create; return rows and seconds."""
    rows = [
        row
        for chunk in generate_rows(
            campaign=campaign, categories=campaign.categories.all(), count=count, seed=SEED
        )
        for row in chunk
    ]
    objects = []
    for row in rows:
        fields = dict(zip(COLUMNS, row, strict=True))
        fields["geom"] = GEOSGeometry(fields["geom"])
        fields["answers"] = json.loads(fields["answers"])
        objects.append(Submission(**fields))

    def load():
        with transaction.atomic():
            return len(Submission.objects.bulk_create(objects, batch_size=2000))

    return timed(load)


def main():
    """Load the rows three ways, deleting them after each, and write the report section."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--orm-count", type=int, default=50_000)
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args()
    campaign = Campaign.objects.get(slug=SLUG)
    results = {}
    for name, fn, count in (
        ("ours: generate + COPY stream", ours, args.count),
        ("raw COPY of pre-built rows", raw_copy, args.count),
        ("Django bulk_create", orm, args.orm_count),
    ):
        before = last_id()
        written, seconds = fn(campaign, count)
        delete_since(before)
        results[name] = (written, seconds)
        print(f"{name:32s} {written:>9,} rows {seconds:8.1f} s {written / seconds:>10,.0f} rows/s")
    write_report(args, results)


def write_report(args, results):
    """Write the load table, the ORM's extrapolation and the explanation into the report section."""
    ours_rate = rate(results["ours: generate + COPY stream"])
    lines = [
        MARK,
        "## Bulk load of generated submissions",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.node()} "
        f"({os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}, "
        f"PostgreSQL {connection.pg_version // 10000}), with "
        f"`make bench-load` (`bench/load.py --count {args.count} --orm-count {args.orm_count}`).",
        "",
        "| method | rows | seconds | rows/s | ours / method |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, (written, seconds) in results.items():
        ratio = ours_rate / rate((written, seconds))
        lines.append(
            f"| {name} | {written:,} | {seconds:.1f} | {written / seconds:,.0f} | {ratio:.2f} |"
        )
    lines.append("")
    lines.append(
        "The ORM row is a subsample; at its rate a million rows would take "
        f"{1_000_000 / rate(results['Django bulk_create']):,.0f} s."
    )
    lines += ["", EXPLANATION]
    replace_section(args.output, "\n".join(lines) + "\n", MARK)


def rate(result):
    """Return the rows per second of a (rows, seconds) result."""
    written, seconds = result
    return written / seconds


if __name__ == "__main__":
    main()
