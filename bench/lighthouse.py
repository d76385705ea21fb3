"""Benchmark: Lighthouse (mobile, simulated throttling) on the citizen pages in Debian's chromium.

    make bench-lighthouse    (or .venv/bin/python bench/lighthouse.py [--runs 3] [--slug SLUG])

Loads the demo (`manage.py load_demo`), serves the site as production does (scripts/serve.sh:
gunicorn, DEBUG off, the collected and hashed static files of `make setup`) on a free port of
127.0.0.1, warms every worker up, and runs the pinned npm `lighthouse` (node_modules/.bin) in its
default configuration, a mid-range phone on a slow 4G network, on `/`, the campaign map, its list
and its add page, --runs times each. Medians go into BENCHMARKS.md (bench/lighthouse_report.py),
the JSON reports and traces into bench/results/lighthouse/ (git-ignored). Targets from issue 11:
performance >= 90, accessibility 100, best practices >= 95. Not part of `make test`.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import lighthouse_report  # noqa: E402
import lighthouse_trace  # noqa: E402
from chaos_cluster import free_port  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
RESULTS = BENCH / "results" / "lighthouse"
STATIC_ROOT = Path(os.environ.get("GP_STATIC_ROOT") or ROOT / "staticfiles")
# MapLibre needs WebGL, which headless chromium has only through SwiftShader (as in the browser
# tests, tests/web_browser.py); no update checks or other background requests.
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
    "--disable-background-networking",
    "--disable-component-update",
]
CATEGORIES = "performance,accessibility,best-practices,seo"
WORKERS = 2


def pages(slug: str) -> dict[str, str]:
    """Return the measured pages by name."""
    return {
        "campaigns": "/",
        "map": f"/c/{slug}/",
        "list": f"/c/{slug}/list/",
        "add": f"/c/{slug}/add/",
    }


def check_tools() -> None:
    """Stop with a plain message when Lighthouse, chromium or the static files are missing."""
    missing = [
        (LIGHTHOUSE, "npm ci (make setup installs it)"),
        (Path(CHROMIUM), "apt-get install chromium (bash scripts/setup.sh browser)"),
        (STATIC_ROOT / "staticfiles.json", "make setup (collectstatic)"),
    ]
    for path, fix in missing:
        if not path.exists():
            sys.exit(f"bench/lighthouse.py: {path} is missing; run {fix}")


def serve(port: int) -> subprocess.Popen:
    """Start the production-like server (scripts/serve.sh) and wait until it answers."""
    env = dict(os.environ, GP_BIND=f"127.0.0.1:{port}", GP_WORKERS=str(WORKERS), GP_DEBUG="false")
    log = (RESULTS / "server.log").open("w")
    server = subprocess.Popen(
        ["bash", "scripts/serve.sh"], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2):
                return server
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    server.terminate()
    sys.exit(f"bench/lighthouse.py: the server did not answer; see {RESULTS / 'server.log'}")


def warm_up(base: str, paths: dict[str, str]) -> None:
    """Request every page a few times, so each worker has its imports and connection ready."""
    for path in paths.values():
        for _ in range(WORKERS * 3):
            with urllib.request.urlopen(base + path, timeout=30) as answer:
                answer.read()


# Runs of one page before giving up (see run_lighthouse).
ATTEMPTS = 3


def run_lighthouse(url: str, output: Path) -> dict:
    """Run Lighthouse once on url, keep its JSON report in output and return it."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={output}",
        f"--only-categories={CATEGORIES}",
        f"--chrome-flags={' '.join(CHROME_FLAGS)}",
        "--quiet",
        # The trace beside the report: lighthouse_trace reads how long WebGL kept the page waiting.
        "--save-assets",
    ]
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    for attempt in range(1, ATTEMPTS + 1):
        output.unlink(missing_ok=True)
        done = subprocess.run(command, cwd=ROOT, env=env, check=False, timeout=300)
        report = json.loads(output.read_text()) if output.exists() else {}
        error = (report.get("runtimeError") or {}).get("message")
        if done.returncode == 0 and not error:
            break
        # Lighthouse itself says "Please run Lighthouse again" for NO_NAVSTART, a trace it
        # failed to record; a page's own failure repeats and ends the run.
        print(f"{url}: Lighthouse failed ({error or done.returncode}), attempt {attempt}")
    else:
        sys.exit(f"bench/lighthouse.py: {url}: Lighthouse failed {ATTEMPTS} times")
    output.with_name(f"{output.stem}-0.devtoolslog.json").unlink(missing_ok=True)
    report["swiftshader"] = lighthouse_trace.gpu_waits(
        output.with_name(f"{output.stem}-0.trace.json")
    )
    return report


def measure(base: str, paths: dict[str, str], runs: int) -> dict[str, list[dict]]:
    """Return each page's Lighthouse reports, runs of them, taken in turn over the pages."""
    reports: dict[str, list[dict]] = {name: [] for name in paths}
    for run in range(1, runs + 1):
        for name, path in paths.items():
            output = RESULTS / f"{name}-{run}.json"
            reports[name].append(run_lighthouse(base + path, output))
            print(f"{name} run {run}: {lighthouse_report.scores_line(reports[name][-1])}")
    return reports


def main():
    """Load the demo, serve it, run Lighthouse on every page and record the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page")
    parser.add_argument("--slug", default="angstraeume", help="the campaign measured")
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--no-report", action="store_true", help="print, do not write")
    args = parser.parse_args()
    check_tools()
    RESULTS.mkdir(parents=True, exist_ok=True)
    python = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run(
        [python, "manage.py", "load_demo"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL
    )
    port = free_port()
    paths = pages(args.slug)
    started = datetime.now(UTC)
    server = serve(port)
    try:
        warm_up(f"http://127.0.0.1:{port}", paths)
        reports = measure(f"http://127.0.0.1:{port}", paths, args.runs)
    finally:
        server.terminate()
        server.wait(30)
    section = lighthouse_report.section(
        reports, paths, started=started, runs=args.runs, chromium=CHROMIUM
    )
    print(section)
    if not args.no_report:
        lighthouse_report.write(args.output, section)


if __name__ == "__main__":
    main()
