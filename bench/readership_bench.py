"""
What counting views costs, and whether it loses one under load (issue 17's 热门 targets).

    .venv/bin/python bench/readership_bench.py [--runs 2000] [--readers 200] [--seconds 20] [--database-url URL]

Builds the demo edition in a scratch database (SQLite, or a new PostgreSQL
database when --database-url names one) with production settings and Redis
(needed: counting without Redis is the development fallback), then:

(a) The cost of counting, in this process, through the site's WSGI application
    as gunicorn calls it (bulletin.wsgi, reader cache and its fast path on):
    the median of --runs requests of the beacon (POST /readership/seen/<id>/)
    against the median of the cached story page; what the script tag adds to
    the page (bytes, and the time to draw it when the page is not cached); the
    script file's size. A cached page is served as stored, so the beacon is
    what counting adds to each view of it. Target: at most 0.2 ms.

(b) The load test: gunicorn (2 sync workers) and --readers concurrent readers
    for --seconds, each reading a story page and then sending its beacon, as a
    browser does; one beacon in 20 says it is Baiduspider and one in 20 names a
    draft, neither of which may be counted. The counts are flushed every second
    while the readers run, and once more at the end. Every beacon answered 204
    for a live story must be in the database: per story, views sent = views
    counted.

Prints medians, ratios, the load average, and a verdict for each target.
"""

import argparse
import asyncio
import collections
import io
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.stack import gunicorn, prepare_site, production_env, redis_answers, scratch_database  # noqa: E402

CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
BAIDU = "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"
TARGET_MS = 0.2


def verdict(met):
    return "met" if met else "missed"


def load_average():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def environ(method, path, user_agent=CHROME):
    return {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_USER_AGENT": user_agent,
        "HTTP_ACCEPT": "text/html",
        "REMOTE_ADDR": "127.0.0.1",
        "CONTENT_LENGTH": "0",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def call(application, method, path):
    """(status, body) of one request through the WSGI application, as gunicorn would make it."""
    status = []
    body = b"".join(application(environ(method, path), lambda s, headers, exc_info=None: status.append(s)))
    return int(status[0].split()[0]), body


def median_ms(action, runs, clock=time.perf_counter):
    times = []
    for _ in range(runs):
        started = clock()
        action()
        times.append(clock() - started)
    return 1000 * statistics.median(times)


def in_process_costs(runs):
    """(a): medians in ms of the beacon and the cached page; what the tag adds to the page."""
    from django.contrib.staticfiles import finders

    from articles.models import Article
    from bulletin.wsgi import application
    from readership import counting
    from readership.models import StoryViews
    from readership.templatetags.readership import view_beacon

    story = Article.objects.published().order_by("pk").first()
    page_path = story.get_absolute_url()
    beacon_path = f"/readership/seen/{story.pk}/"
    status, page = call(application, "GET", page_path)  # drawn and stored in the reader cache
    assert status == 200, status
    assert call(application, "GET", page_path)[0] == 200
    tag = view_beacon({}, story)
    assert tag.encode() in page, "the story page carries the beacon's script tag"
    for _ in range(50):  # warm-up: connections, prepared statements, Python's caches
        call(application, "GET", page_path)
        call(application, "POST", beacon_path)
    counting.flush()
    before = sum(StoryViews.objects.filter(story=story).values_list("views", flat=True))

    # Wall-clock time, and this thread's CPU time, which a machine busy with other work does not inflate
    # (it leaves out the wait for Redis, the same one round trip for both).
    rounds = collections.defaultdict(list)
    requests = {
        "cached page": lambda: call(application, "GET", page_path),
        "beacon": lambda: call(application, "POST", beacon_path),
    }
    for _ in range(5):  # in turns, so load from elsewhere falls on both alike
        for clock_name, clock in (("wall", time.perf_counter), ("cpu", time.thread_time)):
            for name, request in requests.items():
                rounds[f"{name} {clock_name} ms"].append(median_ms(request, runs // 10, clock))
    counting.flush()
    counted = sum(StoryViews.objects.filter(story=story).values_list("views", flat=True)) - before
    tag_render_ms = median_ms(lambda: view_beacon({}, story), runs)
    script = Path(finders.find("readership/count_view.js")).read_bytes()
    return {
        **{name: statistics.median(values) for name, values in rounds.items()},
        "beacons counted": f"{counted} of {(runs // 10) * 10}",
        "page bytes": len(page),
        "tag bytes": len(tag.encode()),
        "tag render ms (uncached page only)": tag_render_ms,
        "script bytes (fetched once, then from the browser's cache)": len(script),
    }


async def request(host, port, method, path, user_agent, timeout=60):
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    try:
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n"
            f"User-Agent: {user_agent}\r\nContent-Length: 0\r\n\r\n"
        )
        writer.write(head.encode())
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()
    return int(raw.split(b" ", 2)[1])


async def readers_run(base, stories, draft, *, readers, seconds):
    """Readers reading a story and sending its beacon; the beacons answered 204, by what they were."""
    url = urllib.parse.urlsplit(base)
    deadline = time.monotonic() + seconds
    sent = {"live": collections.Counter(), "robot": 0, "draft": 0, "pages": 0, "failed": 0}
    errors = []

    async def reader():
        while time.monotonic() < deadline:
            story = random.choice(stories)
            kind, pk, user_agent = "live", story, CHROME
            roll = random.random()
            if roll < 0.05:
                kind, user_agent = "robot", BAIDU
            elif roll < 0.10:
                kind, pk = "draft", draft
            try:
                if await request(url.hostname, url.port, "GET", f"/articles/{story}/", user_agent) == 200:
                    sent["pages"] += 1
                status = await request(url.hostname, url.port, "POST", f"/readership/seen/{pk}/", user_agent)
            except Exception as error:  # a refused or dropped connection: not a view sent
                sent["failed"] += 1
                errors.append(f"{type(error).__name__}: {error}")
                continue
            if status != 204:
                sent["failed"] += 1
                errors.append(f"HTTP {status}")
            elif kind == "live":
                sent["live"][story] += 1
            else:
                sent[kind] += 1

    started = time.monotonic()
    await asyncio.gather(*(reader() for _ in range(readers)))
    return sent, errors[:5], time.monotonic() - started


def flushing_every_second(stop):
    from django.db import connection

    from readership import counting

    flushes = 0
    while not stop.wait(1.0):
        counting.flush()
        flushes += 1
    connection.close()
    return flushes


def load_test(env, *, readers, seconds):
    """(b): views sent (204 received) against views counted, per story."""
    from articles.models import Article
    from readership import counting
    from readership.models import StoryViews

    stories = list(Article.objects.published().values_list("pk", flat=True))
    draft = Article.objects.create(headline="压力测试用的草稿", body="<p>正文。</p>").pk
    counting.flush()
    already = {}  # views of earlier runs in this database (part (a)'s beacons)
    for row in StoryViews.objects.values("story_id", "views"):
        already[row["story_id"]] = already.get(row["story_id"], 0) + row["views"]
    stop = threading.Event()
    flusher = threading.Thread(target=flushing_every_second, args=(stop,))
    with gunicorn(env, workers=2) as (base, _):
        flusher.start()
        load_before = load_average()
        sent, errors, elapsed = asyncio.run(readers_run(base, stories, draft, readers=readers, seconds=seconds))
        load_after = load_average()
        stop.set()
        flusher.join()
    counting.flush()
    counted = collections.Counter()
    for row in StoryViews.objects.values("story_id", "views"):
        counted[row["story_id"]] += row["views"]
    for story, views in already.items():
        counted[story] -= views
    counted = +counted  # drop the stories that gained nothing
    live_sent = sum(sent["live"].values())
    return {
        "readers": readers,
        "seconds": round(elapsed, 1),
        "story pages read": sent["pages"],
        "beacons answered 204 (live stories)": live_sent,
        "views counted": sum(counted.values()),
        "stories whose count differs": sorted(
            set(sent["live"]) ^ set(counted) | {s for s in sent["live"] if sent["live"][s] != counted[s]}
        ),
        # Robots' beacons name live stories: had any been counted, those stories' counts would differ.
        "robot beacons sent": sent["robot"],
        "draft beacons sent / counted": f"{sent['draft']} / {counted.get(draft, 0)}",
        "beacons per second": round((live_sent + sent["robot"] + sent["draft"]) / elapsed, 1),
        "failed requests": sent["failed"],
        "error samples": errors,
        "load average before / after": f"{load_before} / {load_after}",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--readers", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    args = parser.parse_args()
    if not redis_answers():
        sys.exit("Redis must answer on 127.0.0.1:6379: counting without it is the development fallback.")
    tmp = Path(tempfile.mkdtemp(prefix="bulletin-readership-"))
    with scratch_database(args.database_url, tmp) as database_url:
        env = production_env(database_url, tmp, redis_url="redis://127.0.0.1:6379/8")
        prepare_site(env)
        os.environ.update(env)
        import django

        django.setup()
        print(f"load average at the start: {load_average()} ({os.cpu_count()} cores); {env['DATABASE_URL'][:10]}…")
        costs = in_process_costs(args.runs)
        for name in ("wall", "cpu"):
            costs[f"beacon ÷ cached page ({name})"] = costs[f"beacon {name} ms"] / costs[f"cached page {name} ms"]
        print(json.dumps({key: round(v, 4) if isinstance(v, float) else v for key, v in costs.items()}, indent=2))
        print(f"load average after (a): {load_average()}")
        for name in ("wall", "cpu"):
            added = costs[f"beacon {name} ms"]
            print(f"counting adds {added:.3f} ms per view, {name} (target ≤ {TARGET_MS}):", verdict(added <= TARGET_MS))
        from django.db import connections

        connections.close_all()
        result = load_test(env, readers=args.readers, seconds=args.seconds)
        print(json.dumps(result, ensure_ascii=False, indent=2))
        lost = result["beacons answered 204 (live stories)"] - result["views counted"]
        ok = (
            not lost
            and not result["stories whose count differs"]
            and result["draft beacons sent / counted"].endswith(" / 0")
        )
        print(f"views lost under {args.readers} readers: {lost} (target 0):", "met" if ok else "missed")
        sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
