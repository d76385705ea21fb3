"""Medians, failing audits and the BENCHMARKS.md section of bench/lighthouse.py's run."""

import os
import platform
import statistics
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

from report import replace_section

MARK = "<!-- bench/lighthouse.py -->"
# Issue 11's targets, as category scores out of 100.
TARGETS = {"performance": 90, "accessibility": 100, "best-practices": 95}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TOP_AUDITS = 5


def scores(report: dict) -> dict[str, int]:
    """Return the category scores of one report, out of 100."""
    return {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}


def scores_line(report: dict) -> str:
    """Return one report's scores as a short line for the console."""
    return ", ".join(f"{name} {score}" for name, score in scores(report).items())


def figures(report: dict) -> dict[str, float]:
    """Return the scores and the measured figures of one report."""
    audits = report["audits"]
    page_host = urlsplit(report["finalDisplayedUrl"]).netloc
    requests = audits["network-requests"]["details"]["items"]
    return {
        **scores(report),
        "lcp_s": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "kib": audits["total-byte-weight"]["numericValue"] / 1024,
        # Anything fetched from another host is a privacy defect (geo_participation/csp.py).
        "foreign": sum(
            urlsplit(r["url"]).scheme in ("http", "https")
            and urlsplit(r["url"]).netloc != page_host
            for r in requests
        ),
        "benchmark_index": report["environment"]["benchmarkIndex"],
        # Unthrottled, as measured here (bench/lighthouse_trace.py).
        "long_task_ms": report["swiftshader"]["long_task_ms"],
        "gpu_busy_ms": report["swiftshader"]["gpu_busy_ms"],
    }


def medians(reports: list[dict]) -> dict[str, float]:
    """Return the median of every figure over a page's runs."""
    runs = [figures(report) for report in reports]
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def median_run(reports: list[dict]) -> dict:
    """Return the run with the median performance score (its audits are the ones listed)."""
    ordered = sorted(reports, key=lambda r: r["categories"]["performance"]["score"])
    return ordered[len(ordered) // 2]


def failing_audits(report: dict) -> list[tuple[str, str, float]]:
    """Return (category, text, estimated ms saved) of the audits that fail, worst first.

    The metrics themselves (LCP, TBT, ...) are in the table; hidden audits repeat visible ones.
    Accessibility and best-practices failures come first: their targets allow none.
    """
    found = []
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("group") in ("metrics", "hidden") or audit["score"] is None:
                continue
            if audit["score"] >= 0.9 or audit["scoreDisplayMode"] in ("informative", "manual"):
                continue
            saved = max((audit.get("metricSavings") or {}).values(), default=0) or 0
            kib = ((audit.get("details") or {}).get("overallSavingsBytes") or 0) / 1024
            if audit["scoreDisplayMode"] == "metricSavings" and not (saved or kib):
                continue  # a warning without an estimated saving
            text = audit["title"] + (
                f": {audit['displayValue']}" if audit.get("displayValue") else ""
            )
            if kib and "KiB" not in text:
                text += f" ({kib:,.0f} KiB)"
            found.append((category, text, saved))
    rank = {"accessibility": 0, "best-practices": 1, "performance": 2, "seo": 3}
    return sorted(found, key=lambda f: (rank[f[0]], -f[2]))


def machine(report: dict, chromium: str) -> str:
    """Return what the figures depend on: the machine, chromium, Node.js and Lighthouse."""
    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    # The user agent says 156.0.0.0 (reduced); the binary tells the build.
    chrome = subprocess.run([chromium, "--version"], capture_output=True, text=True).stdout
    chrome = chrome.split(" built")[0].strip()
    return (
        f"{platform.node()} ({os.cpu_count()} cores, {round(mem_kb / 2**20)} GiB), "
        f"Lighthouse {report['lighthouseVersion']} on Node.js {node}, Debian {chrome}"
    )


def _met(row: dict) -> str:
    missed = [name for name, goal in TARGETS.items() if row[name] < goal]
    return "yes" if not missed else "no: " + ", ".join(missed)


def table(reports: dict[str, list[dict]], paths: dict[str, str]) -> list[str]:
    """Return the Markdown table of the medians per page."""
    lines = [
        "| page | performance | accessibility | best practices | SEO | LCP s | TBT ms | CLS "
        "| transfer KiB | other hosts | long tasks ms (SwiftShader busy) | targets met? |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, path in paths.items():
        row = medians(reports[name])
        lines.append(
            f"| {name} `{path}` | {row['performance']:.0f} | {row['accessibility']:.0f} "
            f"| {row['best-practices']:.0f} | {row['seo']:.0f} | {row['lcp_s']:.1f} "
            f"| {row['tbt_ms']:,.0f} | {row['cls']:.3f} | {row['kib']:,.0f} | {row['foreign']:.0f} "
            f"| {row['long_task_ms']:,.0f} ({row['gpu_busy_ms']:,.0f}) | {_met(row)} |"
        )
    return lines


def audits_list(reports: dict[str, list[dict]]) -> list[str]:
    """Return the failing audits of each page's median run, as Markdown list items."""
    lines = []
    for name, runs in reports.items():
        found = failing_audits(median_run(runs))[:TOP_AUDITS]
        items = "; ".join(
            f"{category}: {text}" + (f" (~{saved:,.0f} ms)" if saved else "")
            for category, text, saved in found
        )
        lines.append(f"- {name}: {items or 'none'}.")
    return lines


def section(
    reports: dict[str, list[dict]], paths: dict[str, str], *, started, runs: int, chromium: str
) -> str:
    """Return the BENCHMARKS.md section of a run."""
    first = next(iter(reports.values()))[0]
    settings = first["configSettings"]
    throttling = settings["throttling"]
    index = statistics.median(figures(r)["benchmark_index"] for rs in reports.values() for r in rs)
    facts = machine(first, chromium)
    lines = [
        MARK,
        "## Citizen pages in Lighthouse (mobile)",
        "",
        f"Run {started:%Y-%m-%d %H:%M} UTC on {facts}, with `make bench-lighthouse` "
        f"(`bench/lighthouse.py --runs {runs}`): the demo campaigns (`manage.py load_demo`) served "
        "by gunicorn with 2 workers, DEBUG off and the collected static files, on 127.0.0.1.",
        "",
        f"Lighthouse's default {settings['formFactor']} configuration: "
        f"{settings['throttlingMethod']}d "
        f"throttling ({throttling['rttMs']:.0f} ms RTT, {throttling['throughputKbps'] / 1024:.1f} "
        f"Mbit/s, CPU slowed {throttling['cpuSlowdownMultiplier']:.0f}x; median benchmark index "
        f"of this machine {index:,.0f}). Every figure is the median of {runs} runs per page. "
        "Targets (issue 11): performance >= 90, accessibility 100, best practices >= 95; SEO is "
        "for information. Other hosts: requests that left our server (must be 0).",
        "",
        *table(reports, paths),
        "",
        "Failing audits of each page's median run, with Lighthouse's estimated saving:",
        "",
        *audits_list(reports),
        "",
        "WebGL runs in SwiftShader (software, on the CPU) here, as in the browser tests. Long "
        "tasks: the page's main-thread tasks over 50 ms as measured on this machine (Lighthouse "
        "multiplies them by the CPU slowdown for TBT); in brackets how long the GPU process, "
        "where SwiftShader draws, was busy meanwhile (bench/lighthouse_trace.py): an upper bound "
        "on the time MapLibre's synchronous WebGL calls waited, which a phone's GPU would mostly "
        "spare. The JSON reports and traces are in bench/results/lighthouse/ (git-ignored).",
        "",
    ]
    return "\n".join(lines)


def write(path: Path, text: str) -> None:
    """Replace the Lighthouse section of BENCHMARKS.md with this run's."""
    replace_section(path, text, MARK)
