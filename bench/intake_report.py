"""The tables and target checks of bench/intake.py, printed and written to BENCHMARKS.md."""

MARK = "<!-- bench/intake.py -->"
TARGET_RATE, TARGET_P99 = 300, 100
BOOKKEEPING = ("idempotency", "throttle")
INSERT = "insert (with triggers)"


def section(run):
    """Return this benchmark's BENCHMARKS.md section of a run."""
    return "\n".join(lines(run)) + "\n"


def _n(value, digits=1):
    return "–" if value is None else f"{value:,.{digits}f}"


def lines(run):
    """Return the report's lines: how the run was made, the tables, the checks."""
    m, a = run["machine"], run["args"]
    return [
        MARK,
        "## Intake: POST of a point submission against raw single-row INSERTs",
        "",
        f"Run {run['started']:%Y-%m-%d %H:%M} UTC on {m['node']} ({m['cores']} cores, "
        f"{m['memory_gib']} GiB, Python {m['python']}, PostgreSQL {m['postgresql']}, "
        f"synchronous_commit {m['synchronous_commit']}), with `make bench-intake` "
        f"(`bench/intake.py --seconds {a['seconds']} --connections {a['connections']} "
        f"--workers {a['workers']}`): the demo database (`manage.py load_demo`, "
        f"{m['rows_before']:,} submissions before the run; what the run adds is deleted after).",
        "",
        f"Ours: gunicorn with {a['workers']} sync workers (as scripts/serve.sh runs it, DEBUG "
        f"off); wrk with {a['connections']} connections POSTs valid points to "
        f"`/api/campaigns/hitzepunkte/submissions/`, anonymous with the client cookie of one of "
        f"{a['connections']} phones, each request with a new `Idempotency-Key` (and without). "
        "The throttle counts every request as in production, its rates raised for the run "
        "(`GP_SUBMISSION_RATE=100000000/hour`). Raw SQL: pgbench with the same number of "
        "clients, each transaction one prepared single-row INSERT of the same row (`near` by "
        "the same SQL function; generated column, constraints, indexes and triggers fire on "
        f"both). Each figure is a {a['seconds']} s run after a {a['warmup']} s warm-up.",
        "",
        *rate_table(run),
        "",
        *profile_table(run),
        "",
        *check_lines(run),
    ]


def rate_table(run):
    """Return POST/s, p50, p99 and the ratio to pgbench for each way."""
    raw = run["pgbench"]
    rows = [
        ("ours, with Idempotency-Key", run["ours"]["key"]),
        ("ours, without key", run["ours"]["nokey"]),
        ("pgbench single-row INSERT", raw),
    ]
    out = [
        "| way | POST/s | p50 ms | p99 ms | requests | errors | ours / pgbench |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, m in rows:
        ratio = f"{m['rate'] / raw['rate']:.0%}" if raw["rate"] and m is not raw else ""
        out.append(
            f"| {name} | {_n(m['rate'])} | {_n(m['p50'])} | {_n(m['p99'])} | "
            f"{m['requests']:,} | {m['errors']} | {ratio} |"
        )
    return out


def profile_table(run):
    """Return the milliseconds of each phase and statement kind of one POST."""
    key, nokey = run["profile"]["key"], run["profile"]["nokey"]
    out = [
        f"Where one POST's time goes (bench/intake_profile.py: {key['requests']} POSTs in "
        "process through the whole middleware stack; statements timed around their round "
        "trip, the insert's triggers by EXPLAIN ANALYZE of the same INSERT; ms per request; "
        "the CPU rows count CPU time, which other load on the machine does not inflate):",
        "",
        "| part | with key: ms | statements | without key: ms | statements |",
        "|---|---:|---:|---:|---:|",
        f"| whole request | {_n(key['total_ms'], 2)} | | {_n(nokey['total_ms'], 2)} | |",
        f"| CPU: Python (test client and Django) | {_n(key.get('python_cpu_ms'), 2)} | | "
        f"{_n(nokey.get('python_cpu_ms'), 2)} | |",
        f"| CPU: PostgreSQL backend | {_n(key.get('postgres_cpu_ms'), 2)} | | "
        f"{_n(nokey.get('postgres_cpu_ms'), 2)} | |",
    ]
    for name in PHASES:
        out.append(f"| {name} | {_n(phase(key, name), 2)} | | {_n(phase(nokey, name), 2)} | |")
    for name in sorted(set(key["statements_ms"]) | set(nokey["statements_ms"])):
        out.append(
            f"| SQL: {name} | {_n(key['statements_ms'].get(name), 2)} | "
            f"{_n(key['statements_per_request'].get(name), 1)} | "
            f"{_n(nokey['statements_ms'].get(name), 2)} | "
            f"{_n(nokey['statements_per_request'].get(name), 1)} |"
        )
    for name, ms in sorted(key["triggers_ms"].items()):
        out.append(f"| of the insert: trigger {name} | {_n(ms, 2)} | | | |")
    return out


PHASES = (
    "middleware, routing, DRF, campaign lookup, rendering",
    "throttle (Python and SQL)",
    "idempotency (Python and SQL, with the commit)",
    "validation, lookups and insert",
    "serializer",
)


def phase(profile, name):
    """Return the ms of one part of the request, from the profile's nested phase timings."""
    ms = profile["phases_ms"]
    run_once = ms.get("idempotency + handler", 0.0)
    handler = ms.get("validation + insert", 0.0) + ms.get("serializer", 0.0)
    return {
        PHASES[0]: profile["total_ms"] - ms.get("throttle", 0.0) - run_once,
        PHASES[1]: ms.get("throttle", 0.0),
        PHASES[2]: run_once - handler,
        PHASES[3]: ms.get("validation + insert", 0.0),
        PHASES[4]: ms.get("serializer", 0.0),
    }[name]


def bookkeeping(profile):
    """Return (ms of idempotency + throttle statements, ms of the insert) per request.

    The insert's cost includes its commit: without a key the INSERT commits by itself and pays
    the WAL flush inside its statement; with one, the flush is the COMMIT after the key's INSERT.
    """
    spent = profile["statements_ms"]
    books = sum(spent.get(name, 0.0) for name in BOOKKEEPING)
    return books, spent.get(INSERT, 0.0) + spent.get("commit", 0.0)


def check_lines(run):
    """Return the targets of issue 15 with whether this run met them."""
    ours, raw = run["ours"]["key"], run["pgbench"]
    books, insert = bookkeeping(run["profile"]["key"])
    rate_ok = ours["rate"] >= TARGET_RATE
    p99_ok = ours["p99"] is not None and ours["p99"] <= TARGET_P99
    return [
        "| target | met | this run |",
        "|---|---|---|",
        f"| ≥ {TARGET_RATE} POST/s at 10 connections, with keys | {'yes' if rate_ok else 'no'} "
        f"| {_n(ours['rate'])} POST/s ({ours['rate'] / (raw['rate'] or 1):.0%} of pgbench's "
        f"{_n(raw['rate'])}) |",
        f"| p99 ≤ {TARGET_P99} ms | {'yes' if p99_ok else 'no'} | {_n(ours['p99'])} ms |",
        f"| idempotency + throttle bookkeeping ≤ the insert | "
        f"{'yes' if books <= insert else 'no'} | {books:.2f} ms of statements against "
        f"{insert:.2f} ms for the INSERT (with its triggers and its commit) |",
    ]
