"""
HTTP throughput and latency on loopback, and worker memory — issue 6's second table, with issue 19's origin targets.

    .venv/bin/python bench/http_bench.py [--database-url URL] [--runs 3] [--seconds 10] [--compare-with DIR]

Serves the site with gunicorn (2 sync workers, production settings) three times:
the reader cache on with its WSGI fast path (bulletin/wsgi.py, as in production),
on with the fast path off (a hit answered by the middleware), and off. Measures
with wrk (Debian's package: `apt-get install wrk`): a static file, the cached
article both ways and the uncached article (the same story, the reader cache
off), and a cold walk: the reader cache on, each request a story nobody has
asked for yet, edition after edition in reading order (a morning's misses, which
share each edition's running order through the cache). The runs take turns (one run of
each target, then the next round), so load from elsewhere on the machine falls
on all of them alike; each figure is the median of --runs, with its ratio to
the static file. The uncached runs come last in a round and are followed by
--settle seconds of quiet, so the requests they leave queued do not slow the
next target. Issue 19's targets: a cached page at least 0.9 of the static
file's throughput, an uncached article at least 600 requests a second.

--compare-with DIR serves another checkout of the site (e.g. `git archive` of an
older commit unpacked in DIR) beside this one, cache on and off, on the same
database, and adds its cached and uncached article to the same rounds: before
and after measured under the same load.

Then sends 10,000 requests to the uncached server and reports each worker's
resident memory after 1,000, 2,500, 5,000 and 10,000 of them.

Without --database-url it builds the demo edition in a scratch SQLite database;
pass the ten-year archive (bench/results/archive10y.sqlite3, see bench/README.md)
to measure at scale (it is migrated first). Uses Redis on 127.0.0.1:6379 for the
cache when it answers.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.stack import Browser, gunicorn, manage, prepare_site, production_env, redis_answers  # noqa: E402


def wrk(url, seconds, connections=50, script=None):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if script:
        command += ["-s", script]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", output)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", output)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {"rps": rps, "p50_ms": to_ms(p50), "p99_ms": to_ms(p99), "non_2xx": int(errors.group(1)) if errors else 0}


# The machine issue 19's targets were set on (2026-11-28, README): its static file answered 7,069 req/s and the
# uncached article 494. On a slower or busier machine the same code does proportionally less; 600 there is this
# fraction of the static file's throughput, measured in the same run here.
TARGET_MACHINE_STATIC_RPS = 7_069
UNCACHED_TARGET_RPS = 600

# Stories a cold walk may need in one run: more than a worker pair draws in --seconds.
WALK_STORIES_PER_RUN = 15_000


def stories_in_reading_order(env, count):
    """Addresses of live stories, edition after edition from the newest, page by page, as a reader goes."""
    code = (
        "from articles.models import Article; "
        "print('\\n'.join(a.get_absolute_url() for a in Article.objects.published()"
        ".filter(page__isnull=False).order_by('-page__issue__date', 'page__number', 'page_position', 'pk')"
        f".only('pk')[:{count}]))"
    )
    return [line for line in manage(env, "shell", "-c", code).split() if line.startswith("/articles/")]


def walk_script(paths, directory, name):
    """A wrk script whose two threads ask `paths` in turn between them, each path once (none cached before)."""
    listed = ",".join(f'"{path}"' for path in paths)
    script = Path(directory) / f"{name}.lua"
    script.write_text(
        "local threads = 0\n"
        "function setup(thread)\n  thread:set('id', threads)\n  threads = threads + 1\nend\n"
        f"local paths = {{{listed}}}\n"
        "local n = 0\n"
        "request = function()\n"
        "  local i = (n * 2 + id) % #paths + 1\n"
        "  n = n + 1\n"
        "  return wrk.format(nil, paths[i])\n"
        "end\n"
    )
    return str(script)


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
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput", "-v0")
        # The generated archive's photos all show one stand-in picture: put it and its renditions in this
        # site's media, or every story with a photo would log a missing file instead of drawing its picture.
        manage(env, "shell", "-c", "from bench.archive.writer import shared_photo; shared_photo()")
        return env
    env = production_env(f"sqlite:///{tmp / 'site.sqlite3'}", tmp, redis_url=redis)
    prepare_site(env)
    return env


def machine():
    model = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    memory = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1)) / 1024 / 1024
    return f"{os.cpu_count()} cores, {model.group(1).strip() if model else 'unknown CPU'}, {memory:.0f} GiB"


def load_average():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def verdict(met):
    return "met" if met else "missed"


def servers(stack, env, tmp, compare_with):
    """Base URL of each server: this site three ways, and optionally another checkout cache on and off."""
    bases = {}
    for name, extra in {
        "fast path": {"READER_CACHE_SECONDS": "300"},
        "middleware": {"READER_CACHE_SECONDS": "300", "READER_CACHE_FAST_PATH": "0"},
        "uncached": {"READER_CACHE_SECONDS": "0"},
    }.items():
        bases[name], process = stack.enter_context(gunicorn({**env, **extra}, workers=2))
        if name == "uncached":
            uncached = process
    if compare_with:
        # Its own collected static files: the two checkouts' file names differ.
        other = {**env, "STATIC_ROOT": str(tmp / "static-compared"), "CACHE_KEY_PREFIX": env["CACHE_KEY_PREFIX"] + "c"}
        manage(other, "collectstatic", "--noinput", "-v0", root=compare_with)
        for name, seconds in (("compared cached", "300"), ("compared uncached", "0")):
            bases[name], _ = stack.enter_context(
                gunicorn({**other, "READER_CACHE_SECONDS": seconds}, workers=2, root=compare_with)
            )
    return bases, uncached


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--settle", type=float, default=5, help="seconds of quiet after an uncached run")
    parser.add_argument(
        "--compare-with", type=Path, default=None, help="another checkout of the site to measure beside"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install -y wrk")

    tmp = Path(tempfile.mkdtemp(prefix="bulletin-http-bench-"))
    env = site_env(args, tmp)
    loads = [load_average()]
    with ExitStack() as stack:
        bases, uncached = servers(stack, env, tmp, args.compare_with)
        html = Browser(bases["fast path"]).get("/")[1]
        article = re.search(r'href="(/articles/\d+/)"', html).group(1)
        static = re.search(r'href="(/static/css/site\.[0-9a-f]+\.css)"', html).group(1)
        targets = {
            "static file": bases["fast path"] + static,
            "cached article": bases["fast path"] + article,
            "cached, middleware": bases["middleware"] + article,
        }
        if args.compare_with:
            targets["compared: cached"] = bases["compared cached"] + article
        targets["uncached article"] = bases["uncached"] + article
        if args.compare_with:
            targets["compared: uncached"] = bases["compared uncached"] + article
        for url in targets.values():
            urllib.request.urlopen(url).read()  # warm up (and fill the cache)
        # A production miss: the reader cache on, every request a story no one has asked for yet.
        walk = stories_in_reading_order(env, WALK_STORIES_PER_RUN * args.runs)
        walks = [
            walk_script(walk[run * WALK_STORIES_PER_RUN : (run + 1) * WALK_STORIES_PER_RUN], tmp, f"walk-{run}")
            for run in range(args.runs)
        ]
        targets["cold walk"] = bases["fast path"] + "/"
        rounds = {name: [] for name in targets}
        for run in range(args.runs):
            for name, url in targets.items():
                rounds[name].append(wrk(url, args.seconds, script=walks[run] if name == "cold walk" else None))
                # The requests wrk left queued are still being drawn: let them finish before the next target.
                time.sleep(args.settle if "uncached" in name or name == "cold walk" else 1)
            loads.append(load_average())
        results = {name: median_of(runs) for name, runs in rounds.items()}

        paths = ["/", article, "/departments/", static]
        memory = {}
        sent = 0
        for checkpoint in memory_checkpoints(args.requests):
            hammer(bases["uncached"], paths, checkpoint - sent)
            sent = checkpoint
            memory[checkpoint] = worker_rss_mb(uncached)

    static_rps = results["static file"]["rps"]
    print(f"\nHTTP on loopback, {article}, gunicorn 2 sync workers, wrk -t2 -c50 -d{args.seconds}s", end="")
    print(f", median of {args.runs} runs taken in turns")
    print(f"{machine()}; load average {' → '.join(loads)}")
    if args.compare_with:
        print(f"compared: {args.compare_with}")
    print(f"{'target':<22}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'non-2xx':>9}{'÷ static':>10}")
    for name, r in results.items():
        ratio = r["rps"] / static_rps
        print(f"{name:<22}{r['rps']:>10.0f}{r['p50_ms']:>10.2f}{r['p99_ms']:>10.2f}{r['non_2xx']:>9.0f}{ratio:>10.2f}")
    cached_ratio = results["cached article"]["rps"] / static_rps
    uncached_rps = results["uncached article"]["rps"]
    print(f"\ncached article ÷ static file: {cached_ratio:.2f} (target ≥ 0.90: {verdict(cached_ratio >= 0.9)})")
    scaled = UNCACHED_TARGET_RPS / TARGET_MACHINE_STATIC_RPS
    for name, rps in (
        ("uncached article", uncached_rps),
        (
            f"cold walk (reader cache on, each request a story not asked for before, {len(walk):,} in reading order)",
            results["cold walk"]["rps"],
        ),
    ):
        print(
            f"{name}: {rps:.0f} req/s (target ≥ {UNCACHED_TARGET_RPS}: {verdict(rps >= UNCACHED_TARGET_RPS)}); "
            f"{rps / static_rps:.3f} of the static file (the target on its machine, {UNCACHED_TARGET_RPS} ÷ "
            f"{TARGET_MACHINE_STATIC_RPS:,}, is {scaled:.3f}: {verdict(rps / static_rps >= scaled)})"
        )
    if args.compare_with:
        for kind in ("cached", "uncached"):
            before = results[f"compared: {kind}"]["rps"]
            print(f"{kind} article ÷ compared checkout's: {results[f'{kind} article']['rps'] / before:.2f}")
    print("\nworker RSS (MB), uncached server, by requests sent to it:")
    for checkpoint, sizes in memory.items():
        print(f"{checkpoint:>8,}  {', '.join(f'{m:.1f}' for m in sizes)}")
    shutil.rmtree(tmp, ignore_errors=True)
    os.environ.pop("REDIS_URL", None)


if __name__ == "__main__":
    main()
