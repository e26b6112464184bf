"""
In-process time of the news API's two hot requests, uncached, on a large and a small archive.

    python -m bench.api_bench --prepare URL [URL ...]   # migrate, fill the changes feed, make a bench key
    python -m bench.api_bench --large URL --small URL --runs 200

The targets (issue 18): a story item (`/api/v1/stories/<id>/`) in 10 ms or less and a page of 50
changes (`/api/v1/changes/?since=…`) in 30 ms or less, with the ten-year archive at most 1.3 times
the 30-day one. As in bench/render_bench.py, each archive is served by a worker process (Django
has one default database per process) rendering through Django's test Client with DEBUG off and a
dummy cache, so the figures are the view, its queries, the partner key's check and the request
log. The two workers take turns, a quarter of the runs at a time, so a busy machine slows both alike.

The story is the newest live case study (the richest item: bylines, photos, a case study with its
sections, its page); the changes page is the 50 entries after the middle of the feed, so it reads
neither end of the index. `--prepare` runs `migrate` and `rebuild_change_feed` on an archive made
before the feed existed (the ten-year one: about 175,000 stories), and issues the key the workers use.
"""

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time

from . import django_env

MAX_RATIO = 1.3
TARGETS_MS = {"story": 10, "changes": 30}
ROUNDS = 4
KEY_NAME = "bench.api_bench"


def prepare(database_url):
    """Migrate, fill the changes feed when it is empty, and issue the bench key (its token kept in the database)."""
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "1"}
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], cwd=django_env.REPO, env=env, check=True)
    django_env.setup(database_url)
    from django.core.management import call_command

    from syndication.models import StoryChange

    if not StoryChange.objects.exists():
        started = time.perf_counter()
        call_command("rebuild_change_feed")
        print(f"rebuild_change_feed: {time.perf_counter() - started:.0f} s", flush=True)


def bench_token():
    """A key for the workers, made once per database; its token is kept as the key's contact (bench only)."""
    from django.contrib.auth import get_user_model

    from partners.models import PartnerKey
    from partners.services import issue_key

    key = PartnerKey.objects.filter(name=KEY_NAME, revoked_at__isnull=True).first()
    if key is not None:
        return key.contact
    user, _ = get_user_model().objects.get_or_create(username="api-bench", defaults={"is_superuser": True})
    key, token = issue_key(name=KEY_NAME, by=user)
    PartnerKey.objects.filter(pk=key.pk).update(contact=token)
    return token


def example_urls():
    from django.db.models import Count
    from django.urls import reverse

    from articles.models import Article
    from syndication import cursors, feed
    from syndication.models import StoryChange

    story = (
        Article.objects.published()
        .filter(case_study__isnull=False)
        .annotate(n=Count("bylines"))
        .order_by("-publish_at", "-id")
        .first()
    ) or Article.objects.published().order_by("-publish_at", "-id").first()
    listed = StoryChange.objects.filter(listed_at__isnull=False).order_by("listed_at", "id")
    # Found once with an offset, here only: the measured request reads by keyset from this position.
    middle = listed[listed.count() // 2]
    since = cursors.encode(feed.Position(middle.listed_at, middle.id, embargo=False))
    return {
        "story": reverse("syndication:story", kwargs={"id": story.pk}),
        "changes": f"{reverse('syndication:changes')}?since={since}",
    }


def serve(database_url, lines=sys.stdin, out=sys.stdout):
    django_env.setup(database_url)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from articles.models import Article
    from syndication.models import StoryChange

    with override_settings(**django_env.bench_settings()):
        urls = example_urls()
        client = Client(HTTP_AUTHORIZATION=f"Bearer {bench_token()}")
        header = {
            "database": f"{connection.vendor} {connection.settings_dict['NAME']}",
            "stories": Article.objects.count(),
            "feed_entries": StoryChange.objects.count(),
            "urls": urls,
        }
        print(json.dumps(header), file=out, flush=True)
        for line in lines:
            request = json.loads(line)
            url = urls[request["key"]]
            response = client.get(url)
            for _ in range(request["warmup"]):
                client.get(url)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            query_count = len(queries)
            timings, cpu = [], []
            for _ in range(request["runs"]):
                started, started_cpu = time.perf_counter(), time.process_time()
                client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            items = len(response.json().get("items", [])) if response.status_code == 200 else 0
            answer = {
                "status": response.status_code,
                "items": items,
                "timings_ms": timings,
                "cpu_ms": cpu,
                "queries": query_count,
            }
            print(json.dumps(answer), file=out, flush=True)


class Worker:
    def __init__(self, database_url):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.api_bench", "--worker", database_url],
            cwd=django_env.REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.header = self.answer()

    def answer(self):
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"api bench worker exited with status {self.process.wait()}")
        return json.loads(line)

    def measure(self, key, runs, warmup=0):
        self.process.stdin.write(json.dumps({"key": key, "runs": runs, "warmup": warmup}) + "\n")
        self.process.stdin.flush()
        return self.answer()

    def close(self):
        self.process.stdin.close()
        self.process.wait()


def measure(large_url, small_url, *, runs, warmup):
    workers = [Worker(large_url), Worker(small_url)]
    try:
        results = {}
        for key in TARGETS_MS:
            probes = [worker.measure(key, 1, warmup) for worker in workers]
            timings = [[], []]
            cpu = [[], []]
            for _ in range(ROUNDS):
                for index, worker in enumerate(workers):
                    answer = worker.measure(key, math.ceil(runs / ROUNDS))
                    timings[index] += answer["timings_ms"]
                    cpu[index] += answer["cpu_ms"]
            results[key] = [
                {
                    "status": probe["status"],
                    "items": probe["items"],
                    "queries": probe["queries"],
                    "median_ms": statistics.median(timings[index]),
                    "p95_ms": sorted(timings[index])[round(0.95 * (len(timings[index]) - 1))],
                    "cpu_median_ms": statistics.median(cpu[index]),
                }
                for index, probe in enumerate(probes)
            ]
        return [worker.header for worker in workers], results
    finally:
        for worker in workers:
            worker.close()


def report(headers, results):
    large, small = headers
    print(f"large: {large['database']}: {large['stories']} stories, {large['feed_entries']} feed entries")
    print(f"small: {small['database']}: {small['stories']} stories, {small['feed_entries']} feed entries")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    columns = f"{'large ms':>10}{'p95':>8}{'small ms':>10}{'ratio':>8}{'cpu ratio':>10}{'queries':>9}"
    print(f"{'request':<10}{columns}  verdict")
    passed = True
    for key, (big, little) in results.items():
        ratio = big["median_ms"] / little["median_ms"]
        cpu_ratio = big["cpu_median_ms"] / little["cpu_median_ms"]
        ok = big["status"] == little["status"] == 200 and big["median_ms"] <= TARGETS_MS[key] and ratio <= MAX_RATIO
        passed &= ok
        print(
            f"{key:<10}{big['median_ms']:>10.2f}{big['p95_ms']:>8.2f}{little['median_ms']:>10.2f}"
            f"{ratio:>8.2f}{cpu_ratio:>10.2f}{big['queries']:>5}/{little['queries']:<3}  "
            f"{'ok' if ok else 'MISSED'} (≤ {TARGETS_MS[key]} ms, ratio ≤ {MAX_RATIO}; {big['items']} items)"
        )
    return passed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--prepare", nargs="+", metavar="URL")
    parser.add_argument("--worker", metavar="URL")
    parser.add_argument("--large", default=f"sqlite:///{django_env.RESULTS / 'archive10y.sqlite3'}")
    parser.add_argument("--small", default=f"sqlite:///{django_env.RESULTS / 'archive30d.sqlite3'}")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--json", metavar="FILE", help="also write the figures to FILE")
    args = parser.parse_args(argv)
    if args.worker:
        return serve(args.worker)
    if args.prepare:
        for url in args.prepare:
            subprocess.run([sys.executable, "-m", "bench.api_bench", "--prepare-one", url], check=True)
        return None
    headers, results = measure(args.large, args.small, runs=args.runs, warmup=args.warmup)
    if args.json:
        with open(args.json, "w") as out:
            json.dump({"databases": headers, "results": results, "load": os.getloadavg()}, out, indent=2)
    return 0 if report(headers, results) else 1


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--prepare-one":
        prepare(sys.argv[2])
    else:
        sys.exit(main())
