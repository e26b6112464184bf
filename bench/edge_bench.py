"""
The edge cache under load: Varnish in front of gunicorn on loopback — issue 19's edge table.

    .venv/bin/python bench/edge_bench.py [--database-url URL] [--runs 3] [--seconds 10] [--burst-seconds 60]

Serves the site with gunicorn (2 sync workers, production settings, the reader
cache on, Redis when it answers) behind varnishd started by deploy/varnish/start,
the app purging it after each change. Measures with wrk (Debian's package):

1. throughput, the runs taken in turns and each figure the median of --runs:
   the origin's static file (gunicorn straight), the origin's cached article,
   and the cached article through Varnish; the ratio of the last to the first
   (target: at least 5×);
2. latency at 1,000 concurrent connections on the cached article through
   Varnish (target: p99 at most 20 ms), several ways. Readers: each of the
   1,000 connections asks again a random --pace-ms ± half after its answer
   (given once or more; by default 1,000 ms, a page a second, already faster
   than anyone reads, about 1,000 requests a second in all; and 100 ms, ten
   pages a second each, about 10,000 in all). Both targets at once: the
   1,000 readers paced so that together they ask at least 5× what the origin's
   static file answered in the same round (each pause 1,000 ÷ (5.5 × that
   rate) ± half), the verdict on the rate reached and its p99.
   Saturated: each asks again the moment it is answered (wrk's default), which
   measures throughput; there every request waits behind the 999 others, so
   the mean latency is 1,000 ÷ the throughput (Little's law) and p99 ≤ 20 ms
   would take over 50,000 req/s from the two cores wrk shares with varnishd;
3. a burst of 2,000 readers for --burst-seconds over the front page, the
   edition, a page, stories and a department, while an editor publishes a story
   through the admin (through Varnish, signed in) and withdraws it, again and
   again; errors are wrk's socket errors and non-2xx answers (target: 0). After
   each withdraw a checker asks the story's page, the front page, the edition,
   the department and the feed through Varnish: a page still showing the story
   1 s after the withdraw returned is stale (target: 0), and the time until the
   last of them no longer showed it is reported.

Prints the machine and the load average before and after: the machine is shared.
Without --database-url it builds the demo edition in a scratch SQLite database.
"""

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.http_bench import load_average, machine, site_env, to_ms, verdict  # noqa: E402
from bench.stack import Browser, free_port, gunicorn, manage  # noqa: E402
from bench.varnish import fetch, varnish  # noqa: E402

HEADLINE = "边缘缓存压测稿件"
# Threads for thousands of readers at once: started up front, and a queue long enough for a burst of
# new connections (varnishd's defaults, 100 threads a pool and a queue of 20, drop connections beyond).
THOUSANDS_OF_READERS = ("thread_pool_min=1000", "thread_pool_max=5000", "thread_queue_limit=2000", "listen_depth=4096")


def wrk(url, seconds, connections, threads=2, script=None, timeout="5s"):
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", f"--timeout={timeout}", "--latency"]
    # As every browser asks: the edge keeps pages compressed and sends them so.
    command += ["-H", "Accept-Encoding: gzip, deflate, br"]
    if script:
        command += ["-s", script]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "p50_ms": to_ms(re.search(r"50%\s+([\d.]+)(us|ms|s)", output)),
        "p99_ms": to_ms(re.search(r"99%\s+([\d.]+)(us|ms|s)", output)),
        "errors": sum(int(n) for n in socket_errors.groups()) if socket_errors else 0,
        "socket_errors": socket_errors.group(0) if socket_errors else "no socket errors",
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
    }


def median_of(runs):
    return {key: statistics.median(run[key] for run in runs) for key in runs[0] if key != "socket_errors"}


def rotation_script(paths, directory):
    """A wrk script asking each path in turn (one reader's connection after another's)."""
    listed = ", ".join(f'"{path}"' for path in paths)
    script = Path(directory) / "rotate.lua"
    script.write_text(
        f"local paths = {{{listed}}}\n"
        "local n = 0\n"
        "request = function()\n"
        "  n = n + 1\n"
        "  return wrk.format(nil, paths[n % #paths + 1])\n"
        "end\n"
    )
    return str(script)


def paced_script(pace_ms, directory):
    """A wrk script whose connections each wait pace_ms ± half (uniformly) before asking again."""
    script = Path(directory) / f"paced-{pace_ms}.lua"
    low, high = pace_ms // 2, pace_ms + pace_ms // 2
    script.write_text(f"delay = function()\n  return math.random({low}, {high})\nend\n")
    return str(script)


def five_times_pace(static_rps, connections=1000):
    """The pause (ms) after which each of `connections` readers asks again, so that together they ask 5× static_rps.

    Aimed at 5.5×: the answer's own time and wrk's whole milliseconds come on top of each pause.
    """
    return max(2, int(connections * 1000 / (5.5 * static_rps)))


def make_story(env):
    code = (
        "from articles.models import Article; from departments.models import Department; "
        "from editions.models import Issue; "
        "page = Issue.objects.order_by('-date').first().pages.order_by('number').first(); "
        f"a = Article.objects.create(headline='{HEADLINE}', body='<p>正文。</p>', status='approved', page=page, "
        "page_position=99, department=Department.objects.order_by('pk').first()); "
        "print(a.pk, a.department.slug, page.issue.date.strftime('%Y/%m/%d'), page.number)"
    )
    pk, slug, date, number = manage(env, "shell", "-c", code).split()[-4:]
    return int(pk), slug, date, int(number)


class Editor(threading.Thread):
    """Publishes the story through the admin, waits, withdraws it, and checks the pages 1 s after each withdraw."""

    def __init__(self, edge, story, pages, every, until):
        super().__init__(daemon=True)
        self.edge, self.story, self.pages, self.every, self.until = edge, story, pages, every, until
        self.withdrawals, self.stale, self.gone_after, self.failures = 0, 0, [], []

    def shows(self, path):
        status, _, body = fetch(self.edge, path)
        return status == 200 and HEADLINE in body.decode("utf-8", "replace")

    def run(self):
        editor = Browser(self.edge).log_in()
        admin = f"/admin/articles/article/{self.story}/transition/"
        while time.monotonic() < self.until - self.every:
            status, _ = editor.post(admin + "publish/", {"comment": ""})
            if status != 200:
                self.failures.append(f"publish answered {status}")
            time.sleep(self.every / 2)
            status, _ = editor.post(admin + "withdraw/", {"comment": ""})
            withdrawn = time.monotonic()
            if status != 200:
                self.failures.append(f"withdraw answered {status}")
            self.withdrawals += 1
            showing = set(self.pages)
            while showing and time.monotonic() - withdrawn < 1:
                showing = {path for path in showing if self.shows(path)}
                if showing:
                    time.sleep(0.02)
            self.gone_after.append(time.monotonic() - withdrawn)
            # Past the second: any page still showing it is stale.
            self.stale += sum(1 for path in self.pages if self.shows(path))
            time.sleep(max(0, self.every / 2 - (time.monotonic() - withdrawn)))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--burst-seconds", type=int, default=60)
    parser.add_argument("--readers", type=int, default=2000)
    parser.add_argument("--every", type=float, default=5.0, help="seconds between one publish and the next")
    parser.add_argument(
        "--pace-ms", type=int, action="append", help="a reader's pause between pages, ± half (default: 1000 and 100)"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: make bench-deps")
    # 2,000 readers on loopback: a socket at each end, and Varnish's own.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 65536)), hard))

    tmp = Path(tempfile.mkdtemp(prefix="bulletin-edge-bench-"))
    env = site_env(args, tmp)
    if args.database_url:
        manage(env, "load_demo_edition")  # a story page to publish on, whatever the archive holds
    loads = [load_average()]
    port, secret = free_port(), uuid.uuid4().hex
    env.update(EDGE_PURGE_URLS=f"http://127.0.0.1:{port}/", EDGE_PURGE_SECRET=secret, READER_CACHE_SECONDS="300")
    manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth.models import Group, User; "
        "u, _ = User.objects.get_or_create(username='nightdesk', defaults={'is_staff': True}); "
        "u.set_password('night-desk-password'); u.is_staff = True; u.save(); "
        "u.groups.add(Group.objects.get(name='编辑'))",
    )
    story, slug, date, number = make_story(env)
    with ExitStack() as stack:
        origin, _ = stack.enter_context(gunicorn(env, workers=2))
        edge = stack.enter_context(varnish(port, [origin], secret, memory="256m", params=THOUSANDS_OF_READERS))
        html = Browser(origin).get("/")[1]
        article = re.search(r'href="(/articles/\d+/)"', html).group(1)
        static = re.search(r'href="(/static/css/site\.[0-9a-f]+\.css)"', html).group(1)
        targets = {
            "origin: static file": origin + static,
            "origin: cached article": origin + article,
            "edge: cached article": edge + article,
        }
        for url in targets.values():
            urllib.request.urlopen(url).read()  # fill the caches
        rounds = {name: [] for name in targets}
        paces = args.pace_ms or [1000, 100]
        latency, paced = [], {pace: [] for pace in paces}
        pacing = {pace: paced_script(pace, tmp) for pace in paces}
        at_five_times = []
        for _ in range(args.runs):
            for name, url in targets.items():
                rounds[name].append(wrk(url, args.seconds, 50))
            # Both targets at once: 1,000 readers who together ask at least 5x what the origin's static file answered.
            five_pace = five_times_pace(rounds["origin: static file"][-1]["rps"])
            at_five_times.append(
                wrk(edge + article, args.seconds, 1000, timeout="2s", script=paced_script(five_pace, tmp))
            )
            for pace in paces:
                paced[pace].append(wrk(edge + article, args.seconds, 1000, timeout="2s", script=pacing[pace]))
            latency.append(wrk(edge + article, args.seconds, 1000, timeout="2s"))
            loads.append(load_average())
        results = {name: median_of(runs) for name, runs in rounds.items()}
        at_1000 = median_of(latency)
        five = median_of(at_five_times)

        stories = sorted(set(re.findall(r'href="(/articles/\d+/)"', html)) - {f"/articles/{story}/"})
        reader_paths = ["/", f"/{date}/", f"/{date}/{number}/", f"/departments/{slug}/", *stories[:6]]
        checked = [f"/articles/{story}/", "/", f"/{date}/", f"/{date}/{number}/", f"/departments/{slug}/"]
        checked.append("/articles/feed/rss/")
        editor = Editor(edge, story, checked, args.every, time.monotonic() + args.burst_seconds)
        editor.start()
        burst = wrk(edge + "/", args.burst_seconds, args.readers, script=rotation_script(reader_paths, tmp))
        editor.join(args.every * 2)
        loads.append(load_average())

    static_rps = results["origin: static file"]["rps"]
    print(f"\nThe edge on loopback: {article}, gunicorn 2 sync workers behind varnishd (deploy/varnish/start)")
    print(f"{machine()}; load average {' → '.join(loads)}")
    print(f"wrk -t2 -c50 -d{args.seconds}s, median of {args.runs} runs taken in turns")
    print(f"{'target':<26}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'errors':>8}{'÷ static':>10}")
    for name, r in results.items():
        ratio = r["rps"] / static_rps
        errors = r["errors"] + r["non_2xx"]
        print(f"{name:<26}{r['rps']:>10.0f}{r['p50_ms']:>10.2f}{r['p99_ms']:>10.2f}{errors:>8.0f}{ratio:>10.2f}")
    edge_ratio = results["edge: cached article"]["rps"] / static_rps
    print(f"\nedge cached article ÷ origin static file: {edge_ratio:.1f}× (target ≥ 5×: {verdict(edge_ratio >= 5)})")
    for pace, runs in paced.items():
        readers = median_of(runs)
        print(
            f"edge cached article, 1,000 readers each asking again after {pace // 2}–{pace + pace // 2} ms "
            f"(wrk -c1000, median of {args.runs}): {readers['rps']:.0f} req/s, p50 {readers['p50_ms']:.2f} ms, "
            f"p99 {readers['p99_ms']:.2f} ms, errors {readers['errors'] + readers['non_2xx']:.0f} "
            f"(target p99 ≤ 20 ms: {verdict(readers['p99_ms'] <= 20)})"
        )
    five_ratio = five["rps"] / static_rps
    print(
        f"edge cached article, 1,000 readers together asking 5× the origin's static file (wrk -c1000, each "
        f"pausing 1,000 ÷ (5.5 × static req/s) ± half, median of {args.runs}): {five['rps']:.0f} req/s = "
        f"{five_ratio:.1f}× static, p50 {five['p50_ms']:.2f} ms, p99 {five['p99_ms']:.2f} ms, errors "
        f"{five['errors'] + five['non_2xx']:.0f} (target ≥ 5× with p99 ≤ 20 ms: "
        f"{verdict(five_ratio >= 5 and five['p99_ms'] <= 20)})"
    )
    print(
        f"edge cached article, 1,000 connections saturated (wrk -c1000, median of {args.runs}): "
        f"{at_1000['rps']:.0f} req/s, p50 {at_1000['p50_ms']:.2f} ms, p99 {at_1000['p99_ms']:.2f} ms, "
        f"errors {at_1000['errors'] + at_1000['non_2xx']:.0f}; Little's law puts the mean at "
        f"1,000 ÷ {at_1000['rps']:.0f} req/s = {1000 / at_1000['rps'] * 1000:.0f} ms"
    )
    errors = burst["errors"] + burst["non_2xx"]
    print(
        f"burst: {args.readers:,} readers for {args.burst_seconds} s over {len(reader_paths)} pages, "
        f"{burst['requests']:,} requests ({burst['rps']:.0f} req/s), p99 {burst['p99_ms']:.2f} ms, "
        f"errors {errors} (target 0: {verdict(errors == 0)}; {burst['socket_errors']}, non-2xx {burst['non_2xx']})"
    )
    gone = editor.gone_after
    print(
        f"editor: {editor.withdrawals} publish+withdraw cycles through the admin every {args.every:g} s; "
        f"gone from {len(checked)} pages after median {statistics.median(gone) * 1000 if gone else 0:.0f} ms, "
        f"max {max(gone, default=0) * 1000:.0f} ms; stale pages 1 s after a withdraw: {editor.stale} "
        f"(target 0: {verdict(editor.stale == 0 and bool(gone))})"
    )
    if editor.failures:
        print("editor's failures:", "; ".join(editor.failures))
    shutil.rmtree(tmp, ignore_errors=True)
    os.environ.pop("REDIS_URL", None)


if __name__ == "__main__":
    main()
