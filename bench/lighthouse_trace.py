"""How long the page's long main-thread tasks waited on SwiftShader (for bench/lighthouse.py).

Headless chromium here has no GPU: WebGL is drawn by SwiftShader on the CPU, in the GPU
process. MapLibre's frames call WebGL synchronously (shader links, buffer reads), so the page's
main thread waits while SwiftShader draws, and Lighthouse counts the wait as blocking time that
a phone's GPU would mostly spare. The trace shows both threads: this module adds up, over the
page's long tasks (> 50 ms), the time the GPU process's main thread was busy meanwhile. That is
an upper bound on the wait: the GPU process also composites the page while the main thread runs.
"""

import json
from collections import defaultdict
from pathlib import Path

LONG_TASK_US = 50_000
TASK_NAMES = {"RunTask", "ThreadControllerImpl::RunTask"}


def _threads(events: list[dict]) -> dict[tuple, str]:
    return {
        (e["pid"], e["tid"]): e["args"]["name"]
        for e in events
        if e.get("ph") == "M" and e.get("name") == "thread_name"
    }


def _tasks(events: list[dict]) -> dict[tuple, list[tuple[int, int]]]:
    """Return the (start, end) of every top-level task, per thread, in microseconds."""
    found = defaultdict(list)
    for e in events:
        if e.get("ph") == "X" and e.get("name") in TASK_NAMES and "dur" in e:
            found[(e["pid"], e["tid"])].append((e["ts"], e["ts"] + e["dur"]))
    return found


def _busiest(threads: dict, tasks: dict, name: str) -> tuple | None:
    """Return the thread of that name that ran longest (the page's renderer, the GPU process)."""
    candidates = [key for key, thread in threads.items() if thread == name]
    total = {key: sum(end - start for start, end in tasks.get(key, [])) for key in candidates}
    return max(total, key=total.get, default=None)


def gpu_waits(trace_path: Path) -> dict[str, float]:
    """Return the page's long-task time and the part of it the GPU process was busy, in ms."""
    trace = json.loads(trace_path.read_text())
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    threads, tasks = _threads(events), _tasks(events)
    main = _busiest(threads, tasks, "CrRendererMain")
    gpu = _busiest(threads, tasks, "CrGpuMain")
    long_tasks = [(s, e) for s, e in tasks.get(main, []) if e - s > LONG_TASK_US]
    overlap = sum(
        max(0, min(end, g_end) - max(start, g_start))
        for start, end in long_tasks
        for g_start, g_end in tasks.get(gpu, [])
    )
    return {
        "long_task_ms": sum(e - s for s, e in long_tasks) / 1000,
        "gpu_busy_ms": overlap / 1000,
    }
