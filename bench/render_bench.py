"""
In-process render time of every public page type, cache off, on a large and a small archive.

    python -m bench.render_bench --prepare            # SQLite archives in bench/results/ (built on first run)
    python -m bench.render_bench --large URL --small URL --runs 200
    python -m bench.render_bench --measure URL        # one database, JSON out (used by the above)

Each database is measured in a process of its own (Django has one default
database per process). Pages go through Django's test Client with DEBUG off,
a dummy cache and no network, so the figures are the view, the queries and the
template: median and p95 of --runs requests after --warmup, and the number of
SQL queries of one request. The table shows the large archive against the
small one: cost that grows with the archive shows as a ratio above 1.3.
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time

from . import django_env
from .page_types import PAGE_TYPES

MAX_RATIO = 1.3
DEFAULT_LARGE = f"sqlite:///{django_env.RESULTS / 'archive10y.sqlite3'}"
DEFAULT_SMALL = f"sqlite:///{django_env.RESULTS / 'archive30d.sqlite3'}"


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(database_url, *, runs, warmup):
    """Time every public page on one database; returns a JSON-able dict."""
    django_env.setup(database_url)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from articles.models import Article

    from .pages import public_pages

    results = {}
    with override_settings(**django_env.bench_settings()):
        client = Client()
        for page in public_pages():
            key = page.type.key
            if page.url is None:
                results[key] = None
                continue
            status = client.get(page.url).status_code
            if status != 200:
                results[key] = {"url": page.url, "status": status}
                continue
            for _ in range(warmup):
                client.get(page.url)
            with CaptureQueriesContext(connection) as queries:
                client.get(page.url)
            # Counted now: the captured list is read from the connection's
            # log, which the next request clears.
            query_count = len(queries)
            timings = []
            for _ in range(runs):
                started = time.perf_counter()
                client.get(page.url)
                timings.append((time.perf_counter() - started) * 1000)
            results[key] = {
                "url": page.url,
                "status": status,
                "median_ms": statistics.median(timings),
                "p95_ms": percentile(timings, 0.95),
                "queries": query_count,
            }
    return {
        "database": f"{connection.vendor} {connection.settings_dict['NAME']}",
        "stories": Article.objects.count(),
        "results": results,
    }


def measure_in_subprocess(database_url, *, runs, warmup):
    command = [sys.executable, "-m", "bench.render_bench", "--measure", database_url]
    command += ["--runs", str(runs), "--warmup", str(warmup)]
    output = subprocess.run(command, cwd=django_env.REPO, check=True, capture_output=True, text=True).stdout
    return json.loads(output)


def prepare(large, small):
    for url, size in ((large, ["--years", "10"]), (small, ["--days", "30"])):
        command = [sys.executable, "-m", "bench.archives", "--database-url", url, *size]
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
        f"In-process render, cache off, {runs} runs after warm-up — {datetime.datetime.now():%Y-%m-%d %H:%M} — "
        f"{machine()}",
        f"large: {large['database']} ({large['stories']} stories)   small: {small['database']} "
        f"({small['stories']} stories)",
        "",
        "| page | target ms | large median | large p95 | small median | small p95 | SQL large/small | "
        "large/small | verdict |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for page_type in PAGE_TYPES:
        big, little = large["results"][page_type.key], small["results"][page_type.key]
        if not big or not little or "median_ms" not in big or "median_ms" not in little:
            status = (big or little or {}).get("status")
            verdict = f"HTTP {status}" if status else "n/a (no such page yet)"
            lines.append(f"| {page_type.label} | {page_type.target_ms:g} |" + " n/a |" * 6 + f" {verdict} |")
            continue
        ratio = big["median_ms"] / little["median_ms"]
        problems = []
        if big["median_ms"] > page_type.target_ms:
            problems.append("slow")
        if ratio > MAX_RATIO:
            problems.append("grows")
        if big["queries"] > 10:
            problems.append("queries")
        lines.append(
            f"| {page_type.label} | {page_type.target_ms:g} | {cell(big['median_ms'])} | {cell(big['p95_ms'])} | "
            f"{cell(little['median_ms'])} | {cell(little['p95_ms'])} | {big['queries']}/{little['queries']} | "
            f"{ratio:.2f} | {', '.join(problems) or 'ok'} |"
        )
    lines.append("")
    lines.append("URLs (large): " + ", ".join(f"{k}={v['url']}" for k, v in large["results"].items() if v))
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--large", default=os.environ.get("BENCH_LARGE_URL", DEFAULT_LARGE))
    parser.add_argument("--small", default=os.environ.get("BENCH_SMALL_URL", DEFAULT_SMALL))
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--prepare", action="store_true", help="Build missing archives first (takes minutes).")
    parser.add_argument("--measure", metavar="DATABASE_URL", help="Measure one database and print JSON.")
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure, runs=args.runs, warmup=args.warmup)))
        return
    if args.prepare:
        prepare(args.large, args.small)
    large = measure_in_subprocess(args.large, runs=args.runs, warmup=args.warmup)
    small = measure_in_subprocess(args.small, runs=args.runs, warmup=args.warmup)
    print(table(large, small, runs=args.runs))


if __name__ == "__main__":
    main()
