"""
In-process render time of every public page type, cache off, on a large and a small archive.

    python -m bench.render_bench --prepare            # SQLite archives in bench/results/ (built on first run)
    python -m bench.render_bench --large URL --small URL --runs 200

Each archive is served by a worker process (bench.render_worker: Django has
one default database per process) that renders through Django's test Client
with DEBUG off, a dummy cache and no network, so the figures are the view, the
queries and the template. For each page type the two workers take turns, a
quarter of the runs at a time, so that a machine busy with other work slows
both alike. A page that takes long gets fewer runs (at least 10, about
--budget seconds each side). The table gives median and p95, the SQL queries of
one request, and the large/small ratio: cost that grows with the archive
shows as a ratio above 1.3.
"""

import argparse
import datetime
import json
import math
import os
import platform
import statistics
import subprocess
import sys

from . import django_env
from .page_types import PAGE_TYPES

MAX_RATIO = 1.3
MAX_QUERIES = 10
ROUNDS = 4
DEFAULT_LARGE = f"sqlite:///{django_env.RESULTS / 'archive10y.sqlite3'}"
DEFAULT_SMALL = f"sqlite:///{django_env.RESULTS / 'archive30d.sqlite3'}"


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class Worker:
    """A bench.render_worker process for one database."""

    def __init__(self, database_url):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.render_worker", database_url],
            cwd=django_env.REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.header = self._answer()

    def _answer(self):
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"render worker exited with status {self.process.wait()}")
        return json.loads(line)

    def render(self, key, *, runs, warmup=0):
        self.process.stdin.write(json.dumps({"key": key, "runs": runs, "warmup": warmup}) + "\n")
        self.process.stdin.flush()
        return self._answer()

    def close(self):
        self.process.stdin.close()
        self.process.wait()


def measure_page(key, workers, *, runs, warmup, budget):
    """Timings of one page type on each worker, taken in turns."""
    probes = [worker.render(key, runs=1, warmup=warmup) for worker in workers]
    if any(probe["status"] != 200 for probe in probes):
        return [{"status": probe["status"]} for probe in probes]
    slowest = max(max(probe["timings_ms"]) for probe in probes)
    total = min(runs, max(10, int(budget * 1000 / slowest)))
    timings = [[] for _ in workers]
    cpu = [[] for _ in workers]
    for _ in range(ROUNDS):
        for index, worker in enumerate(workers):
            answer = worker.render(key, runs=math.ceil(total / ROUNDS))
            timings[index] += answer["timings_ms"]
            cpu[index] += answer["cpu_ms"]
    return [
        {
            "status": 200,
            "runs": len(timings[index]),
            "median_ms": statistics.median(timings[index]),
            "p95_ms": percentile(timings[index], 0.95),
            "cpu_median_ms": statistics.median(cpu[index]),
            "queries": probe["queries"],
        }
        for index, probe in enumerate(probes)
    ]


def measure(large_url, small_url, *, runs, warmup, budget):
    workers = [Worker(large_url), Worker(small_url)]
    try:
        results = [{}, {}]
        for page_type in PAGE_TYPES:
            if any(worker.header["urls"][page_type.key] is None for worker in workers):
                continue
            for side, result in zip(
                results, measure_page(page_type.key, workers, runs=runs, warmup=warmup, budget=budget), strict=True
            ):
                side[page_type.key] = result
        return [dict(worker.header, results=side) for worker, side in zip(workers, results, strict=True)]
    finally:
        for worker in workers:
            worker.close()


def prepare(large, small):
    for url, size in ((large, ["--years", "10"]), (small, ["--days", "30"])):
        command = [sys.executable, "-m", "bench.databases", "--database-url", url, *size]
        subprocess.run(command, cwd=django_env.REPO, check=True)


def machine():
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            model = next(line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{model}, {os.cpu_count()} CPU, Python {platform.python_version()}"


def cell(value, digits=1):
    return "n/a" if value is None else f"{value:.{digits}f}"


def table(large, small, *, runs):
    lines = [
        f"In-process render, cache off, up to {runs} runs after warm-up — {datetime.datetime.now():%Y-%m-%d %H:%M} — "
        f"{machine()}",
        f"large: {large['database']} ({large['stories']} stories)   small: {small['database']} "
        f"({small['stories']} stories)",
        "",
        "| page | target ms | large median | large p95 | large CPU | small median | small p95 | small CPU | "
        "SQL large/small | large/small | runs | verdict |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for page_type in PAGE_TYPES:
        big, little = large["results"].get(page_type.key), small["results"].get(page_type.key)
        if not big or not little or "median_ms" not in big or "median_ms" not in little:
            status = (big or little or {}).get("status")
            verdict = f"HTTP {status}" if status else "n/a (no such page yet)"
            lines.append(f"| {page_type.label} | {page_type.target_ms:g} |" + " n/a |" * 9 + f" {verdict} |")
            continue
        ratio = big["median_ms"] / little["median_ms"]
        problems = []
        if big["median_ms"] > page_type.target_ms:
            problems.append("slow")
        if ratio > MAX_RATIO:
            problems.append("grows")
        if big["queries"] > MAX_QUERIES:
            problems.append("queries")
        lines.append(
            f"| {page_type.label} | {page_type.target_ms:g} | {cell(big['median_ms'])} | {cell(big['p95_ms'])} | "
            f"{cell(big['cpu_median_ms'])} | {cell(little['median_ms'])} | {cell(little['p95_ms'])} | "
            f"{cell(little['cpu_median_ms'])} | {big['queries']}/{little['queries']} | "
            f"{ratio:.2f} | {big['runs']} | {', '.join(problems) or 'ok'} |"
        )
    lines.append("")
    lines.append(
        "median/p95: wall time in ms; CPU: median CPU time of the rendering process (a database server's is not in it)."
    )
    lines.append("URLs (large): " + ", ".join(f"{k}={v}" for k, v in large["urls"].items() if v))
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--large", default=os.environ.get("BENCH_LARGE_URL", DEFAULT_LARGE))
    parser.add_argument("--small", default=os.environ.get("BENCH_SMALL_URL", DEFAULT_SMALL))
    parser.add_argument("--runs", type=int, default=200, help="Timed requests per page and archive (default 200).")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--budget", type=float, default=20, help="About this many seconds per page and archive.")
    parser.add_argument("--prepare", action="store_true", help="Build missing archives first (takes minutes).")
    args = parser.parse_args(argv)
    if args.prepare:
        prepare(args.large, args.small)
    load_before = os.getloadavg()[0]
    large, small = measure(args.large, args.small, runs=args.runs, warmup=args.warmup, budget=args.budget)
    print(table(large, small, runs=args.runs))
    # Other work on the machine inflates every figure: say how busy it was.
    print(f"load average (1 min): {load_before:.1f} before, {os.getloadavg()[0]:.1f} after, on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
