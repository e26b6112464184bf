"""
Search on a ten-year archive: index build time and size, and how long a search takes.

    .venv/bin/python bench/search_bench.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bulletin_bench .venv/bin/python bench/search_bench.py

The first measures SQLite (bench/results/archive10y.sqlite3); with DATABASE_URL
pointing at PostgreSQL it measures that database too, and prints one table.
Options: --sqlite URL / --postgres URL (either may be "none"), --queries 200,
--warmup 20, --seed 1, --skip-rebuild (time searches on the index already there).

For each database, in a process of its own: the archive is prepared when
missing (bench.databases: migrate, python -m bench.archive --years 10, both created on
first use), the search index is rebuilt from scratch and timed
(rebuild_search_index), the index's size is read beside the database's, and
then --queries two-character and --queries four-character queries, drawn from
the archive's own text with a fixed seed (so common words come up as often as
they do in print), are each run as a reader runs them: the whole results page
(/search/?q=…, ranking, count, twenty highlighted snippets, the template)
through Django's test client with DEBUG off and the cache off. A third row
times two-character queries filtered by department. Targets (issue 5):
median <= 50 ms and p95 <= 150 ms.
"""

import argparse
import datetime
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench import databases, django_env  # noqa: E402
from bench.render_bench import percentile  # noqa: E402

DEFAULT_SQLITE = f"sqlite:///{django_env.RESULTS / 'archive10y.sqlite3'}"
TARGET_MEDIAN_MS, TARGET_P95_MS = 50, 150
HAN_RUN = re.compile(r"[\u4e00-\u9fff]{4,}")


def _window():
    from search.results import RESULT_WINDOW

    return RESULT_WINDOW


def sample_queries(length, count, rng):
    """Words of `length` characters cut from random stories: frequent words come up often, as in life."""
    from articles.models import Article
    from search.documents import plain_body

    low, high = Article.objects.order_by("pk").values_list("pk", flat=True)[:1][0], Article.objects.latest("pk").pk
    queries = []
    while len(queries) < count:
        article = Article.objects.filter(pk__gte=rng.randint(low, high)).only("body").order_by("pk").first()
        runs = HAN_RUN.findall(plain_body(article)) if article else []
        if runs:
            run = rng.choice(runs)
            start = rng.randrange(len(run) - length + 1) if len(run) >= length else 0
            if len(run) >= length:
                queries.append(run[start : start + length])
    return queries


def prepare_archive(database_url):
    """Set Django up on the database; migrate it and generate the archive when it has none."""
    django_env.RESULTS.mkdir(parents=True, exist_ok=True)
    databases.create_postgres_database(database_url)
    django_env.setup(database_url)
    from django.core.management import call_command

    from bench.archive.writer import fill
    from editions.models import Issue

    call_command("migrate", verbosity=0, interactive=False)
    if not Issue.objects.exists():
        print(f"generating a ten-year archive in {database_url} (several minutes) …", file=sys.stderr)
        fill(years=10, stdout=sys.stderr)


def database_size(connection):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
            return cursor.fetchone()[0]
        cursor.execute("PRAGMA page_count")
        pages = cursor.fetchone()[0]
        cursor.execute("PRAGMA freelist_count")
        free = cursor.fetchone()[0]
        cursor.execute("PRAGMA page_size")
        return (pages - free) * cursor.fetchone()[0]


def time_pages(client, requests, warmup):
    from django.urls import reverse

    from departments.models import Department
    from search import backends

    url = reverse("search:results")
    for params in requests[:warmup]:
        client.get(url, params)
    timings, cpu = [], []
    for params in requests:
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url, params)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (params, response.status_code)
    hits = []  # counted apart, untimed
    for params in requests:
        department = Department.objects.filter(slug=params.get("department")).first()
        hits.append(backends.search(params["q"], department=department).count())
    return {
        "median_ms": statistics.median(timings),
        "cpu_median_ms": statistics.median(cpu),
        "p95_ms": percentile(timings, 0.95),
        "max_ms": max(timings),
        "median_hits": statistics.median(hits),
        "capped": sum(1 for count in hits if count >= _window()),
        "runs": len(timings),
    }


def measure(database_url, *, queries, warmup, seed, rebuild):
    """Prepare, rebuild and time one database; returns a JSON-able dict."""
    prepare_archive(database_url)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    from articles.models import Article
    from departments.models import Department
    from search import backends

    build_seconds = None
    if rebuild:
        started = time.monotonic()
        call_command("rebuild_search_index", stdout=open(os.devnull, "w"))  # noqa: SIM115
        build_seconds = time.monotonic() - started

    rng = random.Random(seed)
    two, four = sample_queries(2, queries, rng), sample_queries(4, queries, rng)
    departments = list(Department.objects.values_list("slug", flat=True))
    filtered = [{"q": q, "department": rng.choice(departments)} for q in two]
    rows = {}
    load_before = os.getloadavg()[0]
    with override_settings(**django_env.bench_settings()):
        client = Client()
        rows["2 字"] = time_pages(client, [{"q": q} for q in two], warmup)
        rows["4 字"] = time_pages(client, [{"q": q} for q in four], warmup)
        rows["2 字 + 部门"] = time_pages(client, filtered, warmup)
    return {
        "database": connection.vendor,
        "name": str(connection.settings_dict["NAME"]),
        "stories": Article.objects.count(),
        "build_seconds": build_seconds,
        "index_bytes": backends.index_size(),
        "database_bytes": database_size(connection),
        "rows": rows,
        "window": _window(),
        "load": [load_before, os.getloadavg()[0]],
        "examples": {"2 字": two[:8], "4 字": four[:8]},
    }


def run_in_child(database_url, args):
    """Django has one database per process, so each one is measured in its own."""
    command = [sys.executable, __file__, "--measure", database_url, "--queries", str(args.queries)]
    command += ["--warmup", str(args.warmup), "--seed", str(args.seed)]
    if args.skip_rebuild:
        command.append("--skip-rebuild")
    env = {**os.environ, "DATABASE_URL": database_url}
    finished = subprocess.run(command, cwd=REPO, env=env, stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(finished.stdout.strip().splitlines()[-1])


def megabytes(value):
    return f"{value / 1024 / 1024:,.0f} MB"


def print_table(results):
    print(f"\n搜索基准 {datetime.date.today()}，{platform.node()}，{os.cpu_count()} 核，{platform.python_version()}")
    header = (
        "数据库",
        "稿件",
        "建索引",
        "索引",
        "数据库",
        "查询",
        "次数",
        "中位数",
        "p95",
        "本进程CPU",
        "命中中位数",
        "结论",
    )
    lines = [header]
    for result in results:
        build = f"{result['build_seconds']:.0f} s" if result["build_seconds"] is not None else "（未重建）"
        first = True
        for label, row in result["rows"].items():
            verdict = "达标" if row["median_ms"] <= TARGET_MEDIAN_MS and row["p95_ms"] <= TARGET_P95_MS else "未达标"
            lead = (
                (result["database"], f"{result['stories']:,}", build, megabytes(result["index_bytes"]))
                + (megabytes(result["database_bytes"]),)
                if first
                else ("",) * 5
            )
            hits = f"{row['median_hits']:.0f}"
            timing = (f"{row['median_ms']:.1f} ms", f"{row['p95_ms']:.1f} ms", f"{row['cpu_median_ms']:.1f} ms")
            lines.append((*lead, label, str(row["runs"]), *timing, hits, verdict))
            first = False
    widths = [max(_width(line[i]) for line in lines) for i in range(len(header))]
    for line in lines:
        print("  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(line)))
    for result in results:
        before, after = result["load"]
        print(f"{result['database']}：测量前后系统负载 {before:.1f} → {after:.1f}（1 分钟平均）。")
    print("本进程CPU：测量进程自己的 CPU 时间；SQLite 在进程内运行，PostgreSQL 服务器进程的时间不计在内。")
    print(
        f"目标：中位数 ≤ {TARGET_MEDIAN_MS} ms，p95 ≤ {TARGET_P95_MS} ms（整页：检索、计数、前 20 条高亮摘要、模板）。"
    )
    window = results[0]["window"] if results else "?"
    print(
        f"命中超过 {window} 篇时只排序最新的 {window} 篇（search/results.py），页面如实说明；"
        "“命中中位数”即封顶后的数目。"
    )


def _width(text):
    return sum(2 if ord(char) > 0x2E7F else 1 for char in text)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sqlite", default=DEFAULT_SQLITE, help='SQLite database URL, or "none"')
    postgres = os.environ.get("DATABASE_URL", "")
    parser.add_argument("--postgres", default=postgres if postgres.startswith("postgres") else "none")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-rebuild", action="store_true")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        result = measure(
            args.measure, queries=args.queries, warmup=args.warmup, seed=args.seed, rebuild=not args.skip_rebuild
        )
        print(json.dumps(result, ensure_ascii=False))
        return
    results = []
    for url in (args.sqlite, args.postgres):
        if url and url != "none":
            print(f"measuring {url} …", file=sys.stderr)
            results.append(run_in_child(url, args))
    print_table(results)


if __name__ == "__main__":
    main()
