"""Chaos run: 20 clients post 2,000 submissions while PostgreSQL restarts and workers die.

    make chaos            (or .venv/bin/python bench/chaos.py [--clients 20] [--posts 100])

Against a PostgreSQL cluster of its own (bench/chaos_cluster.py: created, migrated, loaded with
the demo campaigns, and removed at the end) and gunicorn with 3 workers, every client posts its
share of submissions to the anonymous heat-point campaign, each with its own Idempotency-Key,
and behaves as a client should: it retries the same request (same key, same body) after a 503
(waiting Retry-After, at most 2 s) or a connection error, and after nothing else. Meanwhile:
(a) PostgreSQL is stopped for 5 s and started again, (b) a gunicorn worker is killed 8 times.
Then the database is compared with what the clients were told. Targets: 0 acknowledged
submissions lost, 0 duplicates, 0 answers of 500, every client finishes. The figures go into
RELIABILITY.md. Not part of `make test`.
"""

import argparse
import json
import platform
import statistics
import subprocess
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

import requests
from chaos_cluster import ROOT, Cluster, Server

SLUG = "hitzepunkte"
MARK = "<!-- bench/chaos.py -->"
OUTAGE_AT, OUTAGE_S = 2.0, 5.0
KILLS, KILL_FROM, KILL_EVERY = 8, 9.0, 1.5
MAX_ATTEMPTS = 200


@dataclass
class Client:
    """What one client sent and was told."""

    number: int
    acknowledged: dict = field(default_factory=dict)  # key -> submission id
    statuses: Counter = field(default_factory=Counter)
    connection_errors: int = 0
    refused: list = field(default_factory=list)  # (key, status) answered neither 2xx nor 503
    gave_up: list = field(default_factory=list)
    finished: bool = False


def _body(client: int, index: int, key: str) -> dict:
    # Inside Kaiserslautern's centre; the key in the comment tells rows apart afterwards.
    lon, lat = 7.74 + (client % 10) * 0.005, 49.43 + (index % 10) * 0.002
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {
            "category": "hitzepunkt",
            "comment": f"chaos {key}",
            "answers": {"time_of_day": "daytime", "intensity": 3},
        },
    }


def _send(session, method: str, url: str, client: Client, **kwargs):
    """Return the first answer that is neither a 503 nor a connection error, or None."""
    for _ in range(MAX_ATTEMPTS):
        try:
            response = session.request(method, url, timeout=15, **kwargs)
        except requests.RequestException:
            client.connection_errors += 1
            time.sleep(0.2)
            continue
        client.statuses[response.status_code] += 1
        if response.status_code != 503:
            return response
        time.sleep(min(float(response.headers.get("Retry-After", "1")), 2.0))
    return None


def run_client(base: str, client: Client, posts: int, pace: float) -> None:
    """Post this client's submissions, each until it is acknowledged or refused."""
    session = requests.Session()
    url = f"{base}/api/campaigns/{SLUG}/submissions/"
    # First the anonymous client cookie, so that a retry is the same client as the first try.
    _send(session, "GET", url + "?page_size=1", client)
    for index in range(posts):
        key = str(uuid.uuid4())
        answer = _send(
            session, "POST", url, client, json=_body(client.number, index, key),
            headers={"Idempotency-Key": key},
        )  # fmt: skip
        if answer is None:
            client.gave_up.append(key)
        elif answer.status_code in (200, 201):
            client.acknowledged[key] = answer.json()["id"]
        else:
            client.refused.append((key, answer.status_code, answer.text[:200]))
        time.sleep(pace)
    client.finished = True


def chaos(cluster: Cluster, server: Server, started: float, log: list) -> None:
    """Stop PostgreSQL for OUTAGE_S seconds, then kill a worker KILLS times."""
    time.sleep(max(0.0, started + OUTAGE_AT - time.monotonic()))
    log.append((time.monotonic() - started, "PostgreSQL stopped"))
    cluster.stop("fast")
    time.sleep(OUTAGE_S)
    cluster.start()
    log.append((time.monotonic() - started, "PostgreSQL started"))
    for number in range(KILLS):
        time.sleep(max(0.0, started + KILL_FROM + number * KILL_EVERY - time.monotonic()))
        pid = server.kill_a_worker()
        log.append((time.monotonic() - started, f"worker {pid} killed"))


def stored(cluster: Cluster) -> Counter:
    """Return how many rows the database holds per chaos key."""
    query = "SELECT substr(comment, 7) FROM submissions_submission WHERE comment LIKE 'chaos %'"
    psql = ["psql", "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres", "-d"]
    out = subprocess.run([*psql, "gp_chaos", "-At", "-c", query], capture_output=True, text=True)
    return Counter(out.stdout.split())


def measure(args) -> dict:
    """Set up, run the clients under chaos, and compare the database with the answers."""
    cluster = Cluster()
    server = None
    try:
        cluster.create()
        server = Server(cluster.url, workers=args.workers)
        server.manage("migrate", "-v0")
        server.manage("createcachetable")
        server.manage("load_demo", "--count", "0")
        server.start()
        clients = [Client(n) for n in range(args.clients)]
        log: list = []
        started = time.monotonic()
        threads = [
            threading.Thread(target=run_client, args=(server.base, c, args.posts, args.pace))
            for c in clients
        ]
        saboteur = threading.Thread(target=chaos, args=(cluster, server, started, log))
        for thread in [*threads, saboteur]:
            thread.start()
        for thread in [*threads, saboteur]:
            thread.join(600)
        seconds = time.monotonic() - started
        rows = stored(cluster)
    finally:
        if server:
            server.stop()
        cluster.remove()
    return summarise(args, clients, rows, log, seconds)


def summarise(args, clients, rows: Counter, log, seconds: float) -> dict:
    """Return the figures of a run."""
    acknowledged = {k: v for c in clients for k, v in c.acknowledged.items()}
    statuses = sum((c.statuses for c in clients), Counter())
    return {
        "clients": args.clients,
        "posts": args.clients * args.posts,
        "seconds": round(seconds, 1),
        "acknowledged": len(acknowledged),
        "lost": sorted(k for k in acknowledged if rows[k] == 0),
        "duplicates": sorted(k for k, n in rows.items() if n > 1),
        "stored": sum(rows.values()),
        "stored_unacknowledged": sorted(k for k in rows if k not in acknowledged),
        "statuses": dict(sorted(statuses.items())),
        "connection_errors": sum(c.connection_errors for c in clients),
        "refused": [r for c in clients for r in c.refused],
        "gave_up": [k for c in clients for k in c.gave_up],
        "finished": sum(c.finished for c in clients),
        "retries_per_client": statistics.median(
            sum(c.statuses.values()) + c.connection_errors - args.posts - 1 for c in clients
        ),
        "events": [(round(t, 1), what) for t, what in log],
    }


def write_report(run: dict) -> None:
    """Replace the chaos section of RELIABILITY.md with this run's figures."""
    errors = run["statuses"].get(500, 0)
    rows = [
        ("acknowledged submissions lost", len(run["lost"]), "0", not run["lost"]),
        ("duplicates", len(run["duplicates"]), "0", not run["duplicates"]),
        ("answers of 500", errors, "0", errors == 0),
        ("clients that finished", run["finished"], "all", run["finished"] == run["clients"]),
    ]
    answers = ", ".join(f"{status}: {n:,}" for status, n in run["statuses"].items())
    lines = [
        MARK,
        f"One run of `make chaos` on {time.strftime('%Y-%m-%d')} (2 cores, "
        f"{platform.python_implementation()} {platform.python_version()}): {run['clients']} "
        f"clients, {run['posts']:,} submissions with Idempotency-Keys, gunicorn with 3 workers "
        f"on a PostgreSQL 15 cluster of the run's own; {run['seconds']} s in all.",
        "",
        "| target | measured | goal | met? |",
        "|---|---|---|---|",
        *(f"| {what} | {got} | {goal} | {'yes' if ok else 'no'} |" for what, got, goal, ok in rows),
        "",
        f"Answers seen, every try counted: {answers}; connection errors: "
        f"{run['connection_errors']:,}; median retries per client: {run['retries_per_client']}.",
        f"Stored {run['stored']:,} rows for {run['acknowledged']:,} acknowledged posts; stored "
        f"but never acknowledged: {len(run['stored_unacknowledged'])}; refused (neither 2xx nor "
        f"503): {len(run['refused'])}; given up: {len(run['gave_up'])}.",
        "",
        "Events: " + "; ".join(f"{t} s {what}" for t, what in run["events"]) + ".",
        MARK,
    ]
    path = ROOT / "RELIABILITY.md"
    text = path.read_text() if path.exists() else ""
    if MARK in text:
        head, _, rest = text.partition(MARK)
        _, _, tail = rest.partition(MARK)
        text = head + "\n".join(lines) + tail
    else:
        text += "\n## Chaos: outage and worker kills under load\n\n" + "\n".join(lines) + "\n"
    path.write_text(text)


def main():
    """Run the chaos measurement once and record it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--posts", type=int, default=100, help="submissions per client")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--pace", type=float, default=0.1, help="seconds between a client's posts")
    parser.add_argument("--no-report", action="store_true")
    args = parser.parse_args()
    run = measure(args)
    print(json.dumps({k: v for k, v in run.items() if k != "refused"}, indent=1)[:4000])
    for key, status, text in run["refused"][:10]:
        print("refused", status, key, text)
    if not args.no_report:
        write_report(run)


if __name__ == "__main__":
    main()
