"""
HTTP throughput and latency on loopback, and worker memory — issue 6's second table.

    .venv/bin/python bench/http_bench.py [--database-url URL] [--runs 3] [--seconds 10]

Serves the site with gunicorn (2 sync workers, production settings) twice: once
with the reader cache on, once with it off. Measures with wrk (Debian's package:
`apt-get install wrk`): a static file served by the same server, a cached
article and an uncached article; median of --runs runs each, and the ratio to
the static file. Then sends 10,000 requests to the uncached server and reports
each worker's resident memory after 1,000, 2,500, 5,000 and 10,000 of them.

Without --database-url it builds the demo edition in a scratch SQLite database;
pass the ten-year archive (bench/results/archive10y.sqlite3, see bench/README.md)
to measure at scale. Uses Redis on 127.0.0.1:6379 for the cache when it answers.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.stack import Browser, gunicorn, manage, prepare_site, production_env, redis_answers  # noqa: E402


def wrk(url, seconds, connections=50):
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", output)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", output)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {"rps": rps, "p50_ms": to_ms(p50), "p99_ms": to_ms(p99), "non_2xx": int(errors.group(1)) if errors else 0}


def to_ms(match):
    value, unit = float(match.group(1)), match.group(2)
    return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def worker_rss_mb(master):
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024)
    return sizes


def hammer(base, paths, count):
    for i in range(count):
        urllib.request.urlopen(base + paths[i % len(paths)], timeout=30).read()


def memory_checkpoints(total):
    """Where to read the workers' memory: a growth that levels off looks different from a leak."""
    return sorted({n for n in (1_000, total // 4, total // 2, total) if 0 < n <= total})


def median_of(runs):
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def site_env(args, tmp):
    redis = "redis://127.0.0.1:6379/6" if redis_answers() else None
    if args.database_url:
        env = production_env(args.database_url, tmp, redis_url=redis)
        manage(env, "collectstatic", "--noinput", "-v0")
        return env
    env = production_env(f"sqlite:///{tmp / 'site.sqlite3'}", tmp, redis_url=redis)
    prepare_site(env)
    return env


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--requests", type=int, default=10_000)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install -y wrk")

    tmp = Path(tempfile.mkdtemp(prefix="bulletin-http-bench-"))
    env = site_env(args, tmp)
    with ExitStack() as stack:
        cached_base, _ = stack.enter_context(gunicorn({**env, "READER_CACHE_SECONDS": "300"}, workers=2))
        uncached_base, uncached = stack.enter_context(gunicorn({**env, "READER_CACHE_SECONDS": "0"}, workers=2))
        html = Browser(cached_base).get("/")[1]
        article = re.search(r'href="(/articles/\d+/)"', html).group(1)
        static = re.search(r'href="(/static/css/site\.[0-9a-f]+\.css)"', html).group(1)
        targets = {
            "static file": cached_base + static,
            "cached article": cached_base + article,
            "uncached article": uncached_base + article,
        }
        results = {}
        for name, url in targets.items():
            urllib.request.urlopen(url).read()  # warm up (and fill the cache)
            results[name] = median_of([wrk(url, args.seconds) for _ in range(args.runs)])

        paths = ["/", article, "/departments/", static]
        memory = {}
        sent = 0
        for checkpoint in memory_checkpoints(args.requests):
            hammer(uncached_base, paths, checkpoint - sent)
            sent = checkpoint
            memory[checkpoint] = worker_rss_mb(uncached)

    static_rps = results["static file"]["rps"]
    print(f"\nHTTP on loopback, gunicorn 2 sync workers, wrk -t2 -c50 -d{args.seconds}s, median of {args.runs} runs")
    print(f"{'target':<18}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'non-2xx':>9}{'÷ static':>10}")
    for name, r in results.items():
        ratio = r["rps"] / static_rps
        print(f"{name:<18}{r['rps']:>10.0f}{r['p50_ms']:>10.2f}{r['p99_ms']:>10.2f}{r['non_2xx']:>9.0f}{ratio:>10.2f}")
    print("\nworker RSS (MB), uncached server, by requests sent to it:")
    for checkpoint, sizes in memory.items():
        print(f"{checkpoint:>8,}  {', '.join(f'{m:.1f}' for m in sizes)}")
    shutil.rmtree(tmp, ignore_errors=True)
    os.environ.pop("REDIS_URL", None)


if __name__ == "__main__":
    main()
